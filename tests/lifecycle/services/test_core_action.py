"""The type's core action: sent through the outbox, confirmed, or failed back to the technician."""

from __future__ import annotations

import pytest

from lifecycle import effects
from lifecycle.errors import TransitionRefused
from lifecycle.machine import State
from lifecycle.models import Request, TransitionLog
from lifecycle.services import requests as services
from tests.lifecycle.conftest import move, pending_effects, perform_core_effect
from tests.lifecycle.fake_types import FakeCore, PermanentError

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked_request(alice, tess, file_request):
    request = file_request(alice, type_key="test_core", data={"documents_checked": True})
    return move(request, "take", tech=tess)


def test_executing_records_one_core_effect_in_the_same_transaction(checked_request, tess):
    request = services.request_execute(request=checked_request, actor=tess)

    assert request.state == State.EXECUTING
    (effect,) = pending_effects(request, services.CORE_ACTION)
    assert effect.idempotency_key == request.pending_idempotency_key
    assert effect.payload == {"request_id": request.pk, "type": "test_core"}
    assert request.transitions.latest("id").name == "execute"
    assert FakeCore.calls == []  # nothing is called before commit, by the outbox


def test_the_core_confirmation_resolves_with_the_types_message(checked_request, tess):
    request = services.request_execute(request=checked_request, actor=tess)

    result = perform_core_effect(request)

    request.refresh_from_db()
    assert result == {"operation": "done"}
    assert FakeCore.calls == [
        (request.pk, pending_effects(request, services.CORE_ACTION)[0].idempotency_key)
    ]
    assert (request.state, request.outcome, request.pending_idempotency_key) == (
        State.RESOLVED,
        "done",
        "",
    )
    log = request.transitions.latest("id")
    assert (log.name, log.actor_role, log.actor) == ("core_succeeded", "system", None)
    assert request.messages.latest("id").body == "L'action a été réalisée sur votre compte."
    assert request.messages.latest("id").author is None


def test_a_repeated_delivery_changes_nothing_more(checked_request, tess):
    request = services.request_execute(request=checked_request, actor=tess)
    perform_core_effect(request)
    logs = TransitionLog.objects.count()

    assert perform_core_effect(request) == {"skipped": "not pending"}
    assert TransitionLog.objects.count() == logs
    assert len(FakeCore.calls) == 1


def test_a_dead_core_effect_returns_the_request_to_its_technician_with_the_error(
    checked_request, tess
):
    request = services.request_execute(request=checked_request, actor=tess)
    (effect,) = pending_effects(request, services.CORE_ACTION)
    FakeCore.fail_with = PermanentError("administrateur inconnu")
    with pytest.raises(PermanentError):
        effects.core_action_perform(effect)
    effect.last_error = "administrateur inconnu"

    effects.core_action_dead(effect)

    request.refresh_from_db()
    assert (request.state, request.assignee, request.last_error) == (
        State.IN_PROGRESS,
        tess,
        "administrateur inconnu",
    )
    assert request.transitions.latest("id").comment == "administrateur inconnu"
    # The technician can execute again: a new effect with a new key.
    again = services.request_execute(request=request, actor=tess)
    assert again.last_error == ""
    assert len(pending_effects(again, services.CORE_ACTION)) == 2


def test_a_type_condition_refuses_execution_with_its_own_message(alice, tess, file_request):
    request = move(file_request(alice, type_key="test_core"), "take", tech=tess)

    with pytest.raises(TransitionRefused) as caught:
        services.request_execute(request=request, actor=tess)

    assert (caught.value.code, caught.value.message) == (
        "documents_not_checked",
        "Les pièces n'ont pas été vérifiées.",
    )
    assert Request.objects.get(pk=request.pk).state == State.IN_PROGRESS
    assert pending_effects(request, services.CORE_ACTION) == []


def test_a_type_without_core_action_cannot_be_executed(alice, tess, file_request):
    request = move(file_request(alice), "take", tech=tess)

    with pytest.raises(TransitionRefused) as caught:
        services.request_execute(request=request, actor=tess)

    assert caught.value.code == "no_core_action"


def test_the_system_transitions_are_refused_to_people(checked_request, tess, sam):
    from lifecycle.services.transitions import transitions_allowed

    request = services.request_execute(request=checked_request, actor=tess)

    assert transitions_allowed(request, sam) == []
    assert transitions_allowed(request, tess) == []
