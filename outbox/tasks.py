"""Thin Celery adapters: they take ids and call the outbox services."""

from __future__ import annotations

from celery import shared_task

from outbox import relay, services


@shared_task(name="outbox.run_effect", acks_late=True, reject_on_worker_lost=True)
def run_effect(effect_id: int) -> str:
    return services.effect_execute(effect_id=effect_id)


@shared_task(name="outbox.relay", ignore_result=True)
def relay_effects() -> int:
    return relay.effects_dispatch_due()


@shared_task(name="outbox.reconcile", ignore_result=True)
def reconcile_effects() -> int:
    return relay.effects_requeue_stuck()


@shared_task(name="outbox.purge_payloads", ignore_result=True)
def purge_payloads() -> int:
    return services.effects_purge_payloads()
