"""The beat task that closes resolved requests, and its schedule."""

from __future__ import annotations

import pytest
from django.conf import settings

from lifecycle import tasks
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


def test_the_auto_close_task_is_scheduled_by_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["helpdesk-close-due-requests"]

    assert entry["task"] == tasks.close_due_requests.name == "lifecycle.tasks.close_due_requests"


def test_the_task_closes_what_is_due(alice, tess, file_request, clock, settings):
    settings.GUICHET_AUTO_CLOSE_DAYS = 15
    request = move(file_request(alice), "take", "resolve", tech=tess)
    clock.advance(days=15)

    assert tasks.close_due_requests.apply().get() == 1

    request.refresh_from_db()
    assert request.state == "closed"
