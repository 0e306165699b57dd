"""Four eyes: the execution waits for a second person, never the one who asked."""

from __future__ import annotations

import pytest

from lifecycle.errors import Forbidden, InvalidInput, StaleVersion, TransitionRefused
from lifecycle.machine import State
from lifecycle.models import ExecutionApproval, Request
from lifecycle.services import requests as services
from lifecycle.services.four_eyes import (
    execution_approval_approve,
    execution_approval_ask,
    execution_approval_refuse,
    execution_approval_steps,
)
from tests.lifecycle.conftest import move, pending_effects

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_eyes_on(settings):
    settings.GUICHET_FOUR_EYES_TYPES = ["test_core"]


def taken(file_request, alice, tess) -> Request:
    request = file_request(alice, type_key="test_core", data={"documents_checked": True})
    return move(request, "take", tech=tess)


def test_off_by_default_the_technician_executes_alone(alice, tess, file_request):
    request = taken(file_request, alice, tess)

    executed = services.request_execute(request=request, actor=tess)

    assert executed.state == State.EXECUTING


def test_on_the_execution_waits_for_a_second_person_and_both_are_in_the_history(
    four_eyes_on, alice, tess, theo, file_request
):
    request = taken(file_request, alice, tess)

    with pytest.raises(TransitionRefused) as refused:
        services.request_execute(request=request, actor=tess)
    assert refused.value.code == "approval_required"
    approval = execution_approval_ask(request=request, actor=tess, version=request.version)
    with pytest.raises(Forbidden) as own:
        execution_approval_approve(request=request, actor=tess, version=request.version)
    assert own.value.code == "same_person"
    assert Request.objects.get(pk=request.pk).state == State.IN_PROGRESS

    executed = execution_approval_approve(request=request, actor=theo, version=request.version)

    assert executed.state == State.EXECUTING
    assert len(pending_effects(executed, services.CORE_ACTION)) == 1
    log = executed.transitions.latest("id")
    assert (log.name, log.actor) == ("execute", tess)
    assert "demandée par Tess Technicienne, approuvée par Théo Technicien" in log.comment
    approval.refresh_from_db()
    assert (approval.requested_by, approval.approved_by) == (tess, theo)


def test_a_supervisor_approves_too_and_a_requester_never(
    four_eyes_on, alice, tess, sam, file_request
):
    request = taken(file_request, alice, tess)
    execution_approval_ask(request=request, actor=tess, version=request.version)

    with pytest.raises(Forbidden):
        execution_approval_approve(request=request, actor=alice, version=request.version)
    executed = execution_approval_approve(request=request, actor=sam, version=request.version)

    assert executed.state == State.EXECUTING


def test_an_approval_is_for_the_version_asked_only(
    four_eyes_on, alice, tess, theo, sam, file_request
):
    request = taken(file_request, alice, tess)
    asked_at = request.version
    execution_approval_ask(request=request, actor=tess, version=asked_at)
    with pytest.raises(TransitionRefused):
        execution_approval_ask(request=request, actor=tess, version=asked_at)
    moved = services.request_assign(request=request, actor=sam, technician=tess)  # v+1

    with pytest.raises(StaleVersion):
        execution_approval_approve(request=moved, actor=theo, version=asked_at)
    with pytest.raises(TransitionRefused) as nothing:
        execution_approval_approve(request=moved, actor=theo, version=moved.version)
    assert nothing.value.code == "nothing_to_approve"
    assert not ExecutionApproval.objects.filter(approved_at__isnull=False).exists()


def test_only_who_could_execute_asks(four_eyes_on, alice, tess, theo, file_request):
    request = taken(file_request, alice, tess)
    unchecked = move(file_request(alice, type_key="test_core"), "take", tech=tess)

    with pytest.raises(Forbidden):
        execution_approval_ask(request=request, actor=theo, version=request.version)
    with pytest.raises(TransitionRefused) as type_refusal:
        execution_approval_ask(request=unchecked, actor=tess, version=unchecked.version)
    assert type_refusal.value.code == "documents_not_checked"


def test_a_second_person_refuses_with_a_reason_and_the_asker_may_ask_again(
    four_eyes_on, alice, tess, theo, sam, file_request
):
    request = taken(file_request, alice, tess)
    execution_approval_ask(request=request, actor=tess, version=request.version)

    refused = execution_approval_refuse(
        request=request, actor=theo, version=request.version, reason="Le PV n'est pas signé."
    )

    assert (refused.refused_by, refused.approved_at) == (theo, None)
    note = request.messages.latest("id")
    assert note.visibility == "internal"
    assert note.body == (
        "Exécution demandée par Tess Technicienne refusée par Théo Technicien : "
        "Le PV n'est pas signé."
    )
    assert Request.objects.get(pk=request.pk).state == State.IN_PROGRESS
    assert [step.name for step in execution_approval_steps(request, tess)] == ["ask_approval"]
    execution_approval_ask(request=request, actor=tess, version=request.version)
    executed = execution_approval_approve(request=request, actor=sam, version=request.version)
    assert executed.state == State.EXECUTING


def test_the_asker_never_refuses_his_own_ask_and_a_refusal_says_why(
    four_eyes_on, alice, tess, theo, file_request
):
    request = taken(file_request, alice, tess)
    execution_approval_ask(request=request, actor=tess, version=request.version)

    with pytest.raises(Forbidden) as own:
        execution_approval_refuse(request=request, actor=tess, version=request.version, reason="x")
    with pytest.raises(InvalidInput) as blank:
        execution_approval_refuse(request=request, actor=theo, version=request.version, reason=" ")
    with pytest.raises(Forbidden):
        execution_approval_refuse(request=request, actor=alice, version=request.version, reason="x")

    assert (own.value.code, blank.value.code) == ("same_person", "reason_required")
    assert not ExecutionApproval.objects.filter(refused_at__isnull=False).exists()


def test_the_steps_are_ask_for_the_assignee_then_approve_or_refuse_for_the_others(
    four_eyes_on, alice, tess, theo, sam, file_request
):
    request = taken(file_request, alice, tess)
    assert [step.name for step in execution_approval_steps(request, tess)] == ["ask_approval"]
    assert execution_approval_steps(request, theo) == []

    execution_approval_ask(request=request, actor=tess, version=request.version)

    assert execution_approval_steps(request, tess) == []
    assert execution_approval_steps(request, alice) == []
    for other in (theo, sam):
        steps = execution_approval_steps(request, other)
        assert [(step.name, step.needs) for step in steps] == [
            ("approve_execution", ()),
            ("refuse_execution", ("message",)),
        ]


def test_no_steps_for_a_type_that_executes_alone(alice, tess, file_request):
    assert execution_approval_steps(taken(file_request, alice, tess), tess) == []
