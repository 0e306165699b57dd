"""Celery tasks of the lifecycle: thin adapters around the services."""

from __future__ import annotations

from celery import shared_task

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
