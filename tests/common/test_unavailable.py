"""I6: while PostgreSQL, Redis or the core is down, a 503 with Retry-After — never a bare 500."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from common.unavailable import is_dependency_error
from core_contract import Unavailable
from tests.conftest import make_user
from users import roles

SERVICES = Path(__file__).resolve().parents[2] / "scripts" / "services.sh"
DETAIL = "Le service est momentanément indisponible."


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends


@pytest.fixture
def database_down(django_db_blocker):
    """The default connection points at a loopback port where nothing listens."""
    with django_db_blocker.unblock():
        connection.close()
        saved = connection.settings_dict.copy()
        connection.settings_dict.update({"HOST": "127.0.0.1", "PORT": str(closed_port())})
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)


@pytest.fixture
def visitor():
    """A browser with a session cookie, so that every page has to read the database."""
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "a" * 32
    return client


def test_a_page_answers_503_in_french_while_the_database_is_down(database_down, visitor):
    response = visitor.get("/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith("text/html")
    assert DETAIL in response.content.decode()


def test_the_api_answers_503_unavailable_while_the_database_is_down(database_down, visitor):
    response = visitor.get("/api/v1/requests/", HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["code"] == "unavailable"
    assert DETAIL in response.json()["message"]


def test_a_write_answers_503_while_the_database_is_down(database_down, visitor):
    response = visitor.post("/api/v1/requests/take-next/", HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"


@pytest.fixture
def redis_down():
    def run(command: str) -> None:
        subprocess.run(["bash", str(SERVICES), command], check=True, capture_output=True)

    run("redis-stop")
    try:
        yield
    finally:
        run("redis-start")


def test_a_page_using_the_cache_answers_503_while_it_is_down(db, redis_down):
    newcomer = make_user("nora@example.com", role=roles.REQUESTER)
    client = Client(raise_request_exception=False)
    client.force_login(newcomer)

    response = client.post("/compte/verification/renvoyer/")  # resend cool-down: the cache

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert DETAIL in response.content.decode()


def test_a_page_that_needs_no_cache_still_works_while_it_is_down(db, redis_down):
    response = Client(raise_request_exception=False).get("/compte/connexion/")

    assert response.status_code == 200


def test_any_other_error_stays_a_500(db, settings):
    settings.ROOT_URLCONF = "tests.common.failing_urls"
    client = Client(raise_request_exception=False)

    assert client.get("/boom/").status_code == 500
    outage = client.get("/core-down/")
    assert outage.status_code == 503
    assert outage["Retry-After"] == "30"


def raise_while_handling_an_outage() -> None:
    try:
        raise Unavailable()
    except Unavailable:
        raise KeyError("rendering the error failed") from None


def test_an_error_raised_while_handling_an_outage_is_still_an_outage():
    with pytest.raises(KeyError) as caught:
        raise_while_handling_an_outage()

    assert is_dependency_error(caught.value) is True  # __context__ is kept even "from None"
    assert is_dependency_error(ValueError("plain bug")) is False
