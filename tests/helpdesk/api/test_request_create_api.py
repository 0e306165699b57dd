# ruff: noqa: F811 - pytest fixtures imported from the request types' conftest
"""POST /api/requests/: filing through the API, validated by the type's own form."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from lifecycle.models import Request
from tests.documents.files import pdf_upload
from tests.lifecycle.types.conftest import companies, core_down  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

REMOVAL = {
    "type": "admin_removal",
    "siret": "73282932000074",
    "removed_last_name": "Lefèvre",
    "removed_first_name": "Jean-François",
    "beneficiary_last_name": "Durand",
    "beneficiary_first_name": "Alice",
    "reason": "Départ de l'entreprise.",
    "acknowledgement": True,
}


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_it_files_a_request_and_answers_201_with_it(alice, companies):
    response = client_for(alice).post("/api/v1/requests/", REMOVAL, format="json")

    assert response.status_code == 201
    ticket = Request.objects.get()
    assert response.json()["number"] == ticket.number
    assert response.json()["data"]["beneficiary"] == {"last_name": "Durand", "first_name": "Alice"}
    assert response.json()["allowed_transitions"] == []


def test_it_accepts_multipart_with_files(alice, companies):
    body = {**REMOVAL, "acknowledgement": "on", "attachments": [pdf_upload()]}

    response = client_for(alice).post("/api/v1/requests/", body, format="multipart")

    assert response.status_code == 201, response.json()
    assert Request.objects.get().attachments.count() == 1


def test_it_answers_400_with_the_forms_french_errors_and_files_nothing(alice, companies):
    body = {
        **REMOVAL,
        "beneficiary_last_name": "Martin",
        "beneficiary_first_name": "Chloé",
        "acknowledgement": False,
    }

    response = client_for(alice).post("/api/v1/requests/", body, format="json")

    assert response.status_code == 400
    payload = response.json()
    assert payload["code"] == "invalid"
    assert payload["fields"]["acknowledgement"] == ["Cochez cette case pour envoyer la demande."]
    assert not Request.objects.exists()


def test_a_declarant_beneficiary_gets_the_seeds_explanation(alice, companies):
    body = {**REMOVAL, "beneficiary_last_name": "Martin", "beneficiary_first_name": "Chloé"}

    response = client_for(alice).post("/api/v1/requests/", body, format="json")

    assert response.status_code == 400
    assert (
        "S'il a uniquement le rôle de déclarant"
        in response.json()["fields"]["beneficiary_last_name"][0]
    )


def test_a_core_that_is_down_answers_503_and_files_nothing(alice, core_down):
    response = client_for(alice).post("/api/v1/requests/", REMOVAL, format="json")

    assert response.status_code == 503
    assert response.json()["code"] == "core_unavailable"
    assert "réessayez dans quelques minutes" in response.json()["message"]
    assert "n'a pas pu être faite" in response.json()["fields"]["non_field_errors"][0]
    assert not Request.objects.exists()


def test_an_unknown_type_or_one_not_offered_to_the_user_is_404(alice, liam):
    assert client_for(alice).post("/api/v1/requests/", {"type": "nope"}).status_code == 404
    liquidator = client_for(liam).post("/api/v1/requests/", REMOVAL, format="json")
    assert liquidator.status_code == 404


def test_staff_and_unverified_requesters_may_not_file(alice, tess):
    alice.email_verified_at = None
    alice.save()

    assert client_for(alice).post("/api/v1/requests/", REMOVAL, format="json").status_code == 403
    assert client_for(tess).post("/api/v1/requests/", REMOVAL, format="json").status_code == 403
    assert not Request.objects.exists()


def test_a_refusal_that_links_to_the_open_request_reads_as_plain_text(liam, companies):
    body = {
        "type": "liquidator_access",
        "siret": "73282932000074",
        "recipient_email": "etude.mandataire@example.com",
        "minutes": pdf_upload(),
    }
    first = client_for(liam).post("/api/v1/requests/", body, format="multipart")
    assert first.status_code == 201, first.json()
    body["minutes"] = pdf_upload()

    second = client_for(liam).post("/api/v1/requests/", body, format="multipart")

    assert second.status_code == 400
    (message,) = second.json()["fields"]["non_field_errors"]
    assert first.json()["number"] in message
    assert "<" not in message
    assert Request.objects.count() == 1
