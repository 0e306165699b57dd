"""A technician answers with a canned answer in a real browser (static JS, no inline script)."""

from __future__ import annotations

import os

import pytest

from lifecycle.models import CannedAnswer
from tests.helpdesk.views.test_queues_browser import sign_in
from tests.support.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_a_canned_answer_fills_the_reply_box_for_the_requester(
    page, live_server, alice, tess, file_request
):
    request = file_request(alice)
    CannedAnswer.objects.create(
        title="Accusé de réception", body="Bonjour {demandeur}, nous traitons {numero}."
    )
    sign_in(page, live_server, tess)
    page.goto(f"/espace/guichet/demandes/{request.number}/")

    page.get_by_label("Réponse type").select_option(label="Accusé de réception")

    box = page.locator("#note-body")
    assert box.input_value() == f"Bonjour Alice Durand, nous traitons {request.number}."
    assert not page.locator("input[name=internal]").is_checked()
    assert_accessible(page)
    shots = os.environ.get("GUICHET_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/canned.png", full_page=True)
    box.locator("xpath=ancestor::form").get_by_role("button", name="Enregistrer").click()
    assert "Message enregistré." in page.locator(".messages").inner_text()
    assert request.messages.filter(visibility="public", body__startswith="Bonjour Alice").exists()


def test_a_technician_ticks_the_documents_checklist(page, live_server, alice, tess, file_request):
    from lifecycle import registry
    from tests.lifecycle.services.test_checklist import CheckedType

    registry.register(CheckedType)
    try:
        request = file_request(alice, type_key=CheckedType.key)
        sign_in(page, live_server, tess)
        page.goto(f"/espace/guichet/demandes/{request.number}/")

        page.get_by_label("Le jugement est daté").check()
        page.get_by_role("button", name="Enregistrer la vérification").click()

        assert "Vérification des pièces enregistrée." in page.locator(".messages").inner_text()
        assert page.get_by_label("Le jugement est daté").is_checked()
        assert not page.get_by_label("Les minutes nomment le liquidateur").is_checked()
        assert_accessible(page)
    finally:
        registry.unregister(CheckedType.key)
