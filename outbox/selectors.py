"""Reads of the outbox, for the request timeline and the supervisors' list."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Min, Q, QuerySet

from outbox.models import OutboxEffect


def effects_for_subject(subject_ref: str) -> QuerySet[OutboxEffect]:
    return OutboxEffect.objects.filter(subject_ref=subject_ref).order_by("created_at", "pk")


def failed_effects() -> QuerySet[OutboxEffect]:
    """Dead effects, newest first: what a supervisor must look at and may retry."""
    return OutboxEffect.objects.filter(status=OutboxEffect.Status.DEAD).order_by("-created_at")


def effects_in_flight() -> QuerySet[OutboxEffect]:
    """Effects waiting for the relay or running on a worker (neither done nor dead)."""
    return OutboxEffect.objects.filter(
        status__in=[OutboxEffect.Status.PENDING, OutboxEffect.Status.DISPATCHED]
    )


def outbox_figures(*, now: datetime) -> dict[str, float]:
    """For the operators' metrics, in one query: effects pending, dispatched and dead, and the
    age in seconds of the oldest pending one (0 when none)."""
    Status = OutboxEffect.Status
    row = OutboxEffect.objects.filter(
        status__in=[Status.PENDING, Status.DISPATCHED, Status.DEAD]
    ).aggregate(
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        dispatched=Count("pk", filter=Q(status=Status.DISPATCHED)),
        dead=Count("pk", filter=Q(status=Status.DEAD)),
        oldest=Min("created_at", filter=Q(status=Status.PENDING)),
    )
    oldest = row.pop("oldest")
    figures = {key: float(value) for key, value in row.items()}
    figures["oldest_pending_age"] = max((now - oldest).total_seconds(), 0.0) if oldest else 0.0
    return figures
