"""The transition table: complete, consistent with the model's FSM, rendered as a graph."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from lifecycle import machine
from lifecycle.errors import Forbidden, TransitionRefused
from lifecycle.machine import PUBLIC_STATUS, SYSTEM, TRANSITIONS, PublicStatus, Role, State
from lifecycle.models import Request
from lifecycle.services.transitions import transition_check


def test_every_state_has_the_public_status_of_the_design():
    assert {state: status.label for state, status in PUBLIC_STATUS.items()} == {
        State.SUBMITTED: "Non résolu",
        State.IN_PROGRESS: "Non résolu",
        State.AWAITING_REQUESTER: "En attente",
        State.UPDATED: "Mis à jour",
        State.EXECUTING: "Non résolu",
        State.RESOLVED: "Résolu",
        State.CLOSED: "Clos",
    }
    assert set(PUBLIC_STATUS.values()) == set(PublicStatus)


def test_the_models_fsm_has_exactly_the_edges_of_the_table():
    field = Request._meta.get_field("state")
    fsm_edges = {(t.name, t.source, t.target) for t in field.get_all_transitions(Request)}

    table_edges = {
        (spec.name, source, target)
        for spec in TRANSITIONS.values()
        for source, target in spec.edges
    }
    assert fsm_edges == table_edges


def test_closed_is_final_and_every_other_state_can_be_left():
    sources = {source for spec in TRANSITIONS.values() for source in spec.sources}
    assert State.CLOSED not in sources
    assert sources == set(State) - {State.CLOSED}


def test_system_transitions_are_the_systems_alone():
    system = {name for name, spec in TRANSITIONS.items() if Role.SYSTEM in spec.roles}
    assert system == {"core_succeeded", "core_failed", "close"}
    assert all(TRANSITIONS[name].roles == {Role.SYSTEM} for name in system)


def _may(request: Request, name: str, actor) -> bool:
    try:
        transition_check(request, name, actor)
    except (Forbidden, TransitionRefused):
        return False
    return True


@pytest.mark.django_db
def test_who_may_run_a_transition_follows_roles_and_ownership(alice, bob, tess, theo, sam):
    request = Request(requester=alice, type_key="test_plain", state=State.SUBMITTED)

    assert _may(request, "take", tess)
    assert _may(request, "take", sam)
    assert not _may(request, "take", alice)
    assert not _may(request, "assign", tess)
    assert _may(request, "assign", sam)
    assert not _may(request, "take", SYSTEM)

    request = Request(
        requester=alice, assignee=tess, type_key="test_plain", state=State.AWAITING_REQUESTER
    )
    assert _may(request, "answer", alice)
    assert not _may(request, "answer", bob)
    assert not _may(request, "answer", tess)

    request = Request(requester=alice, assignee=tess, type_key="test_plain", state="in_progress")
    assert _may(request, "resolve", tess)
    assert not _may(request, "resolve", theo)
    assert _may(request, "resolve", sam)


@pytest.mark.django_db
def test_a_types_condition_refuses_its_transition_with_the_types_words(alice, tess):
    unchecked = Request(
        requester=alice, assignee=tess, type_key="test_core", state="in_progress", data={}
    )
    checked = Request(
        requester=alice,
        assignee=tess,
        type_key="test_core",
        state="in_progress",
        data={"documents_checked": 1},
    )
    plain = Request(requester=alice, assignee=tess, type_key="test_plain", state="in_progress")

    with pytest.raises(TransitionRefused) as refused:
        transition_check(unchecked, "execute", tess)
    assert refused.value.code == "documents_not_checked"
    transition_check(checked, "execute", tess)
    with pytest.raises(TransitionRefused) as refused:
        transition_check(plain, "execute", tess)
    assert refused.value.code == "no_core_action"


@pytest.mark.django_db
def test_a_transition_evaluates_its_conditions_once(alice, tess, file_request, monkeypatch):
    from lifecycle.services import requests as services
    from tests.lifecycle.fake_types import CoreActionType

    request = file_request(alice, type_key="test_core", data={"documents_checked": 1})
    request = services.request_take(request=request, actor=tess)
    calls = []
    original = CoreActionType.transition_refusal.__func__  # type: ignore[attr-defined]

    def counting(cls, name, request):
        calls.append(name)
        return original(cls, name, request)

    monkeypatch.setattr(CoreActionType, "transition_refusal", classmethod(counting))

    services.request_execute(request=request, actor=tess)

    assert calls == ["execute"]


def test_reopen_window_and_close_delay_come_from_settings(settings, monkeypatch):
    from datetime import UTC, datetime, timedelta

    resolved = datetime(2026, 5, 1, 12, tzinfo=UTC)
    request = Request(state=State.RESOLVED, resolved_at=resolved)
    settings.GUICHET_REOPEN_WINDOW_DAYS = 3
    settings.GUICHET_AUTO_CLOSE_DAYS = 7

    monkeypatch.setattr(machine, "now", lambda: resolved + timedelta(days=3, seconds=-1))
    assert machine.REOPEN_WINDOW(request)
    assert not machine.CLOSE_DUE(request)
    monkeypatch.setattr(machine, "now", lambda: resolved + timedelta(days=7))
    assert not machine.REOPEN_WINDOW(request)
    assert machine.CLOSE_DUE(request)


def test_graph_transitions_renders_the_lifecycle():
    out = io.StringIO()

    call_command("graph_transitions", "lifecycle.Request", stdout=out)

    dot = out.getvalue()
    assert dot.startswith("digraph")
    for name in TRANSITIONS:
        assert f"label={name}" in dot
    assert "Clôturée" in dot
