"""Reads of the outbox, for the request timeline and the supervisors' list."""

from __future__ import annotations

from django.db.models import QuerySet

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
