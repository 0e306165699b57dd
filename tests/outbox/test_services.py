from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import OperationalError, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from outbox import services
from outbox.errors import EffectNotRetryable, PermanentError, TransientError
from outbox.models import OutboxEffect, OutboxEvent
from outbox.relay import effects_dispatch_due

Status = OutboxEffect.Status


def enqueue(key: str = "k1", kind: str = "test.ok", **payload: object) -> OutboxEffect:
    with transaction.atomic():
        return services.effect_enqueue(
            kind=kind, idempotency_key=key, payload=dict(payload), subject_ref="request:42"
        )


def dispatch(effect: OutboxEffect) -> None:
    OutboxEffect.objects.filter(pk=effect.pk).update(
        status=Status.DISPATCHED, dispatched_at=timezone.now()
    )


def test_it_records_a_pending_effect_due_now(db):
    effect = enqueue(siret="73282932000074")

    effect.refresh_from_db()
    assert effect.status == Status.PENDING
    assert effect.payload == {"siret": "73282932000074"}
    assert effect.subject_ref == "request:42"
    assert effect.attempts == 0
    assert effect.max_attempts == 10
    assert effect.next_attempt_at <= timezone.now()


def test_a_duplicate_key_returns_the_first_row(db):
    first = enqueue(key="same", n=1)
    second = enqueue(key="same", n=2)

    assert second.pk == first.pk
    assert second.payload == {"n": 1}
    assert OutboxEffect.objects.count() == 1


def test_a_key_reused_for_another_kind_is_a_bug(db):
    enqueue(key="same", kind="test.a")
    with pytest.raises(ValueError, match="already used"):
        enqueue(key="same", kind="test.b")


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_enqueue_outside_a_transaction():
    with pytest.raises(TransactionManagementError):
        services.effect_enqueue(kind="test.ok", idempotency_key="k", payload={})
    assert not OutboxEffect.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [{"password": "x"}, {"link": {"reset_token": "x"}}, {"items": [{"client_secret": "x"}]}],
)
def test_it_refuses_a_payload_carrying_a_secret(db, payload):
    with pytest.raises(ValueError, match="never carries secrets"), transaction.atomic():
        services.effect_enqueue(kind="test.ok", idempotency_key="k", payload=payload)
    assert not OutboxEffect.objects.exists()


