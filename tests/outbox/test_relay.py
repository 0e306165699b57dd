from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from outbox import services
from outbox.models import OutboxEffect
from outbox.relay import effects_dispatch_due, effects_requeue_stuck

Status = OutboxEffect.Status


def enqueue(key: str) -> OutboxEffect:
    with transaction.atomic():
        return services.effect_enqueue(kind="test.ok", idempotency_key=key, payload={})


def test_the_relay_publishes_the_ids_of_due_effects_only(db):
    due = enqueue("due")
    later = enqueue("later")
    OutboxEffect.objects.filter(pk=later.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=5)
    )
    published: list[int] = []

    assert effects_dispatch_due(publish=published.append) == 1

    assert published == [due.pk]
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == Status.DISPATCHED
    assert due.dispatched_at is not None
    assert later.status == Status.PENDING
    assert effects_dispatch_due(publish=published.append) == 0


def test_the_relay_publishes_in_due_order_with_a_bounded_batch(db):
    effects = [enqueue(f"k{n}") for n in range(5)]
    published: list[int] = []

    assert effects_dispatch_due(publish=published.append, limit=3) == 3
    assert published == [effect.pk for effect in effects[:3]]


def test_effects_stay_pending_when_the_broker_refuses_them(db):
    first, second, third = enqueue("a"), enqueue("b"), enqueue("c")
    published: list[int] = []

    def publish(effect_id: int) -> None:
        if effect_id == second.pk:
            raise ConnectionError("broker down")
        published.append(effect_id)

    assert effects_dispatch_due(publish=publish) == 1

    statuses = dict(OutboxEffect.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: Status.DISPATCHED,
        second.pk: Status.PENDING,
        third.pk: Status.PENDING,
    }


def test_the_reconciler_requeues_dispatched_effects_that_lost_their_message(db):
    stuck, recent = enqueue("stuck"), enqueue("recent")
    effects_dispatch_due(publish=lambda pk: None)
    OutboxEffect.objects.filter(pk=stuck.pk).update(
        dispatched_at=timezone.now() - timedelta(minutes=10)
    )

    assert effects_requeue_stuck(stuck_after=timedelta(minutes=3)) == 1

    stuck.refresh_from_db()
    recent.refresh_from_db()
    assert stuck.status == Status.PENDING
    assert stuck.dispatched_at is None
    assert recent.status == Status.DISPATCHED


@pytest.mark.django_db(transaction=True)
def test_the_reconciler_leaves_an_effect_that_is_running_alone():
    """A running effect holds its row lock; SKIP LOCKED keeps the reconciler off it."""
    import threading

    from django.db import connection

    effect = enqueue("running")
    OutboxEffect.objects.filter(pk=effect.pk).update(
        status=Status.DISPATCHED, dispatched_at=timezone.now() - timedelta(hours=1)
    )
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        with transaction.atomic():
            OutboxEffect.objects.select_for_update().get(pk=effect.pk)
            locked.set()
            release.wait(10)
        connection.close()

    worker = threading.Thread(target=hold_the_lock)
    worker.start()
    try:
        assert locked.wait(10)
        assert effects_requeue_stuck(stuck_after=timedelta(minutes=1)) == 0
    finally:
        release.set()
        worker.join(10)
    assert effects_requeue_stuck(stuck_after=timedelta(minutes=1)) == 1


def test_the_beat_schedule_runs_the_relay_and_the_reconciler(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"outbox.relay", "outbox.reconcile"} <= tasks
    # The approval → e-mail budget (1 s at p95) leaves the relay half a second at most.
    assert settings.CELERY_BEAT_SCHEDULE["outbox-relay"]["schedule"] <= 0.5


def test_the_relay_claims_a_batch_in_constant_queries(db, django_assert_num_queries):
    for n in range(50):
        enqueue(f"batch-{n}")
    published: list[int] = []

    # savepoint, claim (SELECT … FOR UPDATE SKIP LOCKED), mark dispatched, release
    with django_assert_num_queries(4):
        assert effects_dispatch_due(publish=published.append) == 50
    assert len(published) == 50


def test_an_idle_relay_writes_nothing_to_the_log(db, caplog):
    caplog.set_level("DEBUG", logger="guichet.outbox")

    assert effects_dispatch_due(publish=lambda effect_id: None) == 0

    assert [r for r in caplog.records if r.name == "guichet.outbox"] == []


def test_the_relay_logs_how_many_effects_it_published(db, caplog):
    enqueue("one")
    enqueue("two")
    caplog.set_level("INFO", logger="guichet.outbox")

    effects_dispatch_due(publish=lambda effect_id: None)

    lines = [r for r in caplog.records if r.name == "guichet.outbox"]
    assert [(r.levelname, r.getMessage(), r.count) for r in lines] == [
        ("INFO", "outbox effects published", 2)
    ]
