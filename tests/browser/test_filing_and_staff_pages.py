"""The filing rules and the staff pages walked in chromium, as their users meet them: an
employer from outside the company is refused, a requester is confirmed and completes his
request, a technician reads a removal in French, a supervisor reads and retries failed effects
on a wide and a narrow screen."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from lifecycle.models import Request
from lifecycle.services import requests as services
from outbox.models import OutboxEffect
from tests.accounts_bridge.conftest import make_companies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIRET = "73282932000074"
SHOTS = "/tmp/filing"


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    host = live_server.url.split("//", 1)[1].split(":", 1)[0]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "domain": host, "path": "/"}]
    )


def fill_removal(page: Any) -> None:
    page.goto("/espace/demandes/nouvelle/admin_removal/")
    page.fill("#id_siret", SIRET)
    page.fill("#id_removed_last_name", "Lefèvre")
    page.fill("#id_removed_first_name", "Jean-François")
    page.fill("#id_beneficiary_last_name", "Durand")
    page.fill("#id_beneficiary_first_name", "Alice")
    page.fill("#id_reason", "Départ de l'entreprise.")
    page.check("#id_acknowledgement")
    page.get_by_role("button", name="Envoyer").click()


def no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_an_employer_from_another_company_is_refused_on_the_siret_field(page, live_server, bob):
    make_companies()
    sign_in(page, live_server, bob)

    fill_removal(page)

    field = page.locator(".field", has=page.locator("#id_siret"))
    assert "Vous n'êtes pas rattaché(e) à cette entreprise" in field.inner_text()
    assert not Request.objects.exists()
    page.screenshot(path=f"{SHOTS}/removal_outsider.png", full_page=True)


def test_the_removal_is_confirmed_then_read_in_french_by_the_technician(
    page, live_server, alice, tess
):
    make_companies()
    sign_in(page, live_server, alice)

    fill_removal(page)

    ticket = Request.objects.get()
    assert f"Votre demande {ticket.number} a bien été enregistrée." in page.inner_text(".messages")
    page.fill("#id_message", "J'ajoute le courrier de départ.")
    page.get_by_role("button", name="Ajouter à ma demande").click()
    assert "Votre message a été ajouté" in page.inner_text(".messages")
    page.screenshot(path=f"{SHOTS}/portal_after_filing.png", full_page=True)

    page.context.clear_cookies()
    sign_in(page, live_server, tess)
    page.goto(f"/espace/guichet/demandes/{ticket.number}/")
    text = page.inner_text("main")
    assert "Lien avec l'entreprise : SIREN du profil" in text
    assert "Administrateur à radier" in text
    assert "LEFÈVRE Jean-François" in text
    assert "Demande déposée par Alice Durand" in page.inner_text("#journal ~ table")
    for internal in ("{'last_name'", "requester_tie", "admin_removal", "profile_siren"):
        assert internal not in text
    page.screenshot(path=f"{SHOTS}/staff_removal.png", full_page=True)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_supervisor_reads_failed_effects_without_sideways_scroll(
    page, live_server, alice, tess, sam, width
):
    make_companies()
    request = services.request_file(
        requester=alice, type_key="question", description="Bonjour.", siret=SIRET
    )
    OutboxEffect.objects.create(
        idempotency_key="email.request_status:dead",
        kind="email.request_status",
        subject_ref=request.subject_ref,
        status=OutboxEffect.Status.DEAD,
        attempts=10,
        max_attempts=10,
        next_attempt_at=request.filed_at,
        last_error="Le service appelé (cœur des comptes ou serveur de courrier) n'a pas répondu. "
        "(détail : [Errno 111] Connection refused to smtp.interne.exemple.fr:587 after 10 tries)",
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, sam)

    page.goto("/outbox/")

    assert no_sideways_scroll(page)
    link = page.get_by_role("link", name=request.number)
    assert link.get_attribute("href") == f"/espace/guichet/demandes/{request.number}/"
    assert "request:" not in page.inner_text("main")
    page.screenshot(path=f"{SHOTS}/outbox_{width}.png", full_page=True)
    page.get_by_role("button", name="Relancer").click()
    assert "L'effet a été relancé." in page.inner_text(".messages")