def test_an_enqueued_effect_disappears_with_its_rolled_back_transaction(db):
    def change_that_fails() -> None:
        with transaction.atomic():
            services.effect_enqueue(kind="test.ok", idempotency_key="k", payload={})
            raise RuntimeError("the state change failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not OutboxEffect.objects.exists()


def test_it_runs_the_handler_and_marks_the_effect_done(db, register_handler):
    seen = []

    def handler(effect):
        seen.append(effect.idempotency_key)
        return {"ref": "C-1"}

    register_handler("test.ok", handler)
    effect = enqueue()
    dispatch(effect)

    assert services.effect_execute(effect_id=effect.pk) == "done"

    effect.refresh_from_db()
    assert seen == ["k1"]
    assert effect.status == Status.DONE
    assert effect.result == {"ref": "C-1"}
    assert effect.attempts == 1
    assert effect.done_at is not None


@pytest.mark.parametrize("status", [Status.DONE, Status.DEAD, Status.PENDING])
def test_it_leaves_an_effect_that_is_not_dispatched_alone(db, register_handler, status):
    seen = []
    register_handler("test.ok", lambda effect: seen.append(effect.idempotency_key))
    effect = enqueue()
    OutboxEffect.objects.filter(pk=effect.pk).update(status=status)

    assert services.effect_execute(effect_id=effect.pk) == "skipped"
    assert seen == []
    effect.refresh_from_db()
    assert effect.attempts == 0


def test_the_same_id_delivered_twice_runs_once(db, register_handler):
    seen = []
    register_handler("test.ok", lambda effect: seen.append(effect.idempotency_key))
    effect = enqueue()
    dispatch(effect)

    assert services.effect_execute(effect_id=effect.pk) == "done"
    assert services.effect_execute(effect_id=effect.pk) == "skipped"
    assert seen == ["k1"]


def test_a_vanished_effect_is_skipped(db):
    assert services.effect_execute(effect_id=987654) == "skipped"


@pytest.mark.parametrize("error", [TransientError("core 503"), OperationalError("db gone")])
def test_a_transient_failure_is_retried_later_with_backoff(db, register_handler, settings, error):
    settings.GUICHET_OUTBOX_BACKOFF_BASE_SECONDS = 10
    settings.GUICHET_OUTBOX_BACKOFF_MAX_SECONDS = 1000

    def fail(effect):
        raise error

    register_handler("test.ok", fail)
    effect = enqueue()
    dispatch(effect)
    before = timezone.now()

    assert services.effect_execute(effect_id=effect.pk) == "retry"

    effect.refresh_from_db()
    assert effect.status == Status.PENDING
    assert effect.attempts == 1
    assert str(error) in effect.last_error
    assert type(error).__name__ not in effect.last_error  # staff read sentences, not classes
    assert before + timedelta(seconds=10) <= effect.next_attempt_at
    assert effect.next_attempt_at <= timezone.now() + timedelta(seconds=10)


def test_handler_writes_are_rolled_back_when_it_fails(db, register_handler, sam):
    def write_then_fail(effect):
        OutboxEvent.objects.create(effect=effect, action=OutboxEvent.Action.RETRIED, actor=sam)
        raise TransientError("after a write")

    register_handler("test.ok", write_then_fail)
    effect = enqueue()
    dispatch(effect)

    services.effect_execute(effect_id=effect.pk)

    assert not OutboxEvent.objects.exists()


def test_backoff_grows_exponentially_with_jitter_and_a_cap(settings):
    settings.GUICHET_OUTBOX_BACKOFF_BASE_SECONDS = 5
    settings.GUICHET_OUTBOX_BACKOFF_MAX_SECONDS = 60
    for attempts, ceiling in [(1, 5), (2, 10), (3, 20), (4, 40), (5, 60), (30, 60)]:
        delays = {services.backoff_delay(attempts).total_seconds() for _ in range(50)}
        assert all(5 <= delay <= ceiling for delay in delays)
        if ceiling > 5:
            assert len(delays) > 1, "jitter spreads the retries"


def test_transient_failures_three_times_then_success(db, register_handler, settings):
    settings.GUICHET_OUTBOX_BACKOFF_BASE_SECONDS = 0
    settings.GUICHET_OUTBOX_BACKOFF_MAX_SECONDS = 0
    calls = []

    def flaky(effect):
        calls.append(1)
        if len(calls) <= 3:
            raise TransientError(f"core 503 #{len(calls)}")
        return {"ok": True}

    register_handler("test.ok", flaky)
    effect = enqueue()
    outcomes = []
    for _ in range(4):
        assert effects_dispatch_due(publish=lambda pk: None) == 1
        outcomes.append(services.effect_execute(effect_id=effect.pk))

    effect.refresh_from_db()
    assert outcomes == ["retry", "retry", "retry", "done"]
    assert effect.status == Status.DONE
    assert effect.attempts == 4
    assert not OutboxEvent.objects.exists()


def test_the_last_transient_failure_kills_the_effect_and_calls_on_dead_once(
    db, register_handler, settings
):
    settings.GUICHET_OUTBOX_BACKOFF_BASE_SECONDS = 0
    settings.GUICHET_OUTBOX_BACKOFF_MAX_SECONDS = 0
    settings.GUICHET_OUTBOX_MAX_ATTEMPTS = 3
    dead = []

    def always_down(effect):
        raise TransientError("core unavailable")

    register_handler("test.ok", always_down, on_dead=lambda effect: dead.append(effect.status))
    effect = enqueue()
    outcomes = []
    for _ in range(3):
        effects_dispatch_due(publish=lambda pk: None)
        outcomes.append(services.effect_execute(effect_id=effect.pk))

    effect.refresh_from_db()
    assert outcomes == ["retry", "retry", "dead"]
    assert effect.status == Status.DEAD
    assert "core unavailable" in effect.last_error
    assert dead == [Status.DEAD]
    assert list(OutboxEvent.objects.values_list("action", flat=True)) == ["dead"]
    assert effects_dispatch_due(publish=lambda pk: None) == 0


@pytest.mark.parametrize(
    "error", [PermanentError("422 not an administrator"), KeyError("bug in the handler")]
)
def test_a_permanent_or_unexpected_failure_kills_the_effect_at_once(db, register_handler, error):
    dead = []

    def refused(effect):
        raise error

    register_handler("test.ok", refused, on_dead=lambda effect: dead.append(effect.pk))
    effect = enqueue()
    dispatch(effect)

    assert services.effect_execute(effect_id=effect.pk) == "dead"

    effect.refresh_from_db()
    assert effect.status == Status.DEAD
    assert effect.attempts == 1
    assert str(error).strip("'") in effect.last_error
    assert type(error).__name__ not in effect.last_error  # staff read sentences, not classes
    assert dead == [effect.pk]


def test_on_dead_runs_in_the_transaction_that_marks_the_effect_dead(db, register_handler):
    seen_status = []

    def on_dead(effect):
        seen_status.append(OutboxEffect.objects.get(pk=effect.pk).status)

    register_handler(
        "test.ok", lambda e: (_ for _ in ()).throw(PermanentError("no")), on_dead=on_dead
    )
    effect = enqueue()
    dispatch(effect)

    services.effect_execute(effect_id=effect.pk)

    assert seen_status == [Status.DEAD]


def test_a_failing_on_dead_hook_still_leaves_the_effect_dead_and_says_so(db, register_handler):
    def broken_hook(effect):
        raise RuntimeError("hook bug")

    register_handler(
        "test.ok", lambda e: (_ for _ in ()).throw(PermanentError("no")), on_dead=broken_hook
    )
    effect = enqueue()
    dispatch(effect)

    assert services.effect_execute(effect_id=effect.pk) == "dead"
    event = OutboxEvent.objects.get()
    assert "hook bug" in event.detail


def test_an_unknown_kind_is_retried_in_case_the_worker_is_older_than_the_web(db):
    effect = enqueue(kind="test.not-registered")
    dispatch(effect)

    assert services.effect_execute(effect_id=effect.pk) == "retry"
    effect.refresh_from_db()
    assert effect.last_error == (
        "Aucun traitement n'est défini pour ce type d'effet (test.not-registered)."
    )


def test_an_effect_killed_mid_task_on_every_attempt_ends_dead(db, register_handler, settings):
    settings.GUICHET_OUTBOX_MAX_ATTEMPTS = 2
    dead = []
    register_handler("test.ok", lambda effect: None, on_dead=lambda effect: dead.append(1))
    effect = enqueue()
    # Two deliveries counted their attempt, then the process died before finishing.
    OutboxEffect.objects.filter(pk=effect.pk).update(status=Status.DISPATCHED, attempts=2)

    assert services.effect_execute(effect_id=effect.pk) == "dead"
    effect.refresh_from_db()
    assert effect.status == Status.DEAD
    assert "interrompu" in effect.last_error
    assert dead == [1]


def test_a_supervisor_retries_a_dead_effect(db, sam):
    effect = enqueue()
    OutboxEffect.objects.filter(pk=effect.pk).update(
        status=Status.DEAD, attempts=10, last_error="TransientError: core down"
    )

    services.effect_retry(effect=effect, actor=sam)

    effect.refresh_from_db()
    assert effect.status == Status.PENDING
    assert effect.attempts == 0
    assert effect.next_attempt_at <= timezone.now()
    event = OutboxEvent.objects.get()
    assert (event.action, event.actor, event.detail) == (
        "retried",
        sam,
        "TransientError: core down",
    )


def test_it_writes_an_unexpected_error_as_a_french_sentence_with_its_detail(db, register_handler):
    def bug(effect):
        raise KeyError("request_id")

    register_handler("test.ok", bug)
    effect = enqueue()
    dispatch(effect)
    services.effect_execute(effect_id=effect.pk)

    effect.refresh_from_db()
    assert effect.last_error == (
        "Erreur inattendue du traitement : l'équipe technique doit l'examiner. "
        "(détail : 'request_id')"
    )


def test_it_refuses_a_retry_its_handler_says_would_do_nothing(db, register_handler, sam):
    register_handler(
        "test.ok",
        lambda effect: None,
        retry_refusal=lambda effect: "La demande a été rendue au technicien.",
    )
    effect = enqueue()
    OutboxEffect.objects.filter(pk=effect.pk).update(status=Status.DEAD)

    with pytest.raises(EffectNotRetryable) as refused:
        services.effect_retry(effect=effect, actor=sam)

    assert refused.value.message == "La demande a été rendue au technicien."
    effect.refresh_from_db()
    assert effect.status == Status.DEAD
    assert not OutboxEvent.objects.exists()


@pytest.mark.parametrize("status", [Status.PENDING, Status.DISPATCHED, Status.DONE])
def test_only_a_dead_effect_can_be_retried(db, sam, status):
    effect = enqueue()
    OutboxEffect.objects.filter(pk=effect.pk).update(status=status)

    with pytest.raises(EffectNotRetryable):
        services.effect_retry(effect=effect, actor=sam)
    assert not OutboxEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_enqueueing_never_publishes_to_the_broker(settings):
    """Web requests only write rows; the relay alone talks to the broker (O2)."""
    import redis

    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    before = broker.llen("celery")
    with transaction.atomic():
        services.effect_enqueue(kind="test.ok", idempotency_key="quiet", payload={})

    assert broker.llen("celery") == before
    assert OutboxEffect.objects.get(idempotency_key="quiet").status == Status.PENDING


def test_done_effects_lose_their_payload_after_the_retention_period(db, settings):
    settings.GUICHET_OUTBOX_RETENTION_DAYS = 90
    now = timezone.now()
    old_done = enqueue("old", email="alice@example.com")
    recent_done = enqueue("recent", email="bob@example.com")
    old_dead = enqueue("dead", email="liam@example.com")
    OutboxEffect.objects.filter(pk=old_done.pk).update(
        status=Status.DONE, done_at=now - timedelta(days=90), result={"to": "alice@example.com"}
    )
    OutboxEffect.objects.filter(pk=recent_done.pk).update(
        status=Status.DONE, done_at=now - timedelta(days=90) + timedelta(seconds=1)
    )
    OutboxEffect.objects.filter(pk=old_dead.pk).update(status=Status.DEAD)

    assert services.effects_purge_payloads(now=now) == 1
    assert services.effects_purge_payloads(now=now) == 0

    old_done.refresh_from_db()
    assert (old_done.payload, old_done.result, old_done.idempotency_key) == ({}, None, "old")
    assert OutboxEffect.objects.get(pk=recent_done.pk).payload == {"email": "bob@example.com"}
    assert OutboxEffect.objects.get(pk=old_dead.pk).payload == {"email": "liam@example.com"}


def test_the_payload_purge_runs_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["outbox-purge-payloads"]
    assert (entry["task"], entry["schedule"]) == ("outbox.purge_payloads", 86400)
