"""Redis (cache and broker) stopped while 50 filings arrive through the API: every filing is
saved (201), none is a 5xx, and every effect runs once in a real worker after Redis returns.

The lighter version of `python -m bench faults --only redis` (500 filings over gunicorn, 60 s)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from lifecycle.models import Request, Theme
from outbox.models import OutboxEffect
from tests.support.worker import broker_connections_reset, pump_outbox, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SERVICES = Path(__file__).resolve().parents[3] / "scripts" / "services.sh"
FILINGS = 50


@pytest.fixture
def redis_control():
    def run(command: str) -> None:
        subprocess.run(["bash", str(SERVICES), command], check=True, capture_output=True)

    yield run
    run("redis-start")
    # The connections pooled before the restart are dead: later tests must not inherit them.
    from django.core.cache import caches

    broker_connections_reset()
    for cache in caches.all(initialized_only=True):
        cache.close()


def test_filings_while_redis_is_down_are_saved_and_their_effects_run_once_it_is_back(
    celery_worker_factory, redis_control, alice
):
    celery_worker_factory()
    theme = Theme.objects.create(name="Pannes", position=99)  # the seeded ones may be flushed
    subtheme = Theme.objects.create(name="Mot de passe", parent=theme, position=0)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(alice)

    redis_control("redis-stop")
    statuses = [
        client.post(
            "/api/v1/requests/",
            {
                "type": "question",
                "theme": theme.pk,
                "subtheme": subtheme.pk,
                "subject": f"Question {n}",
                "question": "Mon mot de passe est refusé depuis hier.",
            },
            format="json",
        ).status_code
        for n in range(FILINGS)
    ]
    waiting = OutboxEffect.objects.filter(status=OutboxEffect.Status.PENDING).count()
    redis_control("redis-start")

    assert statuses == [201] * FILINGS
    assert Request.objects.count() == FILINGS
    assert waiting == OutboxEffect.objects.count() >= FILINGS
    wait_until(
        lambda: not OutboxEffect.objects.exclude(status=OutboxEffect.Status.DONE).exists(),
        timeout=60,
        interval=0.5,
        pump=pump_outbox,
        message="every effect to run after Redis returned",
    )
    assert set(OutboxEffect.objects.values_list("attempts", flat=True)) == {1}, "each ran once"
