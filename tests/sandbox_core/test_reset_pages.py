"""The reset journey's pages: link → triplet → password → login → menu (SECURITY.md §1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts_bridge.adapters.inprocess import InProcessCore
from core_contract import PersonName
from sandbox_core.models import (
    SandboxActor,
    SandboxResetAttempts,
    SandboxResetEvent,
    SandboxResetLink,
)
from sandbox_core.views import GRANT_TTL
from tests.accounts_bridge.conftest import (
    OTHER_SIRET,
    SECOND_SIRET,
    SIRET,
    token_from_last_email,
)

TRIPLET = {"siret": SIRET, "last_name": "lefevre", "first_name": "Jean François"}
WRONG = {"siret": SIRET, "last_name": "Lefèvre", "first_name": "Jean"}
PASSWORD = "Liquid4tion2"
TRIPLET_URL = reverse("sandbox:reset_triplet")
PASSWORD_URL = reverse("sandbox:reset_password")


def issue(key: str = "k-1", request_ref: str = "REQ-1") -> str:
    """A link for Jean-François Lefèvre, administrator of the bakery, on its main SIRET."""
    InProcessCore().issue_reset_link(
        siret=SIRET,
        administrator=PersonName("Lefèvre", "Jean-François"),
        recipient_email="liam@example.com",
        request_ref=request_ref,
        idempotency_key=key,
    )
    return token_from_last_email()


def open_link(client, token: str):
    return client.get(reverse("sandbox:reset_open", args=[token]))


def link_state() -> list[tuple]:
    return list(
        SandboxResetLink.objects.values_list("consumed_at", "revoked_at", "actor_id", "expires_at")
    )


def counter() -> tuple[int, datetime | None]:
    row = SandboxResetAttempts.objects.get()
    return row.failures, row.locked_until


# --- Opening the link -------------------------------------------------------------------------
def test_opening_the_link_moves_the_token_into_the_session_and_drops_it_from_the_url(
    client, sandbox
):
    token = issue()

    response = open_link(client, token)

    assert response.status_code == 302
    assert response["Location"] == TRIPLET_URL
    assert token not in response["Location"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    page = client.get(TRIPLET_URL)
    assert page.status_code == 200
    assert "SIRET" in page.content.decode()
    assert page["Referrer-Policy"] == "same-origin"  # nothing secret left in the URL
    assert "no-store" in page["Cache-Control"]


def test_get_and_head_change_neither_the_link_nor_the_counter(client, sandbox):
    token = issue()
    before = (link_state(), counter())

    client.head(reverse("sandbox:reset_open", args=[token]))
    open_link(client, token)
    client.get(TRIPLET_URL)
    client.head(TRIPLET_URL)

    assert (link_state(), counter()) == before
    assert InProcessCore().link_status(str(SandboxResetLink.objects.get().link_id)).status == (
        "issued"
    )


def test_unknown_expired_used_and_revoked_links_get_the_same_page(client, sandbox, clock):
    pages = []
    open_link(client, "x" * 43)
    pages.append(client.get(TRIPLET_URL))

    revoked = issue("k-r")
    issue("k-r2")
    open_link(client, revoked)
    pages.append(client.get(TRIPLET_URL))

    used = token_from_last_email()
    open_link(client, used)
    client.post(TRIPLET_URL, TRIPLET)
    client.post(PASSWORD_URL, {"password": PASSWORD, "confirmation": PASSWORD})
    client.get(reverse("sandbox:login"))  # shows (and spends) the "mot de passe créé" message
    open_link(client, used)
    pages.append(client.get(TRIPLET_URL))

    expired = issue("k-e", request_ref="REQ-2")
    clock.advance(hours=8)
    open_link(client, expired)
    pages.append(client.get(TRIPLET_URL))

    assert {p.status_code for p in pages} == {410}
    assert {p["Referrer-Policy"] for p in pages} == {"no-referrer"}
    assert len({p.content for p in pages}) == 1


# --- The triplet ------------------------------------------------------------------------------
def test_the_right_triplet_leads_to_the_password_page_without_spending_the_link(client, sandbox):
    open_link(client, issue())

    response = client.post(TRIPLET_URL, TRIPLET)

    assert response.status_code == 302
    assert response["Location"] == PASSWORD_URL
    link = SandboxResetLink.objects.get()
    assert link.verified_at is not None
    assert link.consumed_at is None
    assert InProcessCore().link_status(str(link.link_id)).status == "verified"
    assert client.get(PASSWORD_URL).status_code == 200


def test_a_tab_closed_between_triplet_and_password_does_not_cost_the_link(client, sandbox):
    token = issue()
    open_link(client, token)
    assert client.post(TRIPLET_URL, TRIPLET).status_code == 302
    # The tab (and its session) is gone; the liquidator opens the e-mail's link again.
    again = client.__class__()

    open_link(again, token)
    triplet = again.post(TRIPLET_URL, TRIPLET)
    password = again.post(PASSWORD_URL, {"password": PASSWORD, "confirmation": PASSWORD})

    assert triplet.status_code == 302
    assert password["Location"] == reverse("sandbox:login")
    link = SandboxResetLink.objects.get()
    assert link.consumed_at is not None
    assert InProcessCore().link_status(str(link.link_id)).status == "used"


def test_the_verified_triplet_step_is_short_lived_and_the_link_survives_it(client, sandbox, clock):
    token = issue()
    open_link(client, token)
    client.post(TRIPLET_URL, TRIPLET)

    clock.advance(seconds=GRANT_TTL.total_seconds())
    late = client.post(PASSWORD_URL, {"password": PASSWORD, "confirmation": PASSWORD})

    assert late.status_code == 410
    assert SandboxActor.objects.get(last_name="Lefèvre").password == ""
    open_link(client, token)
    assert client.post(TRIPLET_URL, TRIPLET).status_code == 302
    done = client.post(PASSWORD_URL, {"password": PASSWORD, "confirmation": PASSWORD})
    assert done.status_code == 302


def test_the_password_step_needs_the_verified_triplet_of_this_session(client, sandbox):
    open_link(client, issue())

    response = client.post(PASSWORD_URL, {"password": PASSWORD, "confirmation": PASSWORD})

    assert response.status_code == 410
    assert SandboxResetLink.objects.get().consumed_at is None


@pytest.mark.parametrize(
    "first_name",
    ["Jean–François", "Jean—François", "Jean‑François", "Jean−François", "JEAN  FRANCOIS"],
    ids=["en-dash", "em-dash", "non-breaking-hyphen", "minus-sign", "capitals-and-spaces"],
)
def test_every_dash_accent_case_and_spacing_variant_of_the_name_is_accepted(
    client, sandbox, first_name
):
    open_link(client, issue())

    response = client.post(TRIPLET_URL, {**TRIPLET, "first_name": first_name})

    assert response.status_code == 302


@pytest.mark.parametrize(
    "triplet",
    [
        WRONG,
        {"siret": OTHER_SIRET, "last_name": "Autre", "first_name": "Paul"},  # another company
        {"siret": SIRET, "last_name": "Martin", "first_name": "Chloé"},  # a declarant only
        {"siret": "73282932000025", "last_name": "Lefèvre", "first_name": "Jean-François"},
        {"siret": SIRET, "last_name": "Durand", "first_name": "Alice"},  # another administrator
        {"siret": SECOND_SIRET, "last_name": "Lefèvre", "first_name": "Jean-François"},
    ],
    ids=[
        "wrong-first-name",
        "foreign",
        "declarant",
        "unknown-siret",
        "another-administrator-of-the-company",
        "another-establishment-of-the-company",
    ],
)
def test_a_wrong_or_foreign_triplet_is_refused_without_saying_which_part(client, sandbox, triplet):
    open_link(client, issue())

    response = client.post(TRIPLET_URL, triplet)

    assert response.status_code == 400
    body = response.content.decode()
    assert "Le triplet SIRET / NOM / PRÉNOM saisi ne permet pas d&#x27;accéder" in body
    assert SandboxResetLink.objects.get().consumed_at is None
    assert counter() == (1, None)


def test_five_wrong_triplets_lock_the_link_for_60_minutes(client, sandbox, clock):
    open_link(client, issue())
    for _ in range(4):
        assert client.post(TRIPLET_URL, WRONG).status_code == 400

    fifth = client.post(TRIPLET_URL, WRONG)

    assert fifth.status_code == 429
    assert fifth["Retry-After"] == "3600"
    clock.advance(minutes=30)
    while_locked = client.post(TRIPLET_URL, TRIPLET)  # even the right one is not evaluated
    assert while_locked.status_code == 429
    assert while_locked["Retry-After"] == "1800"
    assert SandboxResetLink.objects.get().consumed_at is None
    assert SandboxResetEvent.objects.filter(kind="triplet_failed").count() == 5


def test_the_lock_ends_after_60_minutes(client, sandbox, clock):
    open_link(client, issue())
    for _ in range(5):
        client.post(TRIPLET_URL, WRONG)

    clock.advance(minutes=59, seconds=59)
    assert client.post(TRIPLET_URL, TRIPLET).status_code == 429
    clock.advance(seconds=1)
    response = client.post(TRIPLET_URL, TRIPLET)

    assert response.status_code == 302
    assert SandboxResetEvent.objects.filter(kind="unlocked").count() == 1


def test_the_lock_never_extends_the_life_of_the_link(client, sandbox, clock):
    open_link(client, issue())
    clock.advance(hours=7, minutes=30)
    for _ in range(5):
        client.post(TRIPLET_URL, WRONG)

    clock.advance(minutes=61)

    assert client.post(TRIPLET_URL, TRIPLET).status_code == 410


def test_the_failure_counter_survives_a_reissued_link(client, sandbox):
    open_link(client, issue("k-1"))
    for _ in range(3):
        client.post(TRIPLET_URL, WRONG)

    open_link(client, issue("k-2"))
    client.post(TRIPLET_URL, WRONG)
    response = client.post(TRIPLET_URL, WRONG)

    assert response.status_code == 429


def test_the_lock_does_not_lock_the_administrators_own_login(client, sandbox):
    SandboxActor.objects.filter(last_name="Lefèvre").update(
        password=make_password("Ancien2motdepasse"), password_set_at=timezone.now()
    )
    open_link(client, issue())
    for _ in range(5):
        client.post(TRIPLET_URL, WRONG)

    response = client.post(reverse("sandbox:login"), {**TRIPLET, "password": "Ancien2motdepasse"})

    assert response.status_code == 302
    assert response["Location"] == reverse("sandbox:menu")


@pytest.mark.parametrize(
    "issued_at",
    [
        datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # Paris springs forward at 01:00 UTC
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # Paris falls back at 01:00 UTC
        datetime(2026, 11, 16, 8, 0, tzinfo=UTC),
    ],
    ids=["march-dst", "october-dst", "ordinary-day"],
)
@pytest.mark.parametrize(
    ("after", "status"),
    [(timedelta(hours=7, minutes=59, seconds=59), 302), (timedelta(hours=8), 410)],
    ids=["at-7:59:59", "at-8:00:00"],
)
def test_a_link_is_accepted_until_7_59_59_and_refused_from_8_00_00(
    client, sandbox, clock, issued_at, after, status
):
    clock.at = issued_at
    open_link(client, issue())

    clock.at = issued_at + after
    response = client.post(TRIPLET_URL, TRIPLET)

    assert response.status_code == status


# --- The password -----------------------------------------------------------------------------
def reach_password_page(client) -> None:
    open_link(client, issue())
    assert client.post(TRIPLET_URL, TRIPLET).status_code == 302


def test_a_password_breaking_the_rules_is_refused_next_to_the_field(client, sandbox):
    reach_password_page(client)

    response = client.post(PASSWORD_URL, {"password": "abc12", "confirmation": "abc12"})

    assert response.status_code == 400
    body = response.content.decode()
    assert "Le mot de passe doit contenir au moins 6 lettres." in body
    assert 'id="id_password_erreurs"' in body
    assert SandboxActor.objects.get(last_name="Lefèvre").password == ""


def test_setting_the_password_does_not_sign_in_and_notifies_each_party_once(client, sandbox):
    reach_password_page(client)
    mail.outbox.clear()

    response = client.post(PASSWORD_URL, {"password": PASSWORD, "confirmation": PASSWORD})
    again = client.post(PASSWORD_URL, {"password": PASSWORD, "confirmation": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("sandbox:login")
    assert client.get(reverse("sandbox:menu"))["Location"] == reverse("sandbox:login")
    assert again.status_code == 410
    recipients = sorted(tuple(m.to) for m in mail.outbox)
    assert recipients == [
        ("alice.admin@example.com",),
        ("jf@example.com",),
        ("liam@example.com",),
    ]
    notices = [m for m in mail.outbox if m.to != ["liam@example.com"]]
    assert all("Accès accordé au liquidateur liam@example.com" in m.body for m in notices)


def test_the_administrator_signs_in_with_the_new_password_and_sees_his_menu(client, sandbox):
    reach_password_page(client)
    client.post(PASSWORD_URL, {"password": PASSWORD, "confirmation": PASSWORD})

    login = client.post(reverse("sandbox:login"), {**TRIPLET, "password": PASSWORD})
    menu = client.get(reverse("sandbox:menu"))

    assert login["Location"] == reverse("sandbox:menu")
    body = menu.content.decode()
    assert "Vos déclarations" in body
    assert "Boulangerie Durand" in body
    assert SIRET in body


def test_a_new_password_ends_the_sessions_opened_with_the_previous_one(client, sandbox):
    reach_password_page(client)
    client.post(PASSWORD_URL, {"password": PASSWORD, "confirmation": PASSWORD})
    client.post(reverse("sandbox:login"), {**TRIPLET, "password": PASSWORD})
    liquidator = client.__class__()
    open_link(liquidator, issue("k-2", request_ref="REQ-2"))
    liquidator.post(TRIPLET_URL, TRIPLET)
    liquidator.post(PASSWORD_URL, {"password": "Nouveau9mot8", "confirmation": "Nouveau9mot8"})

    response = client.get(reverse("sandbox:menu"))

    assert response.status_code == 302


def test_a_wrong_login_says_nothing_about_which_part_is_wrong(client, sandbox):
    response = client.post(reverse("sandbox:login"), {**TRIPLET, "password": "Quelconque12"})

    assert response.status_code == 400
    assert "Identifiants incorrects." in response.content.decode()


# --- Audit ------------------------------------------------------------------------------------
def test_audit_events_never_hold_the_token_nor_the_typed_names(client, sandbox):
    token = issue()
    open_link(client, token)
    client.post(TRIPLET_URL, {"siret": SIRET, "last_name": "Zorglub", "first_name": "Xavier"})
    client.post(TRIPLET_URL, TRIPLET)
    client.post(PASSWORD_URL, {"password": PASSWORD, "confirmation": PASSWORD})

    events = list(SandboxResetEvent.objects.order_by("pk").values("kind", "detail"))
    dumped = repr(events)

    assert [e["kind"] for e in events] == [
        "issued",
        "opened",
        "triplet_failed",
        "triplet_verified",
        "consumed",
        "password_set",
    ]
    assert token not in dumped
    assert "Zorglub" not in dumped
    assert "Xavier" not in dumped
    assert not SandboxResetLink.objects.filter(token_hash=token).exists()


# --- The core's own look ----------------------------------------------------------------------
def test_the_cores_pages_wear_their_own_look_without_inline_script_or_style(client, sandbox):
    reach_password_page(client)
    pages = [
        client.get(PASSWORD_URL),
        client.get(reverse("sandbox:login")),
        client.get(TRIPLET_URL),  # the invalid-link page: the grant is not a token
    ]

    for page in pages:
        body = page.content.decode()
        assert "sandbox_core/sandbox.css" in body
        assert "css/guichet.css" not in body
        assert "êtes plus sur le guichet d" in body
        assert "<style" not in body
        assert " style=" not in body
        assert "<script>" not in body
    assert 'src="/static/sandbox_core/password.js"' in pages[0].content.decode()
