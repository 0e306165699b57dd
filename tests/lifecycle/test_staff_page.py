"""The staff request page says what each action will do to the account core before doing it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


def test_the_execute_button_names_the_types_core_action(client, alice, tess, file_request):
    request = move(
        file_request(
            alice,
            type_key="admin_removal",
            data={
                "removed": {"last_name": "Lefèvre", "first_name": "Jean-François"},
                "beneficiary": {"last_name": "Durand", "first_name": "Alice"},
                "reason": "Départ.",
            },
        ),
        "take",
        tech=tess,
    )
    client.force_login(tess)

    page = client.get(reverse("helpdesk:backoffice_detail", args=[request.number])).content
    html = page.decode()

    assert "Ce que cette action fera sur le service des comptes :</strong> Radier" in html
    assert 'id="request_info-core-effect">Aucune modification sur le service des comptes.' in html
    assert "Bénéficiaire du transfert des habilitations</dt><dd>DURAND Alice" in html


def test_a_question_offers_no_execute_button(client, alice, tess, file_request):
    request = move(file_request(alice, type_key="question"), "take", tech=tess)
    client.force_login(tess)

    html = client.get(reverse("helpdesk:backoffice_detail", args=[request.number])).content
    page = html.decode()

    assert 'data-transition="resolve"' in page
    assert 'data-transition="execute"' not in page
