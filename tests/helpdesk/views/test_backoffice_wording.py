"""The staff pages read as French: type labels, data labels, journal sentences, errors
without exception class names."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from lifecycle.services import requests as services
from tests.helpdesk.views.test_outbox import run_due_effects
from tests.lifecycle.conftest import move
from tests.lifecycle.fake_types import FakeCore, PermanentError

pytestmark = pytest.mark.django_db


def cells(page: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", page)
    ]


def test_the_list_shows_the_types_label_not_its_key(client, alice, tess, file_request):
    file_request(alice, type_key="test_core")
    client.force_login(tess)

    page = client.get(reverse("helpdesk:backoffice_list")).content.decode()
    rows = page.split("<tbody", 1)[1].split("</tbody>", 1)[0]

    assert "Type de test avec action" in rows
    assert "test_core" not in rows


def test_the_journal_reads_as_french_sentences(client, alice, tess, file_request):
    request = move(
        file_request(alice), "take", "request_info", "answer", tech=tess, requester=alice
    )
    client.force_login(tess)

    page = client.get(reverse("helpdesk:backoffice_detail", args=[request.number]))
    journal = cells(page.content.decode().split('id="journal"', 1)[1])

    assert "Demande déposée par Alice Durand" in journal
    assert "Prise en charge par Tess Technicienne" in journal
    assert "Complément demandé au demandeur par Tess Technicienne" in journal
    assert "Réponse du demandeur (Alice Durand)" in journal
    for name in ("file", "take", "request_info", "answer"):
        assert name not in journal


def test_a_failed_core_action_reads_as_a_french_sentence_without_its_class(
    client, alice, tess, file_request
):
    request = file_request(alice, type_key="test_core", data={"documents_checked": True})
    request = services.request_execute(request=move(request, "take", tech=tess), actor=tess)
    FakeCore.fail_with = PermanentError("Trois liens ont déjà été envoyés aujourd'hui.")
    run_due_effects()
    client.force_login(tess)

    page = client.get(reverse("helpdesk:backoffice_detail", args=[request.number]))
    text = page.content.decode()

    assert "Trois liens ont déjà été envoyés aujourd&#x27;hui." in text
    assert "PermanentError" not in text
    journal = cells(text.split('id="journal"', 1)[1])
    # The sentence, then its fact (label and value) in the same cell.
    assert (
        "Action en échec sur le service des comptes : demande rendue au technicien"
        "Erreur du service des comptes"
        "Trois liens ont déjà été envoyés aujourd&#x27;hui."
    ) in journal
    assert "core_failed" not in journal


def test_an_error_stored_with_a_class_name_is_shown_without_it(client, alice, tess, file_request):
    request = file_request(alice)
    services.Request.objects.filter(pk=request.pk).update(
        last_error="PermanentError: Trois liens ont déjà été envoyés."
    )
    client.force_login(tess)

    text = client.get(reverse("helpdesk:backoffice_detail", args=[request.number])).content
    assert "PermanentError" not in text.decode()
    assert "Trois liens ont déjà été envoyés." in text.decode()
