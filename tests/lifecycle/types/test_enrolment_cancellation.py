"""Enrolment cancellation: scope, reason, the requester's triplet checked against the core at
filing time, and the cancellation the outbox asks the core for."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lifecycle.company_tie import NOT_TIED
from lifecycle.models import Request
from lifecycle.types.enrolment_cancellation import (
    EnrolmentCancellation,
    EnrolmentCancellationForm,
)
from outbox.errors import PermanentError, TransientError
from sandbox_core.models import SandboxCompany, SandboxEstablishment

pytestmark = pytest.mark.django_db

SIRET = "73282932000074"
SECOND_SIRET = "73282932000108"
SIREN = "732829320"


def fields(**changes: Any) -> dict[str, Any]:
    return {
        "scope": "establishment",
        "siret": SECOND_SIRET,
        "siren": "",
        "requester_last_name": "Durand",
        "requester_first_name": "Alice",
        "reason": "wrong_type",
        "details": "",
        "acknowledgement": "on",
        **changes,
    }


def form(user: Any, **changes: Any) -> EnrolmentCancellationForm:
    return EnrolmentCancellationForm(fields(**changes), user=user)


def test_it_accepts_an_establishment_of_the_requesters_company(alice, companies):
    valid = form(alice)

    assert valid.is_valid(), valid.errors
    filing = valid.to_filing()
    assert (filing.siret, filing.data["scope"], filing.data["identifier"]) == (
        SECOND_SIRET,
        "establishment",
        SECOND_SIRET,
    )
    assert "Mauvais type d'inscription choisi" in filing.description


def test_it_refuses_a_requester_from_another_company_who_types_an_administrators_name(
    bob, companies
):
    refused = form(bob)  # Bob (La Poste's SIRET) types Alice Durand's name

    assert not refused.is_valid()
    assert refused.errors["siret"] == [str(NOT_TIED)]
    assert refused.requester_tie == "none"


def test_it_refuses_the_whole_company_to_a_requester_from_another_company(bob, companies):
    refused = form(bob, scope="company", siret="", siren=SIREN)

    assert not refused.is_valid()
    assert refused.errors["siren"] == [str(NOT_TIED)]


def test_it_ties_a_requester_whose_address_is_an_actor_of_the_company(bob, companies):
    bob.email = "alice.admin@example.com"
    bob.save()

    valid = form(bob)

    assert valid.is_valid(), valid.errors
    assert valid.to_filing().data["requester_tie"] == "core_actor"


def test_it_renders_its_data_with_french_labels_and_shows_the_tie(client, alice, tess, companies):
    client.force_login(alice)
    client.post(reverse("helpdesk:request_form", args=["enrolment_cancellation"]), fields())
    ticket = Request.objects.get()

    assert EnrolmentCancellation.data_display(ticket) == [
        ("Portée", f"Établissement, SIRET {SECOND_SIRET}"),
        (
            "Motif",
            "Mauvais type d'inscription choisi (mono-établissement, multi-établissements ou "
            "tiers déclarant)",
        ),
        ("Administrateur demandeur (déclaré)", "DURAND Alice"),
    ]
    client.force_login(tess)
    page = client.get(reverse("helpdesk:backoffice_detail", args=[ticket.number])).content.decode()
    assert "<strong>SIREN du profil</strong>" in page
    assert "reason_label" not in page
    assert "requester_tie" not in page


def test_it_accepts_the_whole_company_by_its_siren(alice, companies):
    valid = form(alice, scope="company", siret="", siren="732 829 320")

    assert valid.is_valid(), valid.errors
    assert valid.to_filing().data["identifier"] == SIREN


def test_it_offers_the_wrong_enrolment_type_reason(alice):
    rendered = str(EnrolmentCancellationForm(user=alice)["reason"])

    assert "Mauvais type d&#x27;inscription choisi" in rendered


def test_it_prefills_the_requesters_name(alice):
    blank = EnrolmentCancellationForm(user=alice)

    assert blank["requester_last_name"].value() == "Durand"


def test_it_requires_the_identifier_of_the_chosen_scope(alice, companies):
    refused = form(alice, scope="company", siren="")

    assert not refused.is_valid()
    assert refused.errors["siren"] == ["Ce champ est obligatoire."]


def test_it_refuses_an_invalid_siren_or_siret(alice, companies):
    assert form(alice, scope="company", siren="123456789").errors["siren"] == [
        "Le SIREN doit comporter 9 chiffres et être valide."
    ]
    assert form(alice, siret="73282932000075").errors["siret"] == [
        "Le SIRET doit comporter 14 chiffres et être valide."
    ]


def test_it_refuses_a_scope_the_core_does_not_know(alice, companies):
    refused = form(alice, siret="35600000000048")

    assert refused.errors["siret"] == ["Aucun établissement ne correspond au SIRET 35600000000048."]


def test_it_refuses_a_requester_who_is_not_an_administrator_of_it(alice, companies):
    refused = form(alice, requester_last_name="Martin", requester_first_name="Chloé")

    assert not refused.is_valid()
    assert str(refused.errors["requester_last_name"][0]).startswith(
        "Vous n'êtes pas inscrit(e) comme administrateur de cette entreprise"
    )


def test_it_refuses_an_enrolment_already_cancelled(alice, companies):
    SandboxEstablishment.objects.filter(siret=SECOND_SIRET).update(enrolment_status="cancelled")

    assert form(alice).errors["siret"] == ["Cette inscription est déjà résiliée."]


def test_it_requires_details_for_another_reason(alice, companies):
    assert form(alice, reason="other").errors["details"] == ["Précisez le motif de la résiliation."]


def test_it_requires_the_acknowledgement(alice, companies):
    assert form(alice, acknowledgement="").errors["acknowledgement"] == [
        "Cochez cette case pour envoyer la demande."
    ]


def test_a_core_that_is_down_is_said_keeps_values_and_files_nothing(client, alice, core_down):
    client.force_login(alice)

    response = client.post(
        reverse("helpdesk:request_form", args=["enrolment_cancellation"]),
        fields(details="Précision gardée"),
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "n&#x27;a pas pu être faite" in page
    assert "Précision gardée" in page
    assert not Request.objects.exists()


# --- the core action --------------------------------------------------------------------------


def filed(alice: Any, file_request: Any, **changes: Any) -> Request:
    valid = form(alice, **changes)
    assert valid.is_valid(), valid.errors
    return file_request(alice, type_key="enrolment_cancellation", **valid.to_filing().as_kwargs())


def test_the_core_action_cancels_the_company_and_its_establishments(alice, companies, file_request):
    request = filed(alice, file_request, scope="company", siret="", siren=SIREN)

    result = EnrolmentCancellation.perform_core_action(request, idempotency_key="k-1")

    assert SandboxCompany.objects.get(siren=SIREN).enrolment_status == "cancelled"
    assert result["establishments_cancelled"] == 2
    message = EnrolmentCancellation.resolution_message(request, result)
    assert "L'inscription de l'entreprise (SIREN 732829320) est résiliée" in message
    assert "vous inscrire à nouveau en choisissant le bon type" in message


def test_replaying_the_same_key_returns_the_first_result(alice, companies, file_request):
    request = filed(alice, file_request)
    first = EnrolmentCancellation.perform_core_action(request, idempotency_key="k-1")

    assert EnrolmentCancellation.perform_core_action(request, idempotency_key="k-1") == first
    assert SandboxEstablishment.objects.get(siret=SECOND_SIRET).enrolment_status == "cancelled"
    assert SandboxEstablishment.objects.get(siret=SIRET).enrolment_status == "active"


def test_an_enrolment_cancelled_since_filing_is_permanent(alice, companies, file_request):
    request = filed(alice, file_request)
    SandboxEstablishment.objects.filter(siret=SECOND_SIRET).update(enrolment_status="cancelled")

    with pytest.raises(PermanentError, match="déjà résiliée"):
        EnrolmentCancellation.perform_core_action(request, idempotency_key="k-2")


def test_a_core_that_is_down_at_execution_is_transient(alice, companies, file_request, settings):
    request = filed(alice, file_request)
    settings.GUICHET_CORE_ADAPTER = "http"
    settings.GUICHET_CORE_URL = "http://127.0.0.1:9/sandbox/api/v1"
    settings.GUICHET_CORE_TIMEOUT = 1.0

    with pytest.raises(TransientError):
        EnrolmentCancellation.perform_core_action(request, idempotency_key="k-1")


def test_it_is_offered_to_employer_side_requesters_only(alice, liam, tess):
    assert EnrolmentCancellation.is_available_to(alice)
    assert not EnrolmentCancellation.is_available_to(liam)
    assert not EnrolmentCancellation.is_available_to(tess)
