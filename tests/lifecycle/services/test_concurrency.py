"""Technicians racing on the same request, on PostgreSQL with real connections: one wins."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from lifecycle.errors import TransitionRefused
from lifecycle.machine import State
from lifecycle.models import Request, TransitionLog
from lifecycle.services import requests as services
from outbox.selectors import effects_for_subject
from tests.conftest import make_user
from users import roles

ROUNDS = 100  # SECURITY.md §4
RACERS = 4


def race(calls):
    """Run the calls in threads released together; return (successes, errors)."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = []
    lock = threading.Lock()

    def run(call):
        try:
            barrier.wait()
            outcome = call()
        except Exception as exc:  # collected and asserted below
            outcome = exc
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    successes = [r for r in results if not isinstance(r, Exception)]
    errors = [r for r in results if isinstance(r, Exception)]
    return successes, errors


@pytest.mark.django_db(transaction=True)
def test_technicians_racing_to_take_a_request_one_wins_the_others_get_a_conflict(
    alice, file_request
):
    assert connection.vendor == "postgresql"
    technicians = [
        make_user(f"tech{i}@example.com", role=roles.TECHNICIAN, is_staff=True)
        for i in range(RACERS)
    ]
    for _round in range(ROUNDS):
        request = file_request(alice)
        # Each technician holds the request as he saw it, before anyone acted.
        seen = [Request.objects.get(pk=request.pk) for _ in technicians]

        successes, errors = race(
            [
                lambda tech=tech, copy=copy: services.request_take(request=copy, actor=tech)
                for tech, copy in zip(technicians, seen, strict=True)
            ]
        )

        assert len(successes) == 1, errors
        assert len(errors) == RACERS - 1
        assert all(isinstance(e, TransitionRefused) and e.status == 409 for e in errors), errors
        request.refresh_from_db()
        assert request.state == State.IN_PROGRESS
        assert request.assignee == successes[0].assignee
        assert request.version == 2
        assert TransitionLog.objects.filter(request=request, name="take").count() == 1


@pytest.mark.django_db(transaction=True)
def test_racing_executions_record_exactly_one_core_effect(alice, file_request, sam, tess):
    for _round in range(ROUNDS // 4):
        request = file_request(alice, type_key="test_core", data={"documents_checked": True})
        request = services.request_take(request=request, actor=tess)
        actors = [tess, sam, tess, sam]
        seen = [Request.objects.get(pk=request.pk) for _ in actors]

        successes, errors = race(
            [
                lambda actor=actor, copy=copy: services.request_execute(request=copy, actor=actor)
                for actor, copy in zip(actors, seen, strict=True)
            ]
        )

        assert len(successes) == 1, errors
        assert all(isinstance(e, TransitionRefused) for e in errors), errors
        assert TransitionLog.objects.filter(request=request, name="execute").count() == 1
        core_effects = effects_for_subject(request.subject_ref).filter(kind=services.CORE_ACTION)
        assert core_effects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_technicians_claiming_the_next_request_at_once_each_get_a_different_one(
    alice, file_request
):
    technicians = [
        make_user(f"claim{i}@example.com", role=roles.TECHNICIAN, is_staff=True)
        for i in range(RACERS)
    ]
    for _round in range(5):
        filed = [file_request(alice) for _ in technicians]

        successes, errors = race(
            [lambda tech=tech: services.request_take_next(actor=tech) for tech in technicians]
        )

        assert errors == []
        assert sorted(r.pk for r in successes) == sorted(r.pk for r in filed)
        assert {r.assignee_id for r in successes} == {t.pk for t in technicians}


@pytest.mark.django_db(transaction=True)
def test_two_close_scans_at_once_close_each_request_once(
    alice, tess, file_request, settings, monkeypatch
):
    from datetime import timedelta

    from lifecycle import machine

    settings.GUICHET_AUTO_CLOSE_DAYS = 0
    resolved = []
    for _ in range(6):
        request = services.request_take(request=file_request(alice), actor=tess)
        resolved.append(
            services.request_resolve(request=request, actor=tess, outcome="refused", message="Non.")
        )
    later = machine.now() + timedelta(seconds=1)
    monkeypatch.setattr(machine, "now", lambda: later)

    counts, errors = race([services.request_close_due] * 3)

    assert errors == []
    assert sum(counts) == len(resolved)
    assert TransitionLog.objects.filter(name="close").count() == len(resolved)
    assert not Request.objects.exclude(state=State.CLOSED).exists()


@pytest.mark.django_db(transaction=True)
def test_requests_filed_at_once_get_distinct_consecutive_numbers(
    alice, bob, liam, file_request, clock
):
    filers = [alice, bob, liam, alice, bob, liam]

    filed, errors = race([lambda who=who: file_request(who) for who in filers])

    assert errors == []
    numbers = sorted(r.number for r in filed)
    assert numbers == [f"DEM-2026-{n:06d}" for n in range(1, len(filers) + 1)]
