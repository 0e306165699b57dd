"""The HTTP adapter against a real loopback server that misbehaves on purpose."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from accounts_bridge.adapters.http import HttpCore
from core_contract import (
    AlreadyCancelled,
    CoreError,
    NotFound,
    PersonName,
    Unauthorized,
    Unavailable,
)

ESTABLISHMENT = {
    "siret": "73282932000074",
    "siren": "732829320",
    "name": "Siège",
    "company_name": "Boulangerie Durand",
    "enrolment_type": "multi",
    "enrolment_status": "active",
}
REMOVAL = {
    "siret": "73282932000074",
    "removed": {"last_name": "Lefèvre", "first_name": "Jean-François"},
    "beneficiary": {"last_name": "Durand", "first_name": "Alice"},
    "transferred_rights": 1,
}


class Script:
    """What the fake core answers, one entry per request: (status, body) or ("sleep", s)."""

    def __init__(self, *answers: tuple) -> None:
        self.answers = list(answers)
        self.requests: list[dict] = []


@contextmanager
def fake_core(script: Script) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            script.requests.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "headers": dict(self.headers),
                    "body": self.rfile.read(length).decode() if length else "",
                }
            )
            answer = script.answers.pop(0) if len(script.answers) > 1 else script.answers[0]
            if answer[0] == "sleep":
                time.sleep(answer[1])
                answer = (200, ESTABLISHMENT)
            status, body = answer
            payload = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/v1"
    finally:
        server.shutdown()
        server.server_close()


def adapter(url: str, *, timeout: float = 2.0) -> HttpCore:
    return HttpCore(base_url=url, token="secret", timeout=timeout, backoff=0.01)


def test_it_retries_a_5xx_and_returns_the_answer_that_follows():
    script = Script((503, {}), (200, ESTABLISHMENT))
    with fake_core(script) as url:
        establishment = adapter(url).find_establishment("73282932000074")

    assert establishment.company_name == "Boulangerie Durand"
    assert len(script.requests) == 2


def test_a_retried_write_carries_the_same_idempotency_key_and_the_credential():
    script = Script((502, {}), (500, {}), (200, REMOVAL))
    with fake_core(script) as url:
        result = adapter(url).remove_administrator(
            siret="73282932000074",
            removed=PersonName("Lefèvre", "Jean-François"),
            beneficiary=PersonName("Durand", "Alice"),
            idempotency_key="removal-42",
        )

    assert result.transferred_rights == 1
    assert [r["headers"]["Idempotency-Key"] for r in script.requests] == ["removal-42"] * 3
    assert {r["headers"]["Authorization"] for r in script.requests} == {"Bearer secret"}
    assert json.loads(script.requests[0]["body"])["removed"]["last_name"] == "Lefèvre"


def test_it_gives_up_as_unavailable_after_its_attempts():
    script = Script((503, {}))
    with fake_core(script) as url, pytest.raises(Unavailable) as caught:
        adapter(url).find_establishment("73282932000074")

    assert len(script.requests) == 3
    assert caught.value.retryable is True
    assert caught.value.message.startswith("Le service des comptes est momentanément")


def test_a_typed_error_is_mapped_and_never_retried():
    error = {"code": "already_cancelled", "message": "Déjà résiliée.", "retryable": False}
    script = Script((409, error))
    with fake_core(script) as url, pytest.raises(AlreadyCancelled) as caught:
        adapter(url).cancel_enrolment(scope="company", identifier="732829320", idempotency_key="c")

    assert caught.value.message == "Déjà résiliée."
    assert len(script.requests) == 1


def test_a_404_without_a_typed_body_is_still_an_error():
    script = Script((404, "introuvable"))
    with fake_core(script) as url, pytest.raises(CoreError) as caught:
        adapter(url).find_establishment("73282932000074")

    assert not isinstance(caught.value, NotFound)
    assert "404" in caught.value.message


def test_a_refused_credential_is_unauthorized():
    error = {"code": "unauthorized", "message": "Non autorisé.", "retryable": False}
    with fake_core(Script((401, error))) as url, pytest.raises(Unauthorized):
        adapter(url).find_establishment("73282932000074")


def test_a_slow_core_is_unavailable_within_the_adapters_timeout():
    script = Script(("sleep", 3))
    with fake_core(script) as url:
        started = time.monotonic()
        with pytest.raises(Unavailable):
            adapter(url, timeout=0.5).find_establishment("73282932000074")
        elapsed = time.monotonic() - started

    assert elapsed < 1.0


def test_an_unreachable_core_is_unavailable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on that port any more: connection refused at once, on every attempt.
    with pytest.raises(Unavailable):
        adapter(f"http://127.0.0.1:{port}/api/v1", timeout=1).find_establishment("73282932000074")


def test_identifiers_cannot_escape_their_path_segment():
    script = Script((200, ESTABLISHMENT))
    with fake_core(script) as url:
        adapter(url).find_establishment("../companies/1")

    assert script.requests[0]["path"] == "/api/v1/establishments/..%2Fcompanies%2F1"
