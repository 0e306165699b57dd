"""The judicial liquidator access type: filing refusals, the core action, the staff panel,
non compliance and reopening "lien expiré"."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts_bridge.adapters.inprocess import InProcessCore
from core_contract import PersonName
from lifecycle import registry
from lifecycle.errors import DuplicateOpenRequest, TransitionRefused
from lifecycle.machine import Outcome, State
from lifecycle.models import Attachment, Request
from lifecycle.services import requests as services
from lifecycle.services.filing import request_submit
from lifecycle.types.liquidator_access import LiquidatorAccess, LiquidatorAccessForm
from outbox.errors import PermanentError, TransientError
from outbox.relay import effects_dispatch_due
from outbox.selectors import effects_for_subject
from outbox.services import effect_execute, effects_purge_payloads
from sandbox_core.models import SandboxResetLink
from tests.accounts_bridge.conftest import OTHER_SIRET, SECOND_SIRET, SIRET, make_companies
from tests.documents.files import html_upload, pdf_upload

pytestmark = pytest.mark.django_db

KEY = "liquidator_access"
RECIPIENT = "etude.mandataire@example.com"
FORM_URL = reverse("helpdesk:request_form", args=[KEY])
UNKNOWN_SIRET = "35600000000048"  # valid (La Poste's rule) but not in the sandbox
# The technician names the administrator the link is for (the bakery has two).
OPTIONS = {"administrator": "Lefèvre|Jean-François"}


@pytest.fixture
def lena_liquidator(db) -> Any:
    """A second judicial liquidator, on the same company as Liam."""
    from tests.conftest import make_user
    from users import roles
    from users.models import User

    return make_user(
        "lena@example.com",
        role=roles.REQUESTER,
        first_name="Léna",
        last_name="Syndic",
        profile=User.Profile.LIQUIDATOR,
        email_verified_at=timezone.now(),
    )


@pytest.fixture(autouse=True)
def companies(db) -> Any:
    return make_companies()


@pytest.fixture
def core_down(settings) -> None:
    """The HTTP adapter pointed at a closed loopback port: every call is ``Unavailable``."""
    settings.GUICHET_CORE_ADAPTER = "http"
    settings.GUICHET_CORE_URL = "http://127.0.0.1:9/sandbox/api/v1"
    settings.GUICHET_CORE_TIMEOUT = 1.0


def post_form(client: Any, **fields: Any) -> Any:
    data = {"siret": SIRET, "recipient_email": RECIPIENT, "minutes": pdf_upload(), **fields}
    data = {k: v for k, v in data.items() if v is not None}
    return client.post(FORM_URL, data)


def file_liquidator_request(liam: Any, siret: str = SIRET, files: Any = None) -> Request:
    return services.request_file(
        requester=liam,
        type_key=KEY,
        description="SIRET concerné : …",
        siret=siret,
        data={"recipient_email": RECIPIENT},
        files=[pdf_upload()] if files is None else files,
    )


def the_effect(request: Request) -> Any:
    return effects_for_subject(request.subject_ref).get(
        idempotency_key=request.pending_idempotency_key
    )


def run_outbox(on_commit: Any) -> None:
    """What the relay and the worker do after commit, in this process."""
    with on_commit(execute=True):
        effects_dispatch_due(publish=lambda pk: effect_execute(effect_id=pk))


def execute_and_perform(request: Request, tess: Any, on_commit: Any) -> Request:
    request = services.request_execute(request=request, actor=tess, options=OPTIONS)
    run_outbox(on_commit)
    request.refresh_from_db()
    return request


# --- Who may file, and what the form shows ------------------------------------------------------
def test_the_form_is_offered_to_liquidators_only(client, alice, liam):
    client.force_login(alice)
    assert client.get(FORM_URL).status_code == 404
    assert "Liquidateur judiciaire" not in client.get(reverse("helpdesk:request_new")).text

    client.force_login(liam)
    page = client.get(FORM_URL)

    assert page.status_code == 200
    assert "LIQUIDATEUR JUDICIAIRE – PROCEDURE SPECIFIQUE" in page.text
    assert "Se connecter sur le site / Connexion par mot de passe" in page.text
    assert "SIRET concerné" in page.text
    assert "Mail du liquidateur à renseigner" in page.text
    assert 'value="liam@example.com"' in page.text  # his own address, to change if need be


def test_a_complete_request_is_filed_with_the_fixed_classification(client, liam):
    client.force_login(liam)

    response = post_form(client, comment="Jugement du 3 novembre.")

    ticket = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:request_detail", args=[ticket.number])
    assert (ticket.type_key, ticket.siret, ticket.requester) == (KEY, SIRET, liam)
    assert (ticket.theme, ticket.subtheme, ticket.subject) == (
        "Se connecter sur le site",
        "Connexion par mot de passe",
        "LIQUIDATEUR JUDICIAIRE – PROCEDURE SPECIFIQUE",
    )
    assert ticket.data == {"recipient_email": RECIPIENT, "company_name": "Boulangerie Durand"}
    assert ticket.attachments.get().mime == "application/pdf"
    description = ticket.messages.get().body
    assert f"SIRET concerné : {SIRET}" in description
    assert f"Mail du liquidateur à renseigner : {RECIPIENT}" in description
    assert "Jugement du 3 novembre." in description


# --- Refusals: each in French next to its field, values kept, nothing filed -----------------------
def assert_refused(response: Any, message: str) -> str:
    assert response.status_code == 400
    assert message in response.text
    assert not Request.objects.exists()
    return str(response.text)


def test_an_invalid_siret_is_refused_next_to_its_field(client, liam):
    client.force_login(liam)

    page = assert_refused(
        post_form(client, siret="73282932000079"),
        "Le SIRET doit comporter 14 chiffres et être valide.",
    )
    assert f'value="{RECIPIENT}"' in page


def test_a_siret_unknown_to_the_core_is_refused_next_to_its_field(client, liam):
    client.force_login(liam)

    page = assert_refused(
        post_form(client, siret=UNKNOWN_SIRET),
        "Aucun établissement ne correspond au SIRET",
    )
    assert f'value="{UNKNOWN_SIRET}"' in page


def test_a_core_down_at_filing_says_the_check_could_not_be_made(client, liam, core_down):
    client.force_login(liam)

    page = assert_refused(post_form(client), "n&#x27;a pas pu être faite")
    assert "réessayez" in page
    assert f'value="{SIRET}"' in page
    assert f'value="{RECIPIENT}"' in page


def test_a_request_without_the_court_minutes_is_refused_up_front(client, liam):
    client.force_login(liam)

    assert_refused(post_form(client, minutes=None), "sera jugée non conforme")


def test_html_renamed_pdf_is_refused_as_minutes(client, liam):
    client.force_login(liam)

    page = assert_refused(post_form(client, minutes=html_upload("minutes.pdf")), "minutes")
    assert "n&#x27;est pas un PDF, une image JPEG ou une image PNG" in page


def test_a_second_open_request_for_the_same_siret_is_refused_with_a_link_to_the_first(client, liam):
    first = file_liquidator_request(liam)
    client.force_login(liam)

    response = post_form(client)

    assert response.status_code == 400
    assert "Une demande est déjà en cours pour cette entreprise." in response.text
    assert f'<a href="/espace/demandes/{first.number}/">{first.number}</a>' in response.text
    assert Request.objects.count() == 1


def test_a_resolved_request_does_not_block_a_new_one(client, liam, tess):
    first = services.request_take(request=file_liquidator_request(liam), actor=tess)
    services.request_resolve(
        request=first, actor=tess, outcome=Outcome.NON_COMPLIANT, message="Minutes illisibles."
    )
    client.force_login(liam)

    response = post_form(client)

    assert response.status_code == 302
    assert Request.objects.count() == 2


def test_an_open_request_for_another_siret_does_not_block(client, liam):
    file_liquidator_request(liam, siret=OTHER_SIRET)
    client.force_login(liam)

    assert post_form(client).status_code == 302
    assert Request.objects.count() == 2


def test_the_database_holds_the_rule_against_a_concurrent_filing(liam):
    form = LiquidatorAccessForm(
        {"siret": SIRET, "recipient_email": RECIPIENT}, {"minutes": pdf_upload()}, user=liam
    )
    assert form.is_valid(), form.errors
    file_liquidator_request(liam)  # filed by another tab after the form was checked

    with pytest.raises(DuplicateOpenRequest) as refused:
        request_submit(requester=liam, request_type=LiquidatorAccess, form=form)

    assert refused.value.code == "already_open"
    assert refused.value.field == "siret"
    assert Request.objects.count() == 1
    with pytest.raises(DuplicateOpenRequest):
        file_liquidator_request(liam)
    assert Request.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_for_one_siret_file_exactly_one(liam):
    count = 6
    forms = [
        LiquidatorAccessForm(
            {"siret": SIRET, "recipient_email": RECIPIENT}, {"minutes": pdf_upload()}, user=liam
        )
        for _ in range(count)
    ]
    assert all(form.is_valid() for form in forms)
    barrier = Barrier(count)

    def submit(form: LiquidatorAccessForm) -> str:
        try:
            barrier.wait(timeout=10)
            request_submit(requester=liam, request_type=LiquidatorAccess, form=form)
        except DuplicateOpenRequest as refused:
            return refused.code
        finally:
            connection.close()
        return "filed"

    with ThreadPoolExecutor(max_workers=count) as pool:
        results = list(pool.map(submit, forms))

    assert results.count("filed") == 1
    assert results.count("already_open") == count - 1
    assert Request.objects.count() == 1
    assert Attachment.objects.count() == 1


def test_reopening_is_refused_while_another_request_is_open_for_the_siret(liam, tess):
    first = services.request_take(request=file_liquidator_request(liam), actor=tess)
    first = services.request_resolve(
        request=first, actor=tess, outcome=Outcome.REFUSED, message="Refusée."
    )
    second = file_liquidator_request(liam)

    with pytest.raises(TransitionRefused) as refused:
        services.request_reopen(request=first, actor=liam, reason="Le lien a expiré")

    assert refused.value.code == "already_open"
    assert second.number in refused.value.message
    first.refresh_from_db()
    assert first.state == State.RESOLVED


def test_execution_is_refused_without_the_court_minutes(liam, tess):
    request = services.request_take(request=file_liquidator_request(liam, files=[]), actor=tess)

    with pytest.raises(TransitionRefused) as refused:
        services.request_execute(request=request, actor=tess, options=OPTIONS)

    assert refused.value.code == "minutes_missing"


# --- The core action: the link, its errors ------------------------------------------------------
@pytest.fixture
def taken(liam, tess) -> Request:
    return services.request_take(request=file_liquidator_request(liam), actor=tess)


def test_approving_has_the_core_email_the_link_and_resolves_without_showing_it(
    taken, tess, django_capture_on_commit_callbacks
):
    request = services.request_execute(request=taken, actor=tess, options=OPTIONS)
    effect = the_effect(request)

    run_outbox(django_capture_on_commit_callbacks)

    request.refresh_from_db()
    effect.refresh_from_db()
    result = effect.result
    assert request.state == State.RESOLVED
    assert request.outcome == Outcome.DONE
    link = SandboxResetLink.objects.get()
    assert (link.recipient_email, link.request_ref) == (RECIPIENT, request.number)
    assert result["link_id"] == str(link.link_id)
    assert set(result) == {"link_id", "issued_at", "expires_at"}  # never the token
    (sent,) = [m for m in mail.outbox if m.to == [RECIPIENT]]
    assert "/sandbox/reinitialisation/" in sent.body
    public = request.messages.latest("id")
    assert public.body.startswith("Votre demande a été traitée.")
    assert "reinitialisation" not in public.body


def test_a_core_that_is_down_is_retried(taken, tess, core_down):
    request = services.request_execute(request=taken, actor=tess, options=OPTIONS)

    with pytest.raises(TransientError):
        LiquidatorAccess.perform_core_action(
            request, idempotency_key=request.pending_idempotency_key
        )


def test_a_core_down_at_execution_keeps_the_request_executing_then_returns_it_with_the_error(
    taken, tess, core_down, settings, django_capture_on_commit_callbacks
):
    settings.GUICHET_OUTBOX_MAX_ATTEMPTS = 2
    request = services.request_execute(request=taken, actor=tess, options=OPTIONS)

    run_outbox(django_capture_on_commit_callbacks)

    effect = the_effect(request)
    request.refresh_from_db()
    assert request.state == State.EXECUTING
    assert (effect.status, effect.attempts) == ("pending", 1)
    assert "indisponible" in effect.last_error

    effect.next_attempt_at = timezone.now()
    effect.save(update_fields=["next_attempt_at"])
    run_outbox(django_capture_on_commit_callbacks)

    effect.refresh_from_db()
    request.refresh_from_db()
    assert effect.status == "dead"
    assert request.state == State.IN_PROGRESS
    assert "indisponible" in request.last_error
    assert not SandboxResetLink.objects.exists()


def test_a_refusal_of_the_core_is_permanent_with_its_french_message(taken, tess):
    core = InProcessCore()
    for n in range(3):  # the quota: 3 links per request per 24 h
        core.issue_reset_link(
            siret=SIRET,
            administrator=PersonName("Durand", "Alice"),
            recipient_email=RECIPIENT,
            request_ref=taken.number,
            idempotency_key=f"earlier-{n}",
        )
    request = services.request_execute(request=taken, actor=tess, options=OPTIONS)

    with pytest.raises(PermanentError) as failed:
        LiquidatorAccess.perform_core_action(
            request, idempotency_key=request.pending_idempotency_key
        )

    assert str(failed.value).startswith(
        "Limite de trois liens par 24 heures atteinte pour cette demande. Le prochain lien pourra "
        "être envoyé le "
    )
    assert "Un superviseur peut lever la limite" in str(failed.value)


def test_reopening_for_an_expired_link_and_executing_again_issues_a_new_link(
    taken, liam, tess, django_capture_on_commit_callbacks
):
    first = execute_and_perform(taken, tess, django_capture_on_commit_callbacks)
    reopened = services.request_reopen(request=first, actor=liam, reason="Le lien a expiré")
    assert reopened.state == State.UPDATED
    assert reopened.assignee == tess

    second = execute_and_perform(reopened, tess, django_capture_on_commit_callbacks)

    assert second.state == State.RESOLVED
    keys = list(
        effects_for_subject(second.subject_ref)
        .filter(kind=services.CORE_ACTION)
        .values_list("key", flat=True)
    )
    assert len(keys) == len(set(keys)) == 2  # one idempotency key per execution
    old, new = SandboxResetLink.objects.order_by("issued_at", "pk")
    assert old.revoked_at is not None
    assert new.revoked_at is None


# --- The staff page --------------------------------------------------------------------------
def test_the_staff_page_shows_the_links_life_read_from_the_core(
    client, taken, liam, tess, django_capture_on_commit_callbacks
):
    request = execute_and_perform(taken, tess, django_capture_on_commit_callbacks)
    request = services.request_reopen(request=request, actor=liam, reason="Le lien a expiré")
    execute_and_perform(request, tess, django_capture_on_commit_callbacks)
    client.force_login(tess)

    page = client.get(reverse("helpdesk:backoffice_detail", args=[request.number])).text

    assert "2 liens envoyés" in page
    assert 'data-link-status="issued"' in page
    assert 'data-link-status="revoked"' in page
    assert RECIPIENT in page
    assert "/sandbox/reinitialisation/" not in page


def test_the_staff_page_says_when_the_links_cannot_be_read(
    client, taken, tess, settings, django_capture_on_commit_callbacks
):
    request = execute_and_perform(taken, tess, django_capture_on_commit_callbacks)
    settings.GUICHET_CORE_ADAPTER = "http"
    settings.GUICHET_CORE_URL = "http://127.0.0.1:9/sandbox/api/v1"
    settings.GUICHET_CORE_TIMEOUT = 1.0
    client.force_login(tess)

    response = client.get(reverse("helpdesk:backoffice_detail", args=[request.number]))

    assert response.status_code == 200
    assert "n'a pas pu être lu" in response.text


def test_the_execute_button_says_what_it_will_ask_the_core(client, taken, tess):
    client.force_login(tess)

    page = client.get(reverse("helpdesk:backoffice_detail", args=[taken.number])).text

    assert "Envoyer au liquidateur le lien de réinitialisation (valable 8 heures)" in page
    assert "Aucun lien n'a encore été envoyé pour cette demande." in page
    assert '<option value="done">' not in page  # done only through the core action


# --- Non compliant, with a reason from the list --------------------------------------------------
def resolve_from_page(client: Any, request: Request, **fields: Any) -> Any:
    url = reverse("helpdesk:backoffice_transition", args=[request.number, "resolve"])
    return client.post(url, {"version": request.version, **fields}, follow=True)


def test_the_technician_resolves_non_compliant_with_a_reason_and_a_comment(client, taken, tess):
    client.force_login(tess)

    resolve_from_page(
        client,
        taken,
        outcome="non_compliant",
        reason="minutes_illegible",
        message="Merci de joindre un scan lisible.",
    )

    taken.refresh_from_db()
    assert (taken.state, taken.outcome) == (State.RESOLVED, Outcome.NON_COMPLIANT)
    assert taken.messages.latest("id").body == (
        "Motif : Minutes du greffe illisibles\n\nMerci de joindre un scan lisible."
    )


def test_non_compliant_without_a_reason_from_the_list_is_refused(client, taken, tess):
    client.force_login(tess)

    missing = resolve_from_page(client, taken, outcome="non_compliant", message="Non conforme.")
    unknown = resolve_from_page(client, taken, outcome="non_compliant", reason="nope")

    assert "Choisissez un motif dans la liste." in missing.text
    assert "Choisissez un motif de la liste." in unknown.text
    taken.refresh_from_db()
    assert taken.state == State.IN_PROGRESS


def test_the_liquidator_reopens_with_the_reason_link_expired(
    client, taken, liam, tess, django_capture_on_commit_callbacks
):
    request = execute_and_perform(taken, tess, django_capture_on_commit_callbacks)
    client.force_login(liam)
    page = client.get(reverse("helpdesk:request_detail", args=[request.number])).text
    assert '<option value="link_expired">' in page

    client.post(
        reverse("helpdesk:request_action", args=[request.number, "reopen"]),
        {"version": request.version, "reason": "link_expired"},
    )

    request.refresh_from_db()
    assert request.state == State.UPDATED
    assert request.transitions.latest("id").comment.startswith("Le lien a expiré")


def test_the_type_is_registered_with_its_key():
    assert registry.get_type(KEY) is LiquidatorAccess


def test_reopening_without_a_reason_from_the_list_is_refused(
    client, taken, liam, tess, django_capture_on_commit_callbacks
):
    request = execute_and_perform(taken, tess, django_capture_on_commit_callbacks)
    client.force_login(liam)

    response = client.post(
        reverse("helpdesk:request_action", args=[request.number, "reopen"]),
        {"version": request.version, "reason": "Je n'ai pas pu me connecter."},
        follow=True,
    )

    assert "Choisissez un des motifs de la liste." in response.text
    request.refresh_from_db()
    assert request.state == State.RESOLVED


# --- One request per company, by SIREN (seed 003) ---------------------------------------------
def test_a_second_request_for_another_establishment_of_the_same_company_is_refused(client, liam):
    first = file_liquidator_request(liam, siret=SIRET)
    client.force_login(liam)

    response = post_form(client, siret=SECOND_SIRET)  # same SIREN, another establishment

    assert response.status_code == 400
    assert "Une demande est déjà en cours pour cette entreprise." in response.text
    assert f'<a href="/espace/demandes/{first.number}/">{first.number}</a>' in response.text
    assert Request.objects.count() == 1


def test_another_liquidators_request_on_the_company_is_filed_and_shown_as_a_conflict(
    liam, lena_liquidator
):
    mine = file_liquidator_request(liam, siret=SIRET)
    theirs = file_liquidator_request(lena_liquidator, siret=SECOND_SIRET)

    assert {mine.siren, theirs.siren} == {SIRET[:9]}
    assert [r.number for r in LiquidatorAccess.staff_panel_context(mine)["conflicts"]] == [
        theirs.number
    ]
    assert [r.number for r in LiquidatorAccess.staff_panel_context(theirs)["conflicts"]] == [
        mine.number
    ]


def test_the_staff_panel_shows_the_links_after_the_outbox_payloads_are_purged(
    taken, tess, settings, django_capture_on_commit_callbacks
):
    request = services.request_execute(request=taken, actor=tess, options=OPTIONS)
    run_outbox(django_capture_on_commit_callbacks)
    settings.GUICHET_OUTBOX_RETENTION_DAYS = 0

    purged = effects_purge_payloads(now=timezone.now() + timedelta(seconds=1))

    assert purged >= 1
    assert all(e.result is None for e in effects_for_subject(request.subject_ref))
    panel = LiquidatorAccess.staff_panel_context(Request.objects.get(pk=request.pk))
    link = SandboxResetLink.objects.get()
    assert [row["link_id"] for row in panel["links"]] == [str(link.link_id)]
    assert panel["links"][0]["status"] == "issued"
