"""Every transition of the lifecycle, and every refusal: state unchanged, nothing logged."""

from __future__ import annotations

import pytest
from django.test import override_settings

from lifecycle.errors import Forbidden, InvalidInput, StaleVersion, TransitionRefused
from lifecycle.machine import PublicStatus, State
from lifecycle.models import Message, Request, TransitionLog
from lifecycle.services import requests as services
from tests.lifecycle.conftest import move, pending_effects

pytestmark = pytest.mark.django_db

EMAIL = "email.request_status"


def logged(request):
    return list(
        TransitionLog.objects.filter(request=request).values_list("name", "from_state", "to_state")
    )


def assert_refused(request, error_class, code, call):
    before = Request.objects.get(pk=request.pk)
    log_count = TransitionLog.objects.count()
    effect_count = len(pending_effects(request, EMAIL))
    with pytest.raises(error_class) as caught:
        call()
    after = Request.objects.get(pk=request.pk)
    assert caught.value.code == code
    assert (after.state, after.version, after.assignee_id) == (
        before.state,
        before.version,
        before.assignee_id,
    )
    assert TransitionLog.objects.count() == log_count
    assert len(pending_effects(request, EMAIL)) == effect_count
    return caught.value


# --- Filing -----------------------------------------------------------------------------------
def test_it_files_a_request_with_a_yearly_number_a_log_row_and_an_acknowledgement(
    alice, file_request, clock
):
    first = file_request(alice, type_key="test_core")
    second = file_request(alice)

    assert first.number == "DEM-2026-000001"
    assert second.number == "DEM-2026-000002"
    assert first.state == State.SUBMITTED
    assert first.public_status == PublicStatus.UNRESOLVED
    assert first.filed_at == clock.current
    assert (first.theme, first.subject) == ("Se connecter sur le site", "OBJET FIXE")
    assert logged(first) == [("file", "", "submitted")]
    assert first.messages.get().body == "Bonjour, voici ma demande."
    assert [e.payload["status"] for e in pending_effects(first, EMAIL)] == ["unresolved"]


def test_it_restarts_numbering_each_year(alice, file_request, clock):
    file_request(alice)
    clock.advance(days=365)

    assert file_request(alice).number == "DEM-2027-000001"


def test_it_refuses_an_invalid_siret_and_an_empty_description(alice, file_request):
    with pytest.raises(InvalidInput) as bad_siret:
        file_request(alice, siret="73282932000079")
    with pytest.raises(InvalidInput) as empty:
        file_request(alice, description="   ")

    assert bad_siret.value.code == "invalid_siret"
    assert "SIRET" in bad_siret.value.message
    assert empty.value.code == "message_required"
    assert not Request.objects.exists()


# --- Take / assign ----------------------------------------------------------------------------
def test_a_technician_takes_an_unassigned_request(alice, tess, file_request):
    request = services.request_take(request=file_request(alice), actor=tess)

    assert request.state == State.IN_PROGRESS
    assert request.assignee == tess
    assert logged(request)[-1] == ("take", "submitted", "in_progress")
    log = request.transitions.latest("id")
    assert (log.actor, log.actor_role) == (tess, "technician")


def test_a_requester_cannot_take_a_request(alice, file_request):
    request = file_request(alice)

    error = assert_refused(
        request, Forbidden, "forbidden", lambda: services.request_take(request=request, actor=alice)
    )
    assert "autorisé" in error.message


def test_a_technician_cannot_take_a_request_assigned_to_another(alice, tess, theo, file_request):
    request = move(
        file_request(alice), "take", "request_info", "answer", tech=tess, requester=alice
    )

    assert_refused(
        request, Forbidden, "forbidden", lambda: services.request_take(request=request, actor=theo)
    )
    resumed = services.request_take(request=request, actor=tess)
    assert resumed.state == State.IN_PROGRESS


def test_a_supervisor_assigns_and_reassigns(alice, tess, theo, sam, file_request):
    request = services.request_assign(request=file_request(alice), actor=sam, technician=tess)
    assert (request.state, request.assignee) == (State.IN_PROGRESS, tess)

    request = move(request, "request_info", tech=tess)
    request = services.request_assign(request=request, actor=sam, technician=theo)

    assert (request.state, request.assignee) == (State.AWAITING_REQUESTER, theo)
    assert logged(request)[-1] == ("assign", "awaiting_requester", "awaiting_requester")


