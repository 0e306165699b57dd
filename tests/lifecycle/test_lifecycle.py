"""The transition table: complete, consistent with the model's FSM, rendered as a graph."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django_fsm import has_transition_perm

from lifecycle import machine
from lifecycle.machine import PUBLIC_STATUS, SYSTEM, TRANSITIONS, PublicStatus, Role, State
from lifecycle.models import Request


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


@pytest.mark.django_db
def test_django_fsm_permissions_follow_roles_and_ownership(alice, bob, tess, theo, sam):
    request = Request(requester=alice, type_key="test_plain", state=State.SUBMITTED)

    assert has_transition_perm(request.take, tess)
    assert has_transition_perm(request.take, sam)
    assert not has_transition_perm(request.take, alice)
    assert not has_transition_perm(request.assign, tess)
    assert has_transition_perm(request.assign, sam)
    assert not has_transition_perm(request.take, SYSTEM)  # type: ignore[arg-type]

    request = Request(
        requester=alice, assignee=tess, type_key="test_plain", state=State.AWAITING_REQUESTER
    )
    assert has_transition_perm(request.answer, alice)
    assert not has_transition_perm(request.answer, bob)
    assert not has_transition_perm(request.answer, tess)

    request = Request(requester=alice, assignee=tess, type_key="test_plain", state="in_progress")
    assert has_transition_perm(request.resolve, tess)
    assert not has_transition_perm(request.resolve, theo)
    assert has_transition_perm(request.resolve, sam)


@pytest.mark.django_db
def test_a_types_condition_is_a_django_fsm_condition(alice, tess):
    from django_fsm import can_proceed

    unchecked = Request(requester=alice, type_key="test_core", state="in_progress", data={})
    checked = Request(
        requester=alice, type_key="test_core", state="in_progress", data={"documents_checked": 1}
    )
    plain = Request(requester=alice, type_key="test_plain", state="in_progress")

    assert not can_proceed(unchecked.execute)
    assert can_proceed(checked.execute)
    assert not can_proceed(plain.execute)  # no core action


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
