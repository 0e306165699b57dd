"""Sign-in throttling: per typed address and per client address, no account enumeration."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client

from tests.conftest import PASSWORD

SERVICES = Path(__file__).resolve().parents[2] / "scripts" / "services.sh"
LOGIN = "/compte/connexion/"
BLOCKED = "Trop de tentatives de connexion."


def fail(client, email: str, *, ip: str = "127.0.0.1"):
    return client.post(LOGIN, {"username": email, "password": "pas-le-bon-1"}, REMOTE_ADDR=ip)


def test_five_failures_block_even_the_right_password_with_a_429(client, alice, settings):
    for _ in range(settings.GUICHET_LOGIN_MAX_FAILURES_PER_ACCOUNT):
        assert fail(client, "alice@example.com").status_code == 200

    response = client.post(LOGIN, {"username": "alice@example.com", "password": PASSWORD})

    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.GUICHET_LOGIN_WINDOW_SECONDS)
    assert BLOCKED in response.content.decode()
    assert SESSION_KEY not in client.session


def test_four_failures_still_let_the_right_password_in_and_reset_the_count(client, alice):
    for _ in range(4):
        fail(client, "alice@example.com")
    client.post(LOGIN, {"username": "alice@example.com", "password": PASSWORD})
    assert client.session[SESSION_KEY] == str(alice.pk)
    client.logout()

    for _ in range(4):
        assert fail(client, "alice@example.com").status_code == 200
    response = client.post(LOGIN, {"username": "alice@example.com", "password": PASSWORD})

    assert response.status_code == 302


def test_an_unknown_address_is_blocked_exactly_like_a_known_one(client, alice):
    for email in ("alice@example.com", "nobody@example.com"):
        for _ in range(5):
            fail(client, email)

    known = fail(client, "alice@example.com")
    unknown = fail(client, "nobody@example.com")

    assert known.status_code == unknown.status_code == 429
    for response in (known, unknown):
        page = response.content.decode()
        assert BLOCKED in page
        assert "mot de passe incorrect" not in page


def test_the_address_is_counted_in_any_case(client, alice):
    for n in range(5):
        fail(client, "ALICE@example.com" if n % 2 else "alice@example.com")

    assert fail(client, "Alice@Example.com").status_code == 429


def test_blocking_one_address_leaves_the_others_alone(client, alice, bob):
    for _ in range(5):
        fail(client, "alice@example.com")

    response = client.post(LOGIN, {"username": "bob@example.com", "password": PASSWORD})

    assert response.status_code == 302


def test_one_client_trying_many_addresses_is_blocked(client, bob, settings):
    settings.GUICHET_LOGIN_MAX_FAILURES_PER_IP = 3
    for n in range(3):
        fail(client, f"guess{n}@example.com", ip="203.0.113.7")

    from_there = client.post(
        LOGIN, {"username": "bob@example.com", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )
    elsewhere = client.post(
        LOGIN, {"username": "bob@example.com", "password": PASSWORD}, REMOTE_ADDR="198.51.100.2"
    )

    assert from_there.status_code == 429
    assert elsewhere.status_code == 302


def test_the_counters_expire_with_their_window(client, alice, settings):
    fail(client, "alice@example.com")

    redis = cache._cache.get_client()  # type: ignore[attr-defined]
    ttls = [redis.ttl(key) for key in redis.keys("*login-failures*")]
    assert len(ttls) == 2  # the address and the client
    assert all(0 < ttl <= settings.GUICHET_LOGIN_WINDOW_SECONDS for ttl in ttls)


def test_nothing_is_evaluated_while_blocked(client, alice, django_assert_num_queries):
    for _ in range(5):
        fail(client, "alice@example.com")

    with django_assert_num_queries(0):  # no account read, no password checked
        response = client.post(LOGIN, {"username": "alice@example.com", "password": PASSWORD})

    assert response.status_code == 429


def test_a_post_without_a_password_neither_counts_nor_clears(client, alice):
    for _ in range(5):
        fail(client, "alice@example.com")

    client.post(LOGIN, {"username": "alice@example.com", "password": ""})

    assert fail(client, "alice@example.com").status_code == 429


def test_no_address_is_written_into_the_cache_keys(client, alice):
    fail(client, "alice@example.com")

    keys = cache._cache.get_client().keys("*")  # type: ignore[attr-defined]
    assert keys
    assert not any(b"alice" in key for key in keys)


@pytest.fixture
def redis_down():
    def run(command: str) -> None:
        subprocess.run(["bash", str(SERVICES), command], check=True, capture_output=True)

    run("redis-stop")
    try:
        yield
    finally:
        run("redis-start")


def test_signing_in_answers_503_while_the_counters_cannot_be_read(alice, redis_down):
    """Fail closed: no password is checked when the throttle cannot say it is allowed."""
    response = Client(raise_request_exception=False).post(
        LOGIN, {"username": "alice@example.com", "password": PASSWORD}
    )

    assert response.status_code == 503
    assert response["Retry-After"]
