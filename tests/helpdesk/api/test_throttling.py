"""Filing and token creation are throttled per user and per client: 429 with Retry-After."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from lifecycle.models import Request, Theme
from users.models import ApiToken

pytestmark = pytest.mark.django_db


def client_for(user, ip: str = "203.0.113.7") -> APIClient:
    client = APIClient(REMOTE_ADDR=ip)
    client.force_authenticate(user)
    return client


@pytest.fixture
def rates(settings):
    settings.GUICHET_API_THROTTLE_RATES = {
        "filing": "2/hour",
        "filing_client": "3/hour",
        "tokens": "2/hour",
        "tokens_client": "100/hour",
    }


def test_a_user_over_the_token_rate_gets_429_with_retry_after(alice, rates):
    client = client_for(alice)
    answers = [
        client.post("/api/v1/me/tokens/", {"name": f"t{i}"}, format="json") for i in range(3)
    ]

    assert [a.status_code for a in answers] == [201, 201, 429]
    refused = answers[2]
    assert int(refused["Retry-After"]) > 0
    assert refused.json() == {
        "code": "throttled",
        "message": "Trop de requêtes en peu de temps. Réessayez dans quelques instants.",
        "fields": {},
    }
    assert ApiToken.objects.count() == 2


def test_reading_is_not_counted(alice, rates):
    client = client_for(alice)

    answers = [client.get("/api/v1/me/tokens/").status_code for _ in range(5)]

    assert answers == [200] * 5


def test_one_client_address_is_counted_across_users(alice, bob, liam, rates):
    statuses = [
        client_for(user).post("/api/v1/requests/", {"type": "nope"}, format="json").status_code
        for user in (alice, bob, liam, alice)
    ]

    assert statuses == [404, 404, 404, 429]  # the 4th call from 203.0.113.7
    assert not Request.objects.exists()


def test_another_address_has_its_own_count(alice, bob, rates):
    for user in (alice, bob):
        client_for(user).post("/api/v1/requests/", {"type": "nope"}, format="json")

    fresh = client_for(bob, ip="198.51.100.9").post(
        "/api/v1/requests/", {"type": "nope"}, format="json"
    )

    assert fresh.status_code == 404


@pytest.fixture
def cache_down(settings):
    """The shared cache on a loopback port where nothing listens (Redis down)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/1",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_a_filing_is_let_through_while_the_cache_is_down(alice, rates, cache_down):
    theme = Theme.objects.create(name="Se connecter", position=0)
    subtheme = Theme.objects.create(name="Mot de passe", parent=theme, position=0)
    body = {
        "type": "question",
        "theme": theme.pk,
        "subtheme": subtheme.pk,
        "subject": "Mot de passe refusé",
        "question": "Mon mot de passe est refusé depuis hier.",
    }

    response = client_for(alice).post("/api/v1/requests/", body, format="json")

    assert response.status_code == 201, response.json()
    assert Request.objects.count() == 1


def test_creating_a_token_answers_503_while_the_cache_is_down(alice, rates, cache_down):
    client = APIClient(REMOTE_ADDR="203.0.113.7", raise_request_exception=False)
    client.force_authenticate(alice)

    response = client.post("/api/v1/me/tokens/", {"name": "Cabinet"}, format="json")

    assert response.status_code == 503
    assert response.json()["code"] == "unavailable"
    assert ApiToken.objects.count() == 0
