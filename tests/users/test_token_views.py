"""The profile page: a user creates a named API token, sees it once, and revokes it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from users.api_tokens import api_token_authenticate, api_token_create
from users.models import ApiToken

pytestmark = pytest.mark.django_db


def test_it_creates_a_token_and_shows_it_once(client, alice):
    client.force_login(alice)

    created = client.post(
        reverse("users:api_token_new"), {"name": "Logiciel du cabinet", "expires_on": ""}
    )
    later = client.get(reverse("users:profile"))

    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    page = created.content.decode()
    assert "Copiez-le maintenant : il ne sera plus jamais affiché." in page
    raw = page.split('id="nouveau-jeton">')[1].split("<")[0]
    assert api_token_authenticate(raw=raw) == alice
    assert raw not in later.content.decode()
    assert "Logiciel du cabinet" in later.content.decode()


def test_it_refuses_an_expiry_date_that_is_not_to_come(client, alice):
    client.force_login(alice)

    response = client.post(
        reverse("users:api_token_new"), {"name": "Cabinet", "expires_on": "2000-01-01"}
    )

    assert response.status_code == 400
    assert "Choisissez une date à venir." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_it_revokes_the_users_own_token_only(client, alice, bob):
    token, raw = api_token_create(user=alice, name="Cabinet")
    client.force_login(bob)
    by_bob = client.post(reverse("users:api_token_revoke", args=[token.prefix]))
    client.force_login(alice)
    by_alice = client.post(reverse("users:api_token_revoke", args=[token.prefix]), follow=True)

    assert by_bob.status_code == 404
    assert api_token_authenticate(raw=raw) is None
    assert "Le jeton a été révoqué" in by_alice.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.post(reverse("users:api_token_new"), {"name": "Cabinet"})

    assert response.status_code == 302
    assert not ApiToken.objects.exists()
