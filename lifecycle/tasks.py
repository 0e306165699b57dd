"""Celery tasks of the lifecycle: thin adapters around the services."""

from __future__ import annotations

from celery import shared_task

from lifecycle import machine
from lifecycle.services.figures import figures_rebuild_due, figures_rebuild_today
from lifecycle.services.requests import request_close_due
from lifecycle.services.retention import requests_purge_expired
from lifecycle.services.sla_scan import sla_scan


@shared_task(name="lifecycle.tasks.close_due_requests")
def close_due_requests() -> int:
    """Celery beat, hourly: close the requests resolved more than N days ago."""
    return request_close_due()


@shared_task(name="lifecycle.tasks.purge_expired_requests")
def purge_expired_requests() -> dict[str, int]:
    """Celery beat, daily: purge documents and personal data past their retention period."""
    return requests_purge_expired()


@shared_task(name="lifecycle.tasks.scan_sla", acks_late=True)
def scan_sla() -> dict[str, int]:
    """Celery beat, every minute: statuses at risk and breached, each alert claimed once."""
    result = sla_scan()
    return {
        "breached": result.breached,
        "at_risk": result.at_risk,
        "breach_alerts": result.breach_alerts,
        "at_risk_alerts": result.at_risk_alerts,
    }


# A run rebuilds at most this many days (the task's time limit); the next run goes on.
FIGURES_DAYS_PER_RUN = 93


@shared_task(name="lifecycle.tasks.rebuild_daily_figures")
def rebuild_daily_figures() -> int:
    """Celery beat, hourly at :10 (the 00:10 run builds yesterday): the desk's daily roll-up of
    every day not built, built too early or marked stale; idempotent (days locked)."""
    return figures_rebuild_due(now=machine.now(), max_days=FIGURES_DAYS_PER_RUN).days


@shared_task(name="lifecycle.tasks.rebuild_today_figures")
def rebuild_today_figures() -> int:
    """Celery beat, every five minutes: today's roll-up so far (the desk then computes only
    the minutes since live); idempotent (the day locked)."""
    return figures_rebuild_today(now=machine.now()).days
