"""One contract, two adapters: every test runs in-process and over HTTP against a live sandbox."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.core import mail

from core_contract import (
    AlreadyCancelled,
    BeneficiaryNotAdministrator,
    Conflict,
    InvalidInput,
    LastAdministrator,
    LinkQuotaExceeded,
    NotAnAdministrator,
    NotFound,
    PersonName,
    SamePerson,
)
from sandbox_core.models import SandboxActor, SandboxResetEvent, SandboxRight
from tests.accounts_bridge.conftest import OTHER_SIRET, SECOND_SIRET, SIRET

pytestmark = pytest.mark.live_core

ALICE = PersonName("Durand", "Alice")
JF = PersonName("LEFEVRE", "jean francois")  # R10: accents, case and hyphen do not matter
CHLOE = PersonName("Martin", "Chloé")


# --- Reads ------------------------------------------------------------------------------------
def test_it_finds_an_establishment_with_its_company_and_enrolment(core, cast):
    establishment = core.find_establishment(SIRET)

    assert establishment.siret == SIRET
    assert establishment.siren == SIRET[:9]
    assert establishment.company_name == "Boulangerie Durand"
    assert establishment.enrolment_type == "multi"
    assert establishment.enrolment_status == "active"


def test_it_accepts_a_siret_typed_with_spaces(core, cast):
    assert core.find_establishment("732 829 320 00074").siret == SIRET


def test_it_refuses_an_unknown_siret_with_a_french_message(core, cast):
    with pytest.raises(NotFound) as caught:
        core.find_establishment("73282932000025")

    assert caught.value.message == "Aucun établissement ne correspond au SIRET 73282932000025."
    assert caught.value.retryable is False


def test_it_refuses_an_invalid_siret_with_a_french_message(core, cast):
    with pytest.raises(InvalidInput) as caught:
        core.find_establishment("73282932000075")

    assert caught.value.message == "Le SIRET doit comporter 14 chiffres et être valide."


def test_it_finds_a_company_with_its_establishments(core, cast):
    company = core.find_company(SIRET[:9])

    assert company.name == "Boulangerie Durand"
    assert [e.siret for e in company.establishments] == [SIRET, SECOND_SIRET]


def test_it_refuses_an_unknown_siren(core, cast):
    with pytest.raises(NotFound):
        core.find_company("100000017")


def test_it_lists_administrators_and_the_declarants_of_the_establishment(core, cast):
    actors = core.list_actors(SIRET)

    assert [(a.last_name, a.first_name, a.role) for a in actors] == [
        ("Durand", "Alice", "both"),
        ("Lefèvre", "Jean-François", "administrator"),
        ("Martin", "Chloé", "declarant"),
    ]
    assert [a.is_administrator for a in actors] == [True, True, False]


def test_a_declarant_without_rights_on_the_establishment_is_not_listed(core, cast):
    assert "Martin" not in [a.last_name for a in core.list_actors(SECOND_SIRET)]


# --- Administrator removal --------------------------------------------------------------------
def test_it_removes_an_administrator_and_transfers_his_rights(core, cast):
    result = core.remove_administrator(
        siret=SIRET, removed=JF, beneficiary=ALICE, idempotency_key="removal-1"
    )

    assert result.removed == PersonName("Lefèvre", "Jean-François")
    assert result.beneficiary == PersonName("Durand", "Alice")
    assert result.transferred_rights == 1
    assert not SandboxActor.objects.filter(last_name="Lefèvre").exists()
    alice_main = SandboxRight.objects.get(actor__last_name="Durand", establishment__siret=SIRET)
    assert (alice_main.can_declare, alice_main.can_pay) == (True, True)


def test_a_replayed_removal_returns_the_first_result_and_does_nothing_more(core, cast):
    first = core.remove_administrator(
        siret=SIRET, removed=JF, beneficiary=ALICE, idempotency_key="removal-2"
    )
    rights_after_first = SandboxRight.objects.count()

    second = core.remove_administrator(
        siret=SIRET, removed=JF, beneficiary=ALICE, idempotency_key="removal-2"
    )

    assert second == first
    assert SandboxRight.objects.count() == rights_after_first


def test_the_same_key_for_another_operation_is_a_conflict(core, cast):
    core.remove_administrator(siret=SIRET, removed=JF, beneficiary=ALICE, idempotency_key="k-3")

    with pytest.raises(Conflict) as caught:
        core.cancel_enrolment(scope="establishment", identifier=SIRET, idempotency_key="k-3")

    assert caught.value.retryable is False


def test_it_refuses_a_declarant_as_beneficiary(core, cast):
    with pytest.raises(BeneficiaryNotAdministrator) as caught:
        core.remove_administrator(
            siret=SIRET, removed=JF, beneficiary=CHLOE, idempotency_key="removal-4"
        )

    assert "uniquement le rôle de déclarant" in caught.value.message
    assert SandboxActor.objects.filter(last_name="Lefèvre").exists()


def test_it_refuses_to_remove_someone_who_is_not_an_administrator(core, cast):
    with pytest.raises(NotAnAdministrator) as caught:
        core.remove_administrator(
            siret=SIRET, removed=CHLOE, beneficiary=ALICE, idempotency_key="removal-5"
        )

    assert (
        caught.value.message == "MARTIN Chloé n'est pas administrateur de l'entreprise 732829320."
    )


def test_it_refuses_the_removed_administrator_as_his_own_beneficiary(core, cast):
    with pytest.raises(SamePerson):
        core.remove_administrator(
            siret=SIRET,
            removed=JF,
            beneficiary=PersonName("Lefèvre", "Jean François"),
            idempotency_key="removal-6",
        )


def test_it_refuses_to_remove_the_last_administrator_without_a_beneficiary(core, cast):
    with pytest.raises(LastAdministrator) as caught:
        core.remove_administrator(
            siret=OTHER_SIRET,
            removed=PersonName("Autre", "Paul"),
            beneficiary=None,
            idempotency_key="removal-7",
        )

    assert "dernier administrateur" in caught.value.message
    assert SandboxActor.objects.filter(last_name="Autre").exists()


def test_a_refused_removal_can_be_retried_with_the_same_key_once_fixed(core, cast):
    with pytest.raises(BeneficiaryNotAdministrator):
        core.remove_administrator(
            siret=SIRET, removed=JF, beneficiary=CHLOE, idempotency_key="removal-8"
        )
    SandboxActor.objects.filter(last_name="Martin").update(role="both")

    result = core.remove_administrator(
        siret=SIRET, removed=JF, beneficiary=CHLOE, idempotency_key="removal-8"
    )

    assert result.beneficiary == PersonName("Martin", "Chloé")


# --- Reset links ------------------------------------------------------------------------------
def issue(
    core,
    key: str,
    *,
    request_ref: str = "REQ-1",
    administrator: PersonName = JF,
    allow_over_quota: bool = False,
):
    return core.issue_reset_link(
        siret=SIRET,
        administrator=administrator,
        recipient_email="liam@example.com",
        request_ref=request_ref,
        idempotency_key=key,
        allow_over_quota=allow_over_quota,
    )


def test_it_issues_a_link_valid_exactly_8_hours_in_utc(core, cast, clock):
    link = issue(core, "link-1")

    assert link.status == "issued"
    assert link.issued_at == clock.at
    assert link.expires_at - link.issued_at == timedelta(hours=8)
    assert link.expires_at.utcoffset() == timedelta(0)
    assert link.expires_at.astimezone(UTC) == clock.at + timedelta(hours=8)


def test_it_sends_the_link_by_email_with_the_seed_wording(core, cast):
    issue(core, "link-2")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Vos coordonnées dans net-entreprises"
    assert message.to == ["liam@example.com"]
    assert "Ce lien a une durée de validité de 8 heures" in message.body
    assert "/sandbox/reinitialisation/" in message.body


def test_a_replayed_issue_returns_the_same_link_and_sends_no_second_email(core, cast):
    first = issue(core, "link-3")
    second = issue(core, "link-3")

    assert second == first
    assert len(mail.outbox) == 1


def test_the_link_status_is_issued_until_8_hours_then_expired(core, cast, clock):
    link = issue(core, "link-4")

    clock.advance(hours=7, minutes=59, seconds=59)
    assert core.link_status(link.link_id).status == "issued"
    clock.advance(seconds=1)
    assert core.link_status(link.link_id).status == "expired"


def test_a_new_link_revokes_every_earlier_one_of_the_same_request(core, cast):
    first = issue(core, "link-5")
    second = issue(core, "link-6")

    assert core.link_status(first.link_id).status == "revoked"
    assert core.link_status(second.link_id).status == "issued"
    assert SandboxResetEvent.objects.filter(kind="revoked").count() == 1


def test_a_new_link_leaves_the_links_of_other_requests_of_the_company_alone(core, cast):
    other_request = issue(core, "link-other", request_ref="REQ-2")

    issue(core, "link-mine", request_ref="REQ-1")
    issue(core, "link-mine-again", request_ref="REQ-1")

    assert core.link_status(other_request.link_id).status == "issued"


def test_it_issues_a_link_only_for_an_administrator_of_the_company(core, cast):
    for stranger in (CHLOE, PersonName("Autre", "Paul"), PersonName("Inconnu", "Jean")):
        with pytest.raises(NotAnAdministrator):
            issue(core, f"link-{stranger.last_name}", administrator=stranger)
    assert mail.outbox == []


def test_the_email_names_the_administrator_the_link_is_for(core, cast):
    issue(core, "link-named", administrator=ALICE)

    assert "DURAND Alice" in str(mail.outbox[0].body)


def test_at_most_3_links_per_request_in_24_hours(core, cast, clock):
    for n in range(3):
        issue(core, f"quota-{n}")

    with pytest.raises(LinkQuotaExceeded) as caught:
        issue(core, "quota-3")
    assert caught.value.http_status == 429
    assert caught.value.retry_at == clock.at + timedelta(hours=24)
    # 08:00 UTC on 16/11/2026 is 09:00 in Paris: the next link may go on 17/11 at 09:00.
    assert "Le prochain lien pourra être envoyé le 17/11/2026 à 09:00" in caught.value.message

    clock.advance(hours=24, seconds=1)
    assert issue(core, "quota-4").status == "issued"


def test_a_lifted_cap_lets_one_more_link_go(core, cast):
    for n in range(3):
        issue(core, f"lift-{n}")

    link = issue(core, "lift-3", allow_over_quota=True)

    assert link.status == "issued"
    last_issued = SandboxResetEvent.objects.filter(kind="issued").last()
    assert last_issued is not None
    assert last_issued.detail == {"over_quota": True}


def test_another_request_has_its_own_quota(core, cast):
    for n in range(3):
        issue(core, f"quota-a-{n}")

    assert issue(core, "quota-b", request_ref="REQ-2").status == "issued"


def test_it_refuses_a_link_for_an_unknown_siret(core, cast):
    with pytest.raises(NotFound):
        core.issue_reset_link(
            siret="73282932000025",
            administrator=JF,
            recipient_email="liam@example.com",
            request_ref="REQ-1",
            idempotency_key="link-7",
        )
    assert mail.outbox == []


def test_it_refuses_an_invalid_recipient_email(core, cast):
    with pytest.raises(InvalidInput) as caught:
        core.issue_reset_link(
            siret=SIRET,
            administrator=JF,
            recipient_email="pas-une-adresse",
            request_ref="R",
            idempotency_key="l8",
        )
    assert caught.value.message == "L'adresse électronique du destinataire est invalide."


def test_the_status_of_an_unknown_link_is_not_found(core, cast):
    with pytest.raises(NotFound):
        core.link_status("6c1f4f8e-4c7b-4c35-9d0e-0d8f5b8a0e11")


# --- Enrolment cancellation -------------------------------------------------------------------
def test_it_cancels_an_establishment_enrolment(core, cast, clock):
    result = core.cancel_enrolment(scope="establishment", identifier=SIRET, idempotency_key="c-1")

    assert (result.scope, result.identifier, result.establishments_cancelled) == (
        "establishment",
        SIRET,
        1,
    )
    assert result.cancelled_at == clock.at
    assert core.find_establishment(SIRET).enrolment_status == "cancelled"
    assert core.find_establishment(SECOND_SIRET).enrolment_status == "active"


def test_it_cancels_a_company_enrolment_and_all_its_establishments(core, cast):
    result = core.cancel_enrolment(scope="company", identifier=SIRET[:9], idempotency_key="c-2")

    assert result.establishments_cancelled == 2
    assert core.find_company(SIRET[:9]).enrolment_status == "cancelled"
    assert core.find_establishment(SECOND_SIRET).enrolment_status == "cancelled"


def test_it_refuses_to_cancel_an_already_cancelled_enrolment(core, cast):
    core.cancel_enrolment(scope="establishment", identifier=SIRET, idempotency_key="c-3")

    with pytest.raises(AlreadyCancelled) as caught:
        core.cancel_enrolment(scope="establishment", identifier=SIRET, idempotency_key="c-4")

    assert caught.value.message == f"L'inscription de l'établissement {SIRET} est déjà résiliée."


def test_a_replayed_cancellation_returns_the_first_result(core, cast):
    first = core.cancel_enrolment(scope="company", identifier=SIRET[:9], idempotency_key="c-5")

    assert core.cancel_enrolment(scope="company", identifier=SIRET[:9], idempotency_key="c-5") == (
        first
    )


def test_it_refuses_a_write_without_an_idempotency_key(core, cast):
    with pytest.raises(InvalidInput):
        core.cancel_enrolment(scope="company", identifier=SIRET[:9], idempotency_key="")


def test_the_status_tells_a_verified_triplet_from_a_created_password(core, cast):
    from sandbox_core.services.reset import reset_password_set, reset_triplet_submit
    from tests.accounts_bridge.conftest import token_from_last_email

    link = issue(core, "status-1")
    outcome = reset_triplet_submit(
        token=token_from_last_email(), siret=SIRET, last_name="Lefèvre", first_name="Jean–François"
    )
    assert outcome.result == "accepted"
    assert core.link_status(link.link_id).status == "verified"

    assert reset_password_set(link_id=link.link_id, actor_id=outcome.actor_id, password="Nouv3au4x")
    assert core.link_status(link.link_id).status == "used"
