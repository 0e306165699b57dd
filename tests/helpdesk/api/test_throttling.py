"""Filing and token creation are throttled per user and per client: 429 with Retry-After."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from lifecycle.models import Request
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
