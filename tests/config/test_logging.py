"""One JSON line per request, carrying the request id, through the handler settings configure."""

from __future__ import annotations

import io
import json
import logging

import pytest
from pythonjsonlogger.json import JsonFormatter


@pytest.fixture
def log_lines():
    """What the configured console handler writes, as parsed JSON lines."""
    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)
    )
    stream = io.StringIO()
    assert isinstance(handler, logging.StreamHandler)
    previous = handler.setStream(stream)
    lines: list[dict] = []

    def read() -> list[dict]:
        lines[:] = [json.loads(line) for line in stream.getvalue().splitlines()]
        return lines

    yield read
    handler.setStream(previous)


def request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line.get("logger") == "guichet.request"]


def test_each_request_writes_one_json_line_with_its_request_id(client, db, log_lines):
    response = client.get("/compte/connexion/")

    (line,) = request_lines(log_lines())
    assert line["message"] == "request"
    assert line["level"] == "INFO"
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert (line["method"], line["path"], line["status"]) == ("GET", "/compte/connexion/", 200)
    assert line["user_id"] is None
    assert "time" in line


def test_the_line_names_the_signed_in_user_by_id_only(client, alice, log_lines):
    client.force_login(alice)

    client.get("/compte/connexion/")

    (line,) = request_lines(log_lines())
    assert line["user_id"] == alice.pk
    assert "alice@example.com" not in json.dumps(line)


def test_a_well_formed_incoming_request_id_is_kept(client, db, log_lines):
    response = client.get("/", HTTP_X_REQUEST_ID="edge-proxy-0123456789")

    assert response["X-Request-ID"] == "edge-proxy-0123456789"
    (line,) = request_lines(log_lines())
    assert line["request_id"] == "edge-proxy-0123456789"


@pytest.mark.parametrize(
    "incoming", ["short", "x" * 65, "has spaces in it", "new\nline-0123456789", '"quoted"-0123456']
)
def test_a_malformed_incoming_request_id_is_replaced(client, db, log_lines, incoming):
    response = client.get("/", HTTP_X_REQUEST_ID=incoming)

    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32
    (line,) = request_lines(log_lines())
    assert line["request_id"] == response["X-Request-ID"]


def test_two_requests_get_two_ids(client, db, log_lines):
    client.get("/")
    client.get("/")

    first, second = request_lines(log_lines())
    assert first["request_id"] != second["request_id"]


def test_logs_written_while_handling_a_request_carry_its_id(client, db, log_lines, settings):
    """Any logger, not only the request line: here the registration service's own line."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    response = client.post(
        "/compte/inscription/",
        {
            "email": "nina@example.com",
            "password1": "Un-mot-de-passe-solide-42",
            "password2": "Un-mot-de-passe-solide-42",
            "last_name": "Lemaire",
            "first_name": "Nina",
            "profile": "other",
            "siret": "73282932000074",
        },
    )

    lines = log_lines()
    registered = [line for line in lines if line["message"] == "user registered"]
    assert len(registered) == 1
    assert registered[0]["request_id"] == response["X-Request-ID"]
    assert "nina@example.com" not in json.dumps(lines)


def test_outside_a_request_the_id_is_empty(log_lines):
    logging.getLogger("guichet.test").warning("no request here")

    (line,) = [line for line in log_lines() if line["message"] == "no request here"]
    assert line["request_id"] == ""


def test_secrets_in_link_urls_are_not_logged(client, alice, log_lines):
    from users.tokens import make_verification_token

    token = make_verification_token(user_id=alice.pk, email=alice.email)
    client.get(f"/compte/verification/{token}/")
    client.get("/compte/mot-de-passe/reinitialiser/MQ/set-password/")

    paths = [line["path"] for line in request_lines(log_lines())]
    assert paths == [
        "/compte/verification/[redacted]/",
        "/compte/mot-de-passe/reinitialiser/[redacted]/[redacted]/",
    ]
    assert token not in json.dumps(log_lines())
