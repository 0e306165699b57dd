"""Administrator removal with transfer of rights: the form's checks against the core at filing
time, and the core action the outbox performs."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from lifecycle.company_tie import NOT_TIED
from lifecycle.models import Request
from lifecycle.types.admin_removal import AdminRemoval, AdminRemovalForm
from outbox.errors import PermanentError, TransientError
from sandbox_core.models import SandboxActor, SandboxRight
from tests.lifecycle.types.conftest import actor_names

pytestmark = pytest.mark.django_db

SIRET = "73282932000074"
SEED_EXPLANATION = (
    "L'administrateur bénéficiaire du transfert des habilitations doit impérativement être "
    "inscrit sur le site Net-Entreprises en tant qu'administrateur. S'il a uniquement le rôle "
    "de déclarant, le transfert ne pourra s'effectuer vers cet acteur."
)


def fields(**changes: Any) -> dict[str, Any]:
    return {
        "siret": SIRET,
        "removed_last_name": "Lefèvre",
        "removed_first_name": "Jean-François",
        "beneficiary_last_name": "Durand",
        "beneficiary_first_name": "Alice",
        "reason": "Départ de l'entreprise.",
        "acknowledgement": "on",
        **changes,
    }


def form(user: Any, **changes: Any) -> AdminRemovalForm:
    return AdminRemovalForm(fields(**changes), user=user)


def post(client: Any, **changes: Any) -> Any:
    url = reverse("helpdesk:request_form", args=["admin_removal"])
    return client.post(url, fields(**changes))


# --- the form ---------------------------------------------------------------------------------


def test_it_accepts_two_administrators_of_the_company(alice, companies):
    valid = form(alice)

    assert valid.is_valid(), valid.errors
    filing = valid.to_filing()
    assert filing.siret == SIRET
    assert filing.data["beneficiary"] == {"last_name": "Durand", "first_name": "Alice"}


def test_it_matches_names_without_accents_case_or_hyphens(alice, companies):
    assert form(alice, removed_last_name="LEFEVRE", removed_first_name="jean francois").is_valid()


def test_it_refuses_a_declarant_as_beneficiary_with_the_seeds_explanation(alice, companies):
    refused = form(alice, beneficiary_last_name="Martin", beneficiary_first_name="Chloé")

    assert not refused.is_valid()
    assert refused.errors["beneficiary_last_name"] == [SEED_EXPLANATION]


def test_it_refuses_a_beneficiary_unknown_to_the_company(alice, companies):
    refused = form(alice, beneficiary_last_name="Autre", beneficiary_first_name="Paul")

    assert not refused.is_valid()
    assert refused.errors["beneficiary_last_name"] == [SEED_EXPLANATION]


def test_it_refuses_to_remove_someone_who_is_not_an_administrator(alice, companies):
    refused = form(alice, removed_last_name="Martin", removed_first_name="Chloé")

    assert not refused.is_valid()
    assert list(refused.errors) == ["removed_last_name"]
    assert (
        "MARTIN Chloé n'est pas inscrit(e) comme administrateur"
        in refused.errors["removed_last_name"][0]
    )


def test_it_refuses_the_same_person_as_removed_and_beneficiary(alice, companies):
    refused = form(alice, beneficiary_last_name="LEFEVRE", beneficiary_first_name="Jean Francois")

    assert not refused.is_valid()
    assert refused.errors["beneficiary_last_name"] == [
        "Le bénéficiaire du transfert doit être un autre administrateur que la personne à radier."
    ]


def test_it_refuses_an_invalid_siret_without_asking_the_core(alice, core_down):
    refused = form(alice, siret="73282932000075")

    assert not refused.is_valid()
    assert refused.errors["siret"] == ["Le SIRET doit comporter 14 chiffres et être valide."]
    assert "__all__" not in refused.errors  # the core was not asked


def test_it_refuses_a_siret_the_core_does_not_know(alice, companies):
    refused = form(alice, siret="35600000000048")

    assert not refused.is_valid()
    assert refused.errors["siret"] == ["Aucun établissement ne correspond au SIRET 35600000000048."]


def test_it_requires_the_acknowledgement(alice, companies):
    refused = form(alice, acknowledgement="")

    assert not refused.is_valid()
    assert refused.errors["acknowledgement"] == ["Cochez cette case pour envoyer la demande."]


def test_a_core_that_is_down_is_said_and_nothing_is_filed(client, alice, core_down):
    client.force_login(alice)

    response = post(client, reason="Motif gardé")

    page = response.content.decode()
    assert response.status_code == 400
    assert "La vérification auprès du service des comptes n&#x27;a pas pu être faite" in page
    assert "Motif gardé" in page
    assert not Request.objects.exists()


def test_the_page_shows_the_error_next_to_its_field_keeps_values_and_files_nothing(
    client, alice, companies
):
    client.force_login(alice)

    response = post(client, beneficiary_last_name="Martin", beneficiary_first_name="Chloé")

    page = response.content.decode()
    assert response.status_code == 400
    assert "inscrit sur le site Net-Entreprises en tant qu&#x27;administrateur" in page
    assert 'value="Chloé"' in page
    assert "Départ de l&#x27;entreprise." in page
    assert not Request.objects.exists()


def test_the_page_files_a_valid_request(client, alice, companies):
    client.force_login(alice)

    response = post(client)

    ticket = Request.objects.get()
    assert response.status_code == 302
    assert (ticket.type_key, ticket.siret, ticket.state) == ("admin_removal", SIRET, "submitted")
    assert ticket.data["removed"] == {"last_name": "Lefèvre", "first_name": "Jean-François"}


# --- the requester's tie to the company -------------------------------------------------------


def test_it_records_the_tie_of_a_requester_whose_profile_siren_is_the_companys(alice, companies):
    valid = form(alice)

    assert valid.is_valid(), valid.errors
    assert valid.to_filing().data["requester_tie"] == "profile_siren"


def test_it_refuses_a_requester_from_another_company_on_the_siret_field(bob, companies):
    refused = form(bob)

    assert not refused.is_valid()
    assert refused.errors["siret"] == [str(NOT_TIED)]
    # An outsider learns nothing about who administers the company.
    assert "removed_last_name" not in refused.errors
    assert "beneficiary_last_name" not in refused.errors


def test_it_accepts_a_requester_whose_address_is_an_actor_of_the_company(bob, companies):
    bob.email = "jf@example.com"  # Jean-François Lefèvre's address on the core
    bob.save()

    valid = form(
        bob,
        removed_last_name="Durand",
        removed_first_name="Alice",
        beneficiary_last_name="Lefèvre",
        beneficiary_first_name="Jean-François",
    )

    assert valid.is_valid(), valid.errors
    assert valid.to_filing().data["requester_tie"] == "core_actor"


def test_the_page_refuses_a_removal_from_outside_the_company_and_files_nothing(
    client, bob, companies
):
    client.force_login(bob)

    response = post(client)

    assert response.status_code == 400
    assert "Vous n&#x27;êtes pas rattaché(e) à cette entreprise" in response.content.decode()
    assert not Request.objects.exists()


def test_the_staff_page_shows_the_requesters_tie_to_the_company(client, tess, filed):
    client.force_login(tess)

    page = client.get(reverse("helpdesk:backoffice_detail", args=[filed.number])).content.decode()

    assert "Lien avec l'entreprise :" in page
    assert "<strong>SIREN du profil</strong>" in page


def test_it_renders_its_data_with_french_labels(filed):
    assert AdminRemoval.data_display(filed) == [
        ("Administrateur à radier", "LEFÈVRE Jean-François"),
        ("Bénéficiaire du transfert des habilitations", "DURAND Alice"),
        ("Motif", "Départ de l'entreprise."),
    ]


def test_a_liquidator_is_not_offered_the_form(client, liam):
    client.force_login(liam)

    assert client.get(reverse("helpdesk:request_form", args=["admin_removal"])).status_code == 404


# --- the core action --------------------------------------------------------------------------


@pytest.fixture
def filed(alice, companies, file_request) -> Request:
    valid = form(alice)
    assert valid.is_valid(), valid.errors
    return file_request(alice, type_key="admin_removal", **valid.to_filing().as_kwargs())


def test_the_core_action_removes_and_transfers_and_names_the_beneficiary(filed, companies):
    result = AdminRemoval.perform_core_action(filed, idempotency_key="k-1")

    assert ("Lefèvre", "administrator") not in actor_names(companies.company)
    assert result == {
        "removed": "LEFÈVRE Jean-François",
        "beneficiary": "DURAND Alice",
        "transferred_rights": 1,
    }
    assert SandboxRight.objects.get(actor__last_name="Durand", establishment__siret=SIRET).can_pay
    message = AdminRemoval.resolution_message(filed, result)
    assert "LEFÈVRE Jean-François a été radié" in message
    assert "transférées à DURAND Alice" in message


def test_replaying_the_same_key_changes_nothing_more(filed, companies):
    first = AdminRemoval.perform_core_action(filed, idempotency_key="k-1")
    actors = actor_names(companies.company)

    again = AdminRemoval.perform_core_action(filed, idempotency_key="k-1")

    assert again == first
    assert actor_names(companies.company) == actors


def test_a_core_that_is_down_at_execution_is_transient(filed, core_down):
    with pytest.raises(TransientError):
        AdminRemoval.perform_core_action(filed, idempotency_key="k-1")


def test_a_beneficiary_who_lost_his_role_since_filing_is_permanent_with_the_cores_reason(
    filed, companies
):
    SandboxActor.objects.filter(last_name="Durand").update(role="declarant")

    with pytest.raises(PermanentError) as refused:
        AdminRemoval.perform_core_action(filed, idempotency_key="k-1")

    assert "S'il a uniquement le rôle de déclarant" in str(refused.value)
    assert ("Lefèvre", "administrator") in actor_names(companies.company)


def test_it_is_offered_to_employer_side_requesters_only(alice, liam, tess):
    assert AdminRemoval.is_available_to(alice)
    assert not AdminRemoval.is_available_to(liam)
    assert not AdminRemoval.is_available_to(tess)
