"""A technician gives his request back to the queue (``release``)."""

from __future__ import annotations

import pytest

from lifecycle.errors import Forbidden, StaleVersion, TransitionRefused
from lifecycle.machine import State
from lifecycle.models import Request
from lifecycle.services import requests as services
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


def test_the_assigned_technician_gives_the_request_back_unassigned_and_logged(
    alice, tess, theo, file_request
):
    taken = move(file_request(alice), "take", tech=tess)

    released = services.request_release(request=taken, actor=tess, comment="Je pars en congé.")

    assert (released.state, released.assignee) == (State.SUBMITTED, None)
    log = released.transitions.latest("id")
    assert (log.name, log.from_state, log.to_state, log.actor) == (
        "release",
        "in_progress",
        "submitted",
        tess,
    )
    assert log.comment == "Je pars en congé."
    again = services.request_take(request=released, actor=theo)
    assert again.assignee == theo


def test_nobody_else_releases_it_nor_a_request_waiting_for_the_requester(
    alice, tess, theo, file_request
):
    taken = move(file_request(alice), "take", tech=tess)
    waiting = move(file_request(alice), "take", "request_info", tech=tess)

    with pytest.raises(Forbidden):
        services.request_release(request=taken, actor=theo)
    with pytest.raises(Forbidden):
        services.request_release(request=taken, actor=alice)
    with pytest.raises(TransitionRefused):
        services.request_release(request=waiting, actor=tess)
    assert Request.objects.get(pk=taken.pk).assignee == tess


def test_a_release_on_a_stale_version_is_a_conflict(alice, tess, file_request):
    taken = move(file_request(alice), "take", tech=tess)

    with pytest.raises(StaleVersion):
        services.request_release(request=taken, actor=tess, version=taken.version - 1)
    assert Request.objects.get(pk=taken.pk).state == State.IN_PROGRESS
