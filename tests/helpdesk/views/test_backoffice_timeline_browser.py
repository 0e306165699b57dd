"""The staff request page's history in chromium, for a liquidator's access with four eyes: the
execution asked, refused with a reason, asked again and approved, the link sent (when, until
when, never the link itself), the SLA alert; and the execute form that says once what it does."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from lifecycle import machine
from lifecycle.models import Request
from lifecycle.services import requests as request_services
from lifecycle.services.checklist import request_checklist_save
from lifecycle.services.sla_scan import AT_RISK, sla_alert_claim
from outbox.relay import effects_dispatch_due
from outbox.services import effect_execute
from sla.clock import SlaStatus
from tests.accounts_bridge.conftest import LINK_RE, SIRET, make_companies
from tests.browser.test_presence import signed_in_page
from tests.documents.files import pdf_bytes
from tests.support.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/timeline"


def test_the_history_tells_the_four_eyes_execution_and_the_link_sent(
    chromium, live_server, settings, liam, tess, sam
):
    settings.GUICHET_BASE_URL = live_server.url
    settings.SANDBOX_RESET_BASE_URL = live_server.url
    settings.GUICHET_FOUR_EYES_TYPES = []
    make_companies()
    ticket = request_services.request_file(
        requester=liam,
        type_key="liquidator_access",
        siret=SIRET,
        description="Voici les minutes du greffe.",
        data={"recipient_email": "liquidations@etude.example", "company_name": "Boulangerie"},
        files=[SimpleUploadedFile("minutes.pdf", pdf_bytes(), content_type="application/pdf")],
    )
    ticket = request_services.request_take(request=ticket, actor=tess)
    request_checklist_save(
        request=ticket,
        actor=tess,
        checked=["names_liquidator", "names_company", "liquidation_judgment", "dated"],
    )
    tech_context, tech = signed_in_page(chromium, live_server, tess)
    sup_context, sup = signed_in_page(chromium, live_server, sam)
    detail = f"/espace/guichet/demandes/{ticket.number}/"
    try:
        # --- Without four eyes, the execute form names its core action once ----------------
        tech.goto(detail)
        execute = tech.locator('form[data-transition="execute"]')
        assert execute.inner_text().count("Envoyer au liquidateur le lien") == 1
        execute.screenshot(path=f"{SHOTS}/execute_form.png")

        # --- With four eyes: asked, refused with a reason, asked again, approved -----------
        settings.GUICHET_FOUR_EYES_TYPES = ["liquidator_access"]
        Request.objects.filter(pk=ticket.pk).update(sla_status=SlaStatus.AT_RISK)
        sla_alert_claim(request_id=ticket.pk, kind=AT_RISK, now=machine.now())
        for refused_first in (True, False):
            tech.goto(detail)
            tech.locator(".four-eyes #execute-administrator").select_option(index=1)
            tech.get_by_role("button", name="Demander l'approbation").click()
            sup.goto(detail)
            if refused_first:
                sup.get_by_label("Motif du refus").fill("Le jugement joint n'est pas daté.")
                sup.get_by_role("button", name="Refuser l'exécution").click()
            else:
                sup.get_by_role("button", name="Approuver et exécuter sur le compte").click()
        effects_dispatch_due(publish=lambda pk: effect_execute(effect_id=pk))

        tech.goto(detail)
        history = tech.locator("#journal ~ table").inner_text()
        for sentence in (
            "Approbation de l'exécution demandée par Tess Technicienne",
            "Exécution refusée par Sam Superviseur",
            "Le jugement joint n'est pas daté.",
            "Exécution approuvée par Sam Superviseur",
            "Action demandée au service des comptes",
            "Lien de réinitialisation envoyé le",
            "Lien valable jusqu'au",
            "Délai à risque : alerte envoyée",
        ):
            assert sentence in history
        (sent,) = [m for m in mail.outbox if m.to == ["liquidations@etude.example"]]
        link = LINK_RE.search(str(sent.body))
        assert link is not None
        assert link.group(1) not in tech.content()
        assert "expires_at" not in tech.content()
        assert_accessible(tech)
        tech.locator("#journal").scroll_into_view_if_needed()
        tech.locator("#journal ~ table").screenshot(path=f"{SHOTS}/timeline.png")
        tech.screenshot(path=f"{SHOTS}/request_page.png", full_page=True)
    finally:
        tech_context.close()
        sup_context.close()
