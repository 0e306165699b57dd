"""Failure tests of §3 seen through the outbox: a misbehaving core over HTTP, SMTP down.

Everything is loopback and bounded: the outbox is driven by hand (dispatch, execute) with
zero backoff, so each "attempt" is one call of the consumer.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.mail import EmailMessage
from django.db import transaction

from accounts_bridge.adapters.http import HttpCore
from core_contract import PersonName
from outbox import services
from outbox.models import OutboxEffect
from outbox.relay import effects_dispatch_due
from tests.accounts_bridge.adapters.test_http import REMOVAL, Script, fake_core

pytestmark = pytest.mark.django_db
Status = OutboxEffect.Status


@pytest.fixture(autouse=True)
def no_backoff(settings):
    settings.GUICHET_OUTBOX_BACKOFF_BASE_SECONDS = 0
    settings.GUICHET_OUTBOX_BACKOFF_MAX_SECONDS = 0
    settings.GUICHET_OUTBOX_MAX_ATTEMPTS = 5


def enqueue(kind: str, key: str = "removal-42") -> OutboxEffect:
    with transaction.atomic():
        return services.effect_enqueue(
            kind=kind, idempotency_key=key, payload={}, subject_ref="request:42"
        )


def attempt(effect: OutboxEffect) -> str:
    assert effects_dispatch_due(publish=lambda pk: None) == 1
    return services.effect_execute(effect_id=effect.pk)


def removal_over_http(url: str, *, timeout: float = 2.0):
    def handler(effect: OutboxEffect) -> dict:
        core = HttpCore(base_url=url, token="secret", timeout=timeout, max_attempts=1, backoff=0)
        result = core.remove_administrator(
            siret="73282932000074",
            removed=PersonName("Lefèvre", "Jean-François"),
            beneficiary=PersonName("Durand", "Alice"),
            idempotency_key=effect.idempotency_key,
        )
        return {"transferred_rights": result.transferred_rights}

    return handler


def test_a_core_failing_three_times_then_ok_is_retried_and_done_with_one_key(register_handler):
    script = Script((503, {}), (502, {}), (500, {}), (200, REMOVAL))
    with fake_core(script) as url:
        register_handler("test.http_removal", removal_over_http(url))
        effect = enqueue("test.http_removal")
        outcomes = [attempt(effect) for _ in range(4)]

    effect.refresh_from_db()
    assert outcomes == ["retry", "retry", "retry", "done"]
    assert effect.status == Status.DONE
    assert effect.result == {"transferred_rights": 1}
    assert [r["headers"]["Idempotency-Key"] for r in script.requests] == ["removal-42"] * 4


def test_a_core_slower_than_the_read_timeout_is_retried_not_killed(register_handler):
    script = Script(("sleep", 1.0), (200, REMOVAL))
    with fake_core(script) as url:
        register_handler("test.http_removal", removal_over_http(url, timeout=0.2))
        effect = enqueue("test.http_removal")
        first = attempt(effect)
        effect.refresh_from_db()
        assert effect.status == Status.PENDING
        assert "momentanément" in effect.last_error
        second = attempt(effect)

    effect.refresh_from_db()
    assert (first, second) == ("retry", "done")
    assert effect.attempts == 2


def test_a_core_refusing_with_a_4xx_kills_the_effect_at_once(register_handler):
    refusal = {"code": "not_an_administrator", "message": "Pas administrateur.", "retryable": False}
    script = Script((422, refusal))
    with fake_core(script) as url:
        register_handler("test.http_removal", removal_over_http(url))
        effect = enqueue("test.http_removal")
        outcome = attempt(effect)

    effect.refresh_from_db()
    assert outcome == "dead"
    assert effect.attempts == 1
    assert len(script.requests) == 1
    assert "Pas administrateur." in effect.last_error


class SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: EHLO, MAIL, RCPT, DATA, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 loopback ESMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 loopback")
            elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 go ahead")
                body = b""
                while (chunk := self.rfile.readline()) and chunk != b".\r\n":
                    body += chunk
                self.server.messages.append(body.decode(errors="replace"))  # type: ignore[attr-defined]
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


@contextmanager
def smtp_server(port: int) -> Iterator[list[str]]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", port), SmtpHandler)
    server.daemon_threads = True
    server.messages = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02})
    thread.daemon = True
    thread.start()
    try:
        yield server.messages  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_e_mail_waits_while_smtp_is_down_and_is_sent_once_it_is_back(register_handler, settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""

    def send(effect: OutboxEffect) -> dict:
        EmailMessage("Votre demande DEM-1", "Bonjour.", to=["alice@example.com"]).send()
        return {"to": "alice"}

    register_handler("test.email", send)
    effect = enqueue("test.email", key="mail-1")

    down = [attempt(effect) for _ in range(2)]
    effect.refresh_from_db()
    assert down == ["retry", "retry"]
    assert effect.status == Status.PENDING
    assert "Connection" in effect.last_error or "refused" in effect.last_error.lower()

    with smtp_server(port) as received:
        assert attempt(effect) == "done"

    assert len(received) == 1
    assert "alice@example.com" in received[0]


def test_a_mail_server_that_never_answers_is_a_timeout_retried_later(register_handler, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 0.3
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # connections are queued, never greeted
        settings.EMAIL_HOST, settings.EMAIL_PORT = silent.getsockname()

        def send(effect: OutboxEffect) -> None:
            EmailMessage("Votre demande DEM-1", "Bonjour.", to=["alice@example.com"]).send()

        register_handler("test.email", send)
        effect = enqueue("test.email", key="mail-2")

        assert attempt(effect) == "retry"

    effect.refresh_from_db()
    assert effect.status == Status.PENDING
    assert "timed out" in effect.last_error


def test_the_mail_server_timeout_is_bounded_by_default():
    from django.conf import settings

    assert 0 < settings.EMAIL_TIMEOUT <= 30


@contextmanager
def database_down() -> Iterator[None]:
    """The default connection points at a loopback port where nothing listens."""
    from django.db import connection

    connection.close()
    saved = connection.settings_dict.copy()
    connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": str(free_port())})
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_an_effect_whose_task_meets_a_dead_database_runs_once_it_is_back(register_handler):
    from django.db import OperationalError

    from outbox.relay import effects_requeue_stuck
    from outbox.tasks import run_effect

    calls: list[int] = []

    def handler(effect: OutboxEffect) -> dict:
        calls.append(effect.pk)
        return {"ok": True}

    register_handler("test.ok", handler)
    effect = enqueue("test.ok", key="db-outage")
    assert effects_dispatch_due(publish=lambda pk: None) == 1

    with database_down(), pytest.raises(OperationalError):
        run_effect(effect.pk)  # what the worker does with the delivered id

    effect.refresh_from_db()
    assert (effect.status, effect.attempts, calls) == (Status.DISPATCHED, 0, [])
    assert effects_requeue_stuck(stuck_after=timedelta(0)) == 1
    assert attempt(effect) == "done"
    assert calls == [effect.pk]
