"""The relay (O2) and the reconciler (O4): the only code that publishes effects to the broker.

Both run as Celery beat tasks (see ``CELERY_BEAT_SCHEDULE``); web requests never publish. The
relay claims due rows with ``SELECT … FOR UPDATE SKIP LOCKED``, so several relays never claim the
same row, marks them dispatched, commits, then publishes their ids. A row whose publication fails
(broker down) goes back to pending; a row lost after publication (process killed, broker restarted
empty) is put back by the reconciler.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outbox.models import OutboxEffect

RUN_EFFECT_TASK = "outbox.run_effect"

logger = logging.getLogger("guichet.outbox")

Status = OutboxEffect.Status
Publisher = Callable[[int], object]


def effects_dispatch_due(*, publish: Publisher | None = None, limit: int = 100) -> int:
    """Publish the ids of the due pending effects. Returns how many were published."""
    publish = publish or _publish_with_celery
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboxEffect.objects.select_for_update(skip_locked=True)
            .filter(status=Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        OutboxEffect.objects.filter(pk__in=ids).update(status=Status.DISPATCHED, dispatched_at=now)
    published = 0
    for index, effect_id in enumerate(ids):
        try:
            publish(effect_id)
        except Exception:
            logger.warning(
                "outbox relay cannot publish; effects stay pending",
                extra={"effect_ids": ids[index:]},
                exc_info=True,
            )
            OutboxEffect.objects.filter(
                pk__in=ids[index:], status=Status.DISPATCHED, dispatched_at=now
            ).update(status=Status.PENDING, dispatched_at=None)
            break
        published += 1
    if published:
        # Only what was done: an idle relay (every 2 s) writes nothing.
        logger.info("outbox effects published", extra={"count": published})
    return published


def effects_requeue_stuck(*, stuck_after: timedelta | None = None) -> int:
    """Put back to pending the dispatched effects nobody is running any more.

    A running effect keeps its row locked, so SKIP LOCKED leaves it alone however long it runs;
    a row that is dispatched and unlocked for longer than ``stuck_after`` lost its message.
    """
    if stuck_after is None:
        stuck_after = timedelta(seconds=settings.GUICHET_OUTBOX_STUCK_AFTER_SECONDS)
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboxEffect.objects.select_for_update(skip_locked=True)
            .filter(status=Status.DISPATCHED, dispatched_at__lte=now - stuck_after)
            .values_list("pk", flat=True)
        )
        OutboxEffect.objects.filter(pk__in=ids).update(
            status=Status.PENDING, dispatched_at=None, next_attempt_at=now
        )
    if ids:
        logger.warning("outbox effects re-queued", extra={"effect_ids": ids})
    return len(ids)


def _publish_with_celery(effect_id: int) -> object:
    # By name: the task module imports this one, not the other way round.
    return current_app.send_task(RUN_EFFECT_TASK, args=[effect_id])
