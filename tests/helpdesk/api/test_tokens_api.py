"""The API with personal tokens: the owner's role and nothing more; a dead token is a 401."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from users.api_tokens import api_token_create, api_token_revoke
from users.models import ApiToken

pytestmark = pytest.mark.django_db


def with_token(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def test_a_token_acts_as_its_owner(alice, bob, file_request):
    mine = file_request(alice)
    file_request(bob)
    _token, raw = api_token_create(user=alice, name="Cabinet")

    response = with_token(raw).get("/api/v1/requests/")

    assert response.status_code == 200
    assert [r["number"] for r in response.json()["results"]] == [mine.number]


def test_a_requesters_token_has_no_staff_power(alice):
    _token, raw = api_token_create(user=alice, name="Cabinet")

    response = with_token(raw).post("/api/v1/requests/take-next/")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_a_token_needs_no_csrf_token(alice, tess, file_request):
    request = file_request(alice)
    _token, raw = api_token_create(user=tess, name="Script")
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    response = client.post(
        f"/api/v1/requests/{request.number}/transitions/take/",
        {"version": request.version},
        format="json",
    )

    assert response.status_code == 200


@pytest.mark.parametrize("how", ["revoked", "expired", "wrong", "malformed"])
def test_a_dead_token_is_a_401_with_the_scheme_named(alice, how):
    token, raw = api_token_create(user=alice, name="Cabinet")
    if how == "revoked":
        api_token_revoke(user=alice, prefix=token.prefix)
    elif how == "expired":
        ApiToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    elif how == "wrong":
        raw = raw[:-4] + "AAAA"
    else:
        raw = f"{raw} extra"

    response = with_token(raw).get("/api/v1/requests/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json() == {
        "code": "authentication_failed",
        "message": "Ce jeton d'accès n'est pas valide, a expiré ou a été révoqué.",
        "fields": {},
    }


def test_without_credentials_it_asks_for_them(db):
    response = APIClient().get("/api/v1/me/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["code"] == "not_authenticated"


def test_the_user_reads_his_profile(alice):
    _token, raw = api_token_create(user=alice, name="Cabinet")

    me = with_token(raw).get("/api/v1/me/").json()

    assert me["email"] == "alice@example.com"
    assert me["roles"] == ["requester"]


def test_it_creates_a_token_shown_once_and_lists_it_without_the_secret(alice):
    client = APIClient()
    client.force_authenticate(alice)

    created = client.post("/api/v1/me/tokens/", {"name": "Cabinet"}, format="json")
    listed = client.get("/api/v1/me/tokens/")

    assert created.status_code == 201
    raw = created.json()["token"]
    assert with_token(raw).get("/api/v1/me/").json()["email"] == "alice@example.com"
    (row,) = listed.json()
    assert row["name"] == "Cabinet"
    assert "token" not in row
    assert raw.split(".")[2] not in listed.content.decode()


def test_it_refuses_an_expiry_in_the_past(alice):
    client = APIClient()
    client.force_authenticate(alice)

    response = client.post(
        "/api/v1/me/tokens/",
        {"name": "Cabinet", "expires_at": "2000-01-01T00:00:00Z"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["fields"] == {
        "expires_at": ["La date d'expiration doit être dans le futur."]
    }
    assert not ApiToken.objects.exists()


def test_revoking_ends_the_token_and_another_users_token_is_not_found(alice, bob):
    token, raw = api_token_create(user=alice, name="Cabinet")
    _bob_token, bob_raw = api_token_create(user=bob, name="Bob")

    by_bob = with_token(bob_raw).delete(f"/api/v1/me/tokens/{token.prefix}/")
    by_alice = with_token(raw).delete(f"/api/v1/me/tokens/{token.prefix}/")

    assert by_bob.status_code == 404
    assert by_alice.status_code == 204
    assert with_token(raw).get("/api/v1/me/").status_code == 401