def test_only_a_supervisor_assigns_and_only_to_a_technician(alice, bob, tess, sam, file_request):
    request = file_request(alice)

    assert_refused(
        request,
        Forbidden,
        "forbidden",
        lambda: services.request_assign(request=request, actor=tess, technician=tess),
    )
    assert_refused(
        request,
        InvalidInput,
        "not_a_technician",
        lambda: services.request_assign(request=request, actor=sam, technician=bob),
    )


# --- Asking and answering ---------------------------------------------------------------------
def test_asking_information_pauses_and_posts_the_question(alice, tess, file_request, clock):
    request = move(file_request(alice), "take", tech=tess)
    clock.advance(hours=2)

    request = services.request_ask_info(request=request, actor=tess, message="Le Kbis, svp.")

    assert request.state == State.AWAITING_REQUESTER
    assert request.public_status == PublicStatus.WAITING
    assert request.first_response_at == clock.current
    question = request.messages.latest("id")
    assert (question.body, question.author, question.visibility) == (
        "Le Kbis, svp.",
        tess,
        "public",
    )
    assert [e.payload["status"] for e in pending_effects(request, EMAIL)] == [
        "unresolved",
        "waiting",
    ]


def test_asking_information_needs_a_message(alice, tess, file_request):
    request = move(file_request(alice), "take", tech=tess)

    assert_refused(
        request,
        InvalidInput,
        "message_required",
        lambda: services.request_ask_info(request=request, actor=tess, message=" "),
    )


def test_the_requester_answers_and_the_request_is_updated(alice, tess, file_request):
    request = move(file_request(alice), "take", "request_info", tech=tess)

    request = services.request_answer(request=request, actor=alice, message="Le voici.")

    assert request.state == State.UPDATED
    assert request.public_status == PublicStatus.UPDATED
    assert request.assignee == tess  # it returns to the same technician's queue
    assert logged(request)[-1] == ("answer", "awaiting_requester", "updated")
    assert request.messages.latest("id").author == alice


def test_another_requester_cannot_answer(alice, bob, tess, file_request):
    request = move(file_request(alice), "take", "request_info", tech=tess)

    assert_refused(
        request,
        Forbidden,
        "forbidden",
        lambda: services.request_answer(request=request, actor=bob, message="Moi aussi."),
    )


def test_the_requester_cannot_answer_when_nothing_is_asked(alice, file_request):
    request = file_request(alice)

    error = assert_refused(
        request,
        TransitionRefused,
        "invalid_state",
        lambda: services.request_answer(request=request, actor=alice, message="Alors ?"),
    )
    assert "Déposée" in error.message


# --- Resolve, reopen, close -------------------------------------------------------------------
@pytest.mark.parametrize("outcome", ["done", "non_compliant", "refused"])
def test_a_technician_resolves_a_plain_request_with_an_outcome(
    alice, tess, file_request, clock, outcome
):
    request = move(file_request(alice), "take", tech=tess)

    request = services.request_resolve(
        request=request, actor=tess, outcome=outcome, message="Voici notre réponse."
    )

    assert (request.state, request.outcome) == (State.RESOLVED, outcome)
    assert request.resolved_at == clock.current
    assert request.messages.latest("id").body == "Voici notre réponse."
    assert pending_effects(request, EMAIL)[-1].payload["outcome"] == outcome


def test_resolving_needs_an_outcome_and_a_message(alice, tess, file_request):
    request = move(file_request(alice), "take", tech=tess)

    assert_refused(
        request,
        InvalidInput,
        "outcome_required",
        lambda: services.request_resolve(request=request, actor=tess, outcome="", message="x"),
    )
    assert_refused(
        request,
        InvalidInput,
        "message_required",
        lambda: services.request_resolve(
            request=request, actor=tess, outcome="refused", message=""
        ),
    )


def test_a_core_action_type_is_not_resolved_as_done_by_hand(alice, tess, file_request):
    request = move(file_request(alice, type_key="test_core"), "take", tech=tess)

    assert_refused(
        request,
        TransitionRefused,
        "core_action_required",
        lambda: services.request_resolve(request=request, actor=tess, outcome="done", message="x"),
    )
    refused = services.request_resolve(
        request=request, actor=tess, outcome="non_compliant", message="Minutes absentes."
    )
    assert refused.outcome == "non_compliant"


def test_only_the_assigned_technician_resolves(alice, tess, theo, sam, file_request):
    request = move(file_request(alice), "take", tech=tess)

    assert_refused(
        request,
        Forbidden,
        "forbidden",
        lambda: services.request_resolve(
            request=request, actor=theo, outcome="refused", message="x"
        ),
    )
    done = services.request_resolve(request=request, actor=sam, outcome="refused", message="Non.")
    assert done.state == State.RESOLVED


