"""The staff and requester pages of a request whose data the retention purge removed: they
still answer, show the history and say in French what was deleted and when."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lifecycle.models import Request
from lifecycle.services import requests as services
from lifecycle.services.retention import requests_purge_expired
from tests.documents.files import pdf_upload
from tests.lifecycle.conftest import move
from tests.lifecycle.services.test_retention import private_storage  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

DATA: dict[str, dict[str, Any]] = {
    "admin_removal": {
        "removed": {"last_name": "Martin", "first_name": "Paul"},
        "beneficiary": {"last_name": "Bernard", "first_name": "Claire"},
        "reason": "Départ de M. Martin",
        "requester_tie": "none",
    },
    "liquidator_access": {
        "recipient_email": "liquidations@etude.example",
        "company_name": "Boulangerie Durand",
    },
    "enrolment_cancellation": {
        "scope": "company",
        "identifier": "732829320",
        "reason": "closed",
        "reason_label": "Cessation d'activité",
        "requester_name": {"last_name": "Martin", "first_name": "Paul"},
    },
    "test_plain": {"recipient_email": "liquidations@etude.example"},
}


def purged_request(alice, tess, clock, type_key: str) -> Request:
    request = services.request_file(
        requester=alice,
        type_key=type_key,
        siret="73282932000074",
        description="Bonjour, je suis Paul Martin.",
        data=DATA[type_key],
        files=[pdf_upload("jugement Martin.pdf")],
    )
    move(request, "take", "resolve", tech=tess)
    clock.advance(days=16)
    services.request_close_due()
    clock.advance(days=400)
    assert requests_purge_expired() == {"documents": 1, "personal_data": 1}
    return Request.objects.get(pk=request.pk)


@pytest.mark.parametrize("type_key", sorted(DATA))
def test_the_staff_page_of_a_purged_request_says_what_was_deleted_and_keeps_its_history(
    client,
    alice,
    tess,
    clock,
    type_key,
    private_storage,  # noqa: F811
):
    request = purged_request(alice, tess, clock, type_key)
    client.force_login(tess)

    response = client.get(reverse("helpdesk:backoffice_detail", args=[request.number]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Données personnelles supprimées le 22/04/2027 (durée de conservation échue)." in page
    assert "Document supprimé le 22/04/2027 (durée de conservation échue)" in page
    assert "Historique complet" in page
    assert page.count("<tr>") >= 1 + request.transitions.count()
    for value in ("Martin", "Bernard", "liquidations@etude.example"):
        assert value not in page


def test_the_requesters_page_of_a_purged_request_answers_too(
    client,
    alice,
    tess,
    clock,
    private_storage,  # noqa: F811
):
    request = purged_request(alice, tess, clock, "test_plain")
    client.force_login(alice)

    response = client.get(reverse("helpdesk:request_detail", args=[request.number]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Document supprimé (durée de conservation échue)" in page
    assert "Martin" not in page
