"""Personal API tokens: stored hashed, shown once, revocable, optionally expiring."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from users.api_tokens import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    api_tokens_of,
)
from users.models import ApiToken

pytestmark = pytest.mark.django_db


def test_it_stores_only_the_hash_of_the_secret_and_a_public_prefix(alice):
    token, raw = api_token_create(user=alice, name="Cabinet")

    scheme, prefix, secret = raw.split(".")
    assert (scheme, prefix) == ("gch", token.prefix)
    assert len(secret) >= 43  # token_urlsafe(32)
    stored = ApiToken.objects.get()
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())


def test_it_authenticates_the_owner_and_records_the_use(alice):
    _token, raw = api_token_create(user=alice, name="Cabinet")

    assert api_token_authenticate(raw=raw) == alice
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda raw: raw[:-1] + ("A" if raw[-1] != "A" else "B"),  # wrong secret
        lambda raw: raw.replace("gch.", "xyz."),  # wrong scheme
        lambda raw: "gch.00000000." + raw.split(".")[2],  # unknown prefix
        lambda raw: raw.rsplit(".", 1)[0],  # no secret
        lambda raw: raw + "x" * 300,  # absurd length
    ],
)
def test_it_refuses_a_token_that_is_not_exactly_the_one_given(alice, mangle):
    _token, raw = api_token_create(user=alice, name="Cabinet")

    assert api_token_authenticate(raw=mangle(raw)) is None


def test_a_revoked_token_proves_nothing_and_leaves_the_list(alice):
    token, raw = api_token_create(user=alice, name="Cabinet")

    assert api_token_revoke(user=alice, prefix=token.prefix) is True

    assert api_token_authenticate(raw=raw) is None
    assert list(api_tokens_of(user=alice)) == []


def test_nobody_revokes_another_users_token(alice, bob):
    token, raw = api_token_create(user=alice, name="Cabinet")

    assert api_token_revoke(user=bob, prefix=token.prefix) is False

    assert api_token_authenticate(raw=raw) == alice


def test_an_expired_token_proves_nothing(alice):
    _token, raw = api_token_create(
        user=alice, name="Cabinet", expires_at=timezone.now() + timedelta(hours=1)
    )
    assert api_token_authenticate(raw=raw) == alice

    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    assert api_token_authenticate(raw=raw) is None


def test_the_token_of_a_deactivated_account_proves_nothing(alice):
    _token, raw = api_token_create(user=alice, name="Cabinet")
    alice.is_active = False
    alice.save()

    assert api_token_authenticate(raw=raw) is None
