"""The liquidator's links on the desk: the named administrator, other requests' live links, and
the three-links-per-day cap (what the technician, the supervisor and the requester read)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts_bridge.adapters.inprocess import InProcessCore
from core_contract import PersonName
from lifecycle.errors import Forbidden, InvalidInput
from lifecycle.machine import State
from lifecycle.models import Request, TransitionLog
from lifecycle.services import requests as services
from lifecycle.types.liquidator_access import LiquidatorAccess
from lifecycle.types.liquidator_links import link_cap_lift
from outbox.errors import PermanentError
from sandbox_core.models import SandboxActor, SandboxResetLink
from tests.accounts_bridge.conftest import SIRET
from tests.lifecycle.types.test_liquidator_access import (  # noqa: F401 - shared fixtures
    OPTIONS,
    RECIPIENT,
    companies,
    execute_and_perform,
    file_liquidator_request,
    lena_liquidator,
    run_outbox,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def taken(liam, tess) -> Request:
    return services.request_take(request=file_liquidator_request(liam), actor=tess)


# --- The named administrator -------------------------------------------------------------------
def test_it_asks_which_administrator_when_the_company_has_several(taken, tess):
    with pytest.raises(InvalidInput) as refused:
        services.request_execute(request=taken, actor=tess)

    assert refused.value.code == "administrator_required"
    assert "Choisissez l'administrateur concerné" in refused.value.message
    assert Request.objects.get(pk=taken.pk).state == State.IN_PROGRESS


@pytest.mark.parametrize(
    "choice", ["Martin|Chloé", "Autre|Paul", "Inconnu|Jean"], ids=["declarant", "foreign", "nobody"]
)
def test_it_refuses_someone_who_is_not_an_administrator_of_the_company(taken, tess, choice):
    with pytest.raises(InvalidInput) as refused:
        services.request_execute(request=taken, actor=tess, options={"administrator": choice})

    assert refused.value.code == "administrator_unknown"


def test_the_link_is_issued_for_the_chosen_administrator_and_the_requests_siret(
    taken, tess, django_capture_on_commit_callbacks
):
    execute_and_perform(taken, tess, django_capture_on_commit_callbacks)

    link = SandboxResetLink.objects.select_related("actor", "establishment").get()
    assert link.actor is not None
    assert link.establishment is not None
    assert (link.actor.last_name, link.establishment.siret) == ("Lefèvre", SIRET)
    data = Request.objects.get(pk=taken.pk).data
    assert (data["administrator_last_name"], data["administrator_first_name"]) == (
        "Lefèvre",
        "Jean-François",
    )


def test_the_only_administrator_is_chosen_by_default(
    taken, tess, django_capture_on_commit_callbacks
):
    SandboxActor.objects.filter(last_name="Durand").update(role="declarant")

    request = services.request_execute(request=taken, actor=tess)
    run_outbox(django_capture_on_commit_callbacks)

    assert request.data["administrator_last_name"] == "Lefèvre"
    assert SandboxResetLink.objects.filter(actor__last_name="Lefèvre").count() == 1


def test_the_execute_form_offers_the_companys_administrators(client, taken, tess):
    client.force_login(tess)

    page = client.get(reverse("helpdesk:backoffice_detail", args=[taken.number])).text

    assert '<select id="execute-administrator" name="administrator" required>' in page
    assert '<option value="Durand|Alice">DURAND Alice</option>' in page
    assert '<option value="Lefèvre|Jean-François">LEFÈVRE Jean-François</option>' in page
    assert "Martin|Chloé" not in page  # a declarant only


# --- Two live links on one company -------------------------------------------------------------
@pytest.fixture
def other_with_live_link(
    lena_liquidator,  # noqa: F811 - the shared fixture
    tess,
    django_capture_on_commit_callbacks,
) -> Request:
    other = services.request_take(request=file_liquidator_request(lena_liquidator), actor=tess)
    return execute_and_perform(other, tess, django_capture_on_commit_callbacks)


def test_executing_while_another_request_has_a_live_link_asks_to_confirm(
    taken, tess, other_with_live_link, django_capture_on_commit_callbacks
):
    with pytest.raises(InvalidInput) as refused:
        services.request_execute(request=taken, actor=tess, options=OPTIONS)
    assert refused.value.code == "live_link_conflict"
    assert other_with_live_link.number in refused.value.message

    confirmed = {**OPTIONS, "confirm_live_link": "1"}
    request = services.request_execute(request=taken, actor=tess, options=confirmed)
    run_outbox(django_capture_on_commit_callbacks)

    assert request.state == State.EXECUTING
    assert SandboxResetLink.objects.filter(revoked_at__isnull=True).count() == 2


def test_the_staff_panel_warns_of_another_requests_live_link(
    client, taken, tess, other_with_live_link
):
    client.force_login(tess)

    page = client.get(reverse("helpdesk:backoffice_detail", args=[taken.number])).text

    assert "une autre demande sur cette entreprise a un lien encore valide" in page
    assert f"/guichet/demandes/{other_with_live_link.number}/" in page
    assert 'name="confirm_live_link"' in page


def test_a_spent_link_elsewhere_is_no_conflict(taken, tess, other_with_live_link):
    SandboxResetLink.objects.update(consumed_at=SandboxResetLink.objects.get().issued_at)

    assert LiquidatorAccess.staff_panel_context(taken)["live_elsewhere"] == []


# --- The three-links-per-day cap ---------------------------------------------------------------
def fill_the_quota(request: Request) -> None:
    for n in range(3):
        InProcessCore().issue_reset_link(
            siret=SIRET,
            administrator=PersonName("Lefèvre", "Jean-François"),
            recipient_email=RECIPIENT,
            request_ref=request.number,
            idempotency_key=f"earlier-{n}",
        )


def test_the_cap_returns_the_request_to_the_technician_and_tells_the_requester(
    taken, tess, settings, django_capture_on_commit_callbacks
):
    settings.GUICHET_OUTBOX_MAX_ATTEMPTS = 1
    fill_the_quota(taken)

    execute_and_perform(taken, tess, django_capture_on_commit_callbacks)

    request = Request.objects.get(pk=taken.pk)
    assert request.state == State.IN_PROGRESS
    assert "Limite de trois liens par 24 heures atteinte" in request.last_error
    assert re.search(
        r"Le prochain lien pourra être envoyé le \d\d/\d\d/\d{4} à \d\d:\d\d\.", request.last_error
    )
    public = request.messages.filter(visibility="public").latest("id")
    assert public.body.startswith("Trois liens vous ont déjà été envoyés pour cette demande")
    assert "Error" not in public.body


def test_only_a_supervisor_lifts_the_cap_and_with_a_reason(taken, tess, sam):
    with pytest.raises(Forbidden):
        link_cap_lift(request=taken, actor=tess, reason="Le liquidateur a changé d'adresse")
    with pytest.raises(InvalidInput):
        link_cap_lift(request=taken, actor=sam, reason="  ")

    assert not TransitionLog.objects.filter(request=taken, name="link_cap_lifted").exists()


def test_a_lifted_cap_lets_one_more_link_go_and_is_kept_in_the_history(
    client, taken, tess, sam, settings, django_capture_on_commit_callbacks
):
    settings.GUICHET_OUTBOX_MAX_ATTEMPTS = 1
    fill_the_quota(taken)
    execute_and_perform(taken, tess, django_capture_on_commit_callbacks)
    client.force_login(sam)
    lift_url = reverse("helpdesk:liquidator_lift_cap", args=[taken.number])
    assert lift_url in client.get(reverse("helpdesk:backoffice_detail", args=[taken.number])).text

    client.post(lift_url, {"reason": "Messagerie du liquidateur en panne"})
    request = execute_and_perform(
        Request.objects.get(pk=taken.pk), tess, django_capture_on_commit_callbacks
    )

    assert request.state == State.RESOLVED
    assert SandboxResetLink.objects.count() == 4
    row = TransitionLog.objects.get(request=taken, name="link_cap_lifted")
    assert (row.actor, row.comment) == (sam, "Messagerie du liquidateur en panne")
    # The lift counted for that link only.
    with pytest.raises(PermanentError):
        LiquidatorAccess.perform_core_action(request, idempotency_key="after-the-lift")


def test_a_technician_is_told_a_supervisor_may_lift_the_cap(
    client, taken, tess, settings, django_capture_on_commit_callbacks
):
    settings.GUICHET_OUTBOX_MAX_ATTEMPTS = 1
    fill_the_quota(taken)
    execute_and_perform(taken, tess, django_capture_on_commit_callbacks)
    client.force_login(tess)

    page = client.get(reverse("helpdesk:backoffice_detail", args=[taken.number])).text

    assert "Seul un superviseur peut lever la limite de trois liens" in page
    assert reverse("helpdesk:liquidator_lift_cap", args=[taken.number]) not in page


# --- What the panel says of each link ------------------------------------------------------------
def test_the_panel_tells_a_verified_triplet_from_a_created_password(
    client, taken, tess, django_capture_on_commit_callbacks
):
    from sandbox_core.services.reset import reset_password_set, reset_triplet_submit
    from tests.accounts_bridge.conftest import token_from_last_email

    execute_and_perform(taken, tess, django_capture_on_commit_callbacks)
    client.force_login(tess)
    page_url = reverse("helpdesk:backoffice_detail", args=[taken.number])
    outcome = reset_triplet_submit(
        token=token_from_last_email(), siret=SIRET, last_name="Lefèvre", first_name="Jean-François"
    )

    verified = client.get(page_url).text
    reset_password_set(link_id=outcome.link_id, actor_id=outcome.actor_id, password="Nouv3au4x")
    created = client.get(page_url).text

    assert 'data-link-status="verified"' in verified
    assert "Triplet vérifié, mot de passe pas encore créé" in verified
    assert 'data-link-status="used"' in created
    assert "Mot de passe créé" in created
    assert "LEFÈVRE Jean-François" in created  # the administrator the link was for
