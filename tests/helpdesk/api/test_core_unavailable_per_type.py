# ruff: noqa: F811 - pytest fixtures imported from the request types' conftest
"""With the account core down, every type's filing answers the same way over the API: 503
``core_unavailable`` with nothing filed, since every type asks the core through one helper
(``lifecycle.core_calls.core_check``). The question asks nothing of the core and is filed."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from lifecycle import registry
from lifecycle.models import Request, Theme
from tests.documents.files import pdf_upload
from tests.lifecycle.types.conftest import core_down  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

SIRET = "73282932000074"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def assert_core_unavailable(response) -> None:
    assert response.status_code == 503, response.json()
    assert response.json()["code"] == "core_unavailable"
    assert "réessayez dans quelques minutes" in response.json()["message"]
    assert int(response["Retry-After"]) > 0
    assert not Request.objects.exists()


def test_every_type_that_asks_the_core_at_filing_is_covered_below():
    assert {t.key for t in registry.all_types() if not t.key.startswith("test_")} == {
        "admin_removal",
        "enrolment_cancellation",
        "liquidator_access",
        "question",
    }


def test_an_admin_removal_answers_503_when_the_core_is_down(alice, core_down):
    body = {
        "type": "admin_removal",
        "siret": SIRET,
        "removed_last_name": "Lefèvre",
        "removed_first_name": "Jean-François",
        "beneficiary_last_name": "Durand",
        "beneficiary_first_name": "Alice",
        "reason": "Départ de l'entreprise.",
        "acknowledgement": True,
    }

    assert_core_unavailable(client_for(alice).post("/api/v1/requests/", body, format="json"))


def test_an_enrolment_cancellation_answers_503_when_the_core_is_down(alice, core_down):
    body = {
        "type": "enrolment_cancellation",
        "scope": "establishment",
        "siret": SIRET,
        "siren": "",
        "requester_last_name": "Durand",
        "requester_first_name": "Alice",
        "reason": "wrong_type",
        "acknowledgement": True,
    }

    assert_core_unavailable(client_for(alice).post("/api/v1/requests/", body, format="json"))


def test_a_liquidator_access_answers_503_when_the_core_is_down(liam, core_down):
    body = {
        "type": "liquidator_access",
        "siret": SIRET,
        "recipient_email": "etude.mandataire@example.com",
        "minutes": pdf_upload(),
    }

    assert_core_unavailable(client_for(liam).post("/api/v1/requests/", body, format="multipart"))


def test_a_question_needs_no_core_and_is_filed_while_it_is_down(alice, core_down):
    theme = Theme.objects.filter(parent=None).first()
    if theme is None:  # a transactional test elsewhere flushed the seeded themes
        theme = Theme.objects.create(name="Se connecter sur le site", position=0)
        Theme.objects.create(name="Connexion par mot de passe", parent=theme, position=0)
    subtheme = theme.subthemes.first()
    assert subtheme is not None
    body = {
        "type": "question",
        "theme": theme.pk,
        "subtheme": subtheme.pk,
        "subject": "Mot de passe refusé",
        "question": "Mon mot de passe est refusé depuis hier.",
    }

    response = client_for(alice).post("/api/v1/requests/", body, format="json")

    assert response.status_code == 201, response.json()
    assert Request.objects.count() == 1
