"""A technician's day on one request, in chromium, with four eyes on for the liquidator's
access: he finds it by SIREN, takes it from the list, ticks the minutes' checklist, answers
with a canned answer, asks for the execution; a supervisor approves and it executes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lifecycle.machine import State
from lifecycle.models import CannedAnswer, DocumentCheck, Request
from lifecycle.services import requests as request_services
from outbox.relay import effects_dispatch_due
from outbox.services import effect_execute
from tests.accounts_bridge.conftest import SIRET, make_companies
from tests.browser.test_presence import signed_in_page
from tests.documents.files import pdf_bytes
from tests.support.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_find_take_check_answer_ask_then_a_supervisor_approves(
    chromium, live_server, settings, liam, tess, sam
):
    settings.GUICHET_BASE_URL = live_server.url
    settings.SANDBOX_RESET_BASE_URL = live_server.url
    settings.GUICHET_FOUR_EYES_TYPES = ["liquidator_access"]
    make_companies()
    ticket = request_services.request_file(
        requester=liam,
        type_key="liquidator_access",
        siret=SIRET,
        description="Voici les minutes du greffe.",
        data={
            "recipient_email": "liquidations@etude.example",
            "company_name": "Boulangerie Durand",
        },
        files=[SimpleUploadedFile("minutes.pdf", pdf_bytes(), content_type="application/pdf")],
    )
    CannedAnswer.objects.create(
        title="Minutes reçues",
        type_key="liquidator_access",
        body="Bonjour {demandeur}, les minutes de {entreprise} sont vérifiées ({numero}).",
    )
    tech_context, tech = signed_in_page(chromium, live_server, tess)
    sup_context, sup = signed_in_page(chromium, live_server, sam)
    try:
        # --- Found by SIREN in the queues, taken from its row ---------------------------------
        tech.goto("/espace/guichet/")
        tech.get_by_label("SIRET ou SIREN").fill(SIRET[:9])
        tech.get_by_role("button", name="Appliquer les filtres").click()
        row = tech.locator(f'tr[data-number="{ticket.number}"]')
        assert_accessible(tech)
        assert "Boulangerie Durand" in row.inner_text()
        assert "Liquidateur judiciaire" in row.inner_text()
        row.get_by_role("button", name=f"Prendre {ticket.number}").click()
        assert f"1 demande traitée : {ticket.number}." in tech.locator(".messages").inner_text()
        tech.get_by_role("link", name=ticket.number).click()

        # --- The page laid out for the work: the file beside the thread, its context ------------
        context = tech.locator("#contexte ~ *").all_inner_texts()
        assert any("Boulangerie Durand" in text for text in context)
        assert any("DURAND Alice" in text for text in context)  # an administrator, from the core
        for width in (1280, 390):
            tech.set_viewport_size({"width": width, "height": 900})
            assert no_sideways_scroll(tech)
        tech.set_viewport_size({"width": 1280, "height": 900})

        # --- The minutes' checklist --------------------------------------------------------
        for label in (
            "Les minutes du greffe nomment le liquidateur demandeur",
            "Elles désignent l'entreprise par son SIREN",
            "Il s'agit d'un jugement de liquidation judiciaire",
            "Le jugement est daté",
        ):
            tech.get_by_label(label).check()
        tech.get_by_role("button", name="Enregistrer la vérification").click()
        assert "Vérification des pièces enregistrée." in tech.locator(".messages").inner_text()
        assert DocumentCheck.objects.filter(request=ticket, checked=True).count() == 4

        # --- A canned answer to the liquidator -----------------------------------------------
        tech.get_by_label("Réponse type").select_option(label="Minutes reçues")
        box = tech.locator("#note-body")
        assert box.input_value() == (
            "Bonjour Liam Mandataire, les minutes de Boulangerie Durand sont vérifiées "
            f"({ticket.number})."
        )
        box.locator("xpath=ancestor::form").get_by_role("button", name="Enregistrer").click()
        assert "Message enregistré." in tech.locator(".messages").inner_text()

        # --- Four eyes: he asks, he cannot execute alone -------------------------------------
        assert tech.locator('form[data-transition="execute"]').count() == 0
        # The link is issued for one named administrator, chosen with the request for approval.
        tech.locator(".four-eyes #execute-administrator").select_option(index=1)
        tech.get_by_role("button", name="Demander l'approbation").click()
        assert "Approbation demandée" in tech.locator(".messages").inner_text()
        assert tech.get_by_role("button", name="Approuver et exécuter sur le compte").count() == 0
        assert_accessible(tech)

        # --- The supervisor approves; the outbox executes ------------------------------------
        sup.goto(f"/espace/guichet/demandes/{ticket.number}/")
        assert (
            "Exécution demandée par Tess Technicienne"
            in sup.locator("[data-approval=pending]").inner_text()
        )
        assert_accessible(sup)
        sup.get_by_role("button", name="Approuver et exécuter sur le compte").click()
        assert "Exécution approuvée" in sup.locator(".messages").inner_text()
        assert Request.objects.get(pk=ticket.pk).state == State.EXECUTING

        effects_dispatch_due(publish=lambda pk: effect_execute(effect_id=pk))
        sup.reload()
        assert sup.locator('[data-state="resolved"]').count() == 1
        execute_log = Request.objects.get(pk=ticket.pk).transitions.get(name="execute")
        assert execute_log.actor == tess
        assert "approuvée par Sam Superviseur" in execute_log.comment
    finally:
        tech_context.close()
        sup_context.close()
