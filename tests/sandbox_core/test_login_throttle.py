"""The sandbox core's own sign-in is throttled, per account and per client address."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import timezone

from sandbox_core.models import SandboxActor
from sandbox_core.throttle import MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS
from tests.accounts_bridge.conftest import SIRET

LOGIN = reverse("sandbox:login")
RIGHT = "Ancien2motdepasse"
JF = {"siret": SIRET, "last_name": "Lefèvre", "first_name": "Jean-François"}
ALICE = {"siret": SIRET, "last_name": "Durand", "first_name": "Alice"}


def set_password(last_name: str) -> None:
    SandboxActor.objects.filter(last_name=last_name).update(
        password=make_password(RIGHT), password_set_at=timezone.now()
    )


def test_the_right_password_after_too_many_wrong_ones_is_not_evaluated(client, sandbox):
    set_password("Lefèvre")
    for _ in range(38):
        client.post(LOGIN, {**JF, "password": "Mauvais12mot"})

    response = client.post(LOGIN, {**JF, "password": RIGHT})

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert "Trop de tentatives de connexion infructueuses" in response.content.decode()
    assert client.get(reverse("sandbox:menu"))["Location"] == LOGIN


def test_the_limit_is_five_failures_per_account_whatever_the_spelling(client, sandbox):
    set_password("Lefèvre")
    spellings = ["LEFEVRE", "lefèvre", "Lefevre", "lefevre ", "LEFÈVRE"]
    for last_name in spellings[:MAX_FAILURES_PER_ACCOUNT]:
        assert client.post(LOGIN, {**JF, "last_name": last_name, "password": "x"}).status_code == (
            400
        )

    assert client.post(LOGIN, {**JF, "password": RIGHT}).status_code == 429


def test_four_failures_then_the_right_password_signs_in_and_clears_the_count(client, sandbox):
    set_password("Lefèvre")
    for _ in range(MAX_FAILURES_PER_ACCOUNT - 1):
        client.post(LOGIN, {**JF, "password": "Mauvais12mot"})

    assert client.post(LOGIN, {**JF, "password": RIGHT})["Location"] == reverse("sandbox:menu")
    for _ in range(MAX_FAILURES_PER_ACCOUNT - 1):
        client.post(LOGIN, {**JF, "password": "Mauvais12mot"})
    assert client.post(LOGIN, {**JF, "password": RIGHT}).status_code == 302


def test_an_unknown_account_is_blocked_the_same_way(client, sandbox):
    nobody = {"siret": SIRET, "last_name": "Personne", "first_name": "Jean", "password": "x"}
    for _ in range(MAX_FAILURES_PER_ACCOUNT):
        assert client.post(LOGIN, nobody).status_code == 400

    assert client.post(LOGIN, nobody).status_code == 429


def test_one_address_trying_many_accounts_is_blocked(client, sandbox):
    set_password("Durand")
    for n in range(MAX_FAILURES_PER_ADDRESS):
        client.post(LOGIN, {**JF, "first_name": f"Essai{n}", "password": "x"})

    assert client.post(LOGIN, {**ALICE, "password": RIGHT}).status_code == 429
    other_address = client.post(LOGIN, {**ALICE, "password": RIGHT}, REMOTE_ADDR="192.0.2.9")
    assert other_address.status_code == 302