def test_the_requester_reopens_within_the_window(alice, tess, file_request, clock, settings):
    settings.GUICHET_REOPEN_WINDOW_DAYS = 10
    request = move(file_request(alice), "take", "resolve", tech=tess)
    clock.advance(days=9, hours=23)

    request = services.request_reopen(request=request, actor=alice, reason="Le lien a expiré.")

    assert request.state == State.UPDATED
    assert (request.outcome, request.resolved_at, request.reopened_count) == ("", None, 1)
    assert request.assignee == tess
    assert logged(request)[-1] == ("reopen", "resolved", "updated")
    assert request.transitions.latest("id").comment == "Le lien a expiré."
    assert request.messages.latest("id").body == "Le lien a expiré."
    # It returns to the queue with its history.
    assert [name for name, _, _ in logged(request)] == ["file", "take", "resolve", "reopen"]


def test_the_requester_cannot_reopen_after_the_window(alice, tess, file_request, clock, settings):
    settings.GUICHET_REOPEN_WINDOW_DAYS = 10
    request = move(file_request(alice), "take", "resolve", tech=tess)
    clock.advance(days=10)

    error = assert_refused(
        request,
        TransitionRefused,
        "reopen_window_over",
        lambda: services.request_reopen(request=request, actor=alice, reason="Trop tard ?"),
    )
    assert "délai" in error.message


def test_reopening_needs_a_reason_and_the_requester(alice, bob, tess, file_request):
    request = move(file_request(alice), "take", "resolve", tech=tess)

    assert_refused(
        request,
        InvalidInput,
        "reason_required",
        lambda: services.request_reopen(request=request, actor=alice, reason=""),
    )
    assert_refused(
        request,
        Forbidden,
        "forbidden",
        lambda: services.request_reopen(request=request, actor=bob, reason="Moi."),
    )
    assert_refused(
        request,
        Forbidden,
        "forbidden",
        lambda: services.request_reopen(request=request, actor=tess, reason="Moi."),
    )


@override_settings(GUICHET_AUTO_CLOSE_DAYS=15, GUICHET_REOPEN_WINDOW_DAYS=30)
def test_resolved_requests_close_after_n_days_once_and_cannot_be_reopened(
    alice, tess, file_request, clock
):
    due = move(file_request(alice), "take", "resolve", tech=tess)
    clock.advance(days=5)
    recent = move(file_request(alice), "take", "resolve", tech=tess)
    clock.advance(days=10)

    assert services.request_close_due() == 1
    assert services.request_close_due() == 0

    due.refresh_from_db()
    recent.refresh_from_db()
    assert (due.state, due.closed_at) == (State.CLOSED, clock.current)
    assert due.public_status == PublicStatus.CLOSED
    assert recent.state == State.RESOLVED
    log = due.transitions.latest("id")
    assert (log.name, log.actor, log.actor_role) == ("close", None, "system")
    assert pending_effects(due, EMAIL)[-1].payload["status"] == "closed"
    assert_refused(
        due,
        TransitionRefused,
        "invalid_state",
        lambda: services.request_reopen(request=due, actor=alice, reason="Encore."),
    )


def test_a_stale_action_is_a_conflict(alice, tess, theo, sam, file_request):
    request = file_request(alice)
    seen_by_theo = Request.objects.get(pk=request.pk)
    services.request_assign(request=request, actor=sam, technician=tess)

    error = assert_refused(
        seen_by_theo,
        StaleVersion,
        "conflict",
        lambda: services.request_take(request=seen_by_theo, actor=theo),
    )
    assert "modifiée entre-temps" in error.message


def test_the_thread_keeps_public_replies_for_the_requester(alice, tess, file_request):
    request = move(
        file_request(alice), "take", "request_info", "answer", tech=tess, requester=alice
    )

    assert (
        list(request.messages.values_list("visibility", flat=True))
        == [Message.Visibility.PUBLIC] * 3
    )


def test_a_technician_who_filed_a_request_answers_it_as_its_requester(tess, theo, file_request):
    request = move(file_request(tess), "take", "request_info", tech=theo)

    request = services.request_answer(request=request, actor=tess, message="Voici.")

    assert request.state == State.UPDATED
    assert request.transitions.latest("id").actor_role == "requester"
