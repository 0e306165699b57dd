"""Celery tasks of the lifecycle: thin adapters around the services."""

from __future__ import annotations

from celery import shared_task

from lifecycle.services.requests import request_close_due
from lifecycle.services.retention import requests_purge_expired


@shared_task(name="lifecycle.tasks.close_due_requests")
def close_due_requests() -> int:
    """Celery beat, hourly: close the requests resolved more than N days ago."""
    return request_close_due()


@shared_task(name="lifecycle.tasks.purge_expired_requests")
def purge_expired_requests() -> int:
    """Celery beat, daily: purge documents and personal data past their retention period."""
    return requests_purge_expired()
