"""Reads of the SLA settings: the calendar as a pure value, a request type's policy.

``calendar_load`` keeps each calendar in a per-process cache, keyed by a fingerprint read with one
small query: the calendar's own ``updated_at``, the latest ``updated_at`` and the count of its
working ranges and of its closures. Any edit through the admin or the ORM's ``save()`` moves a
timestamp, an addition moves the latest timestamp, a deletion the count: every web and worker
process sees the change on its next load, with no signal, no Redis and no restart. (A bulk
``QuerySet.update()`` that leaves ``updated_at`` alone is the one edit it would miss; call
``calendar_cache_clear()`` after one.)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, Max

from sla.calendar import Calendar, ClosureSpan
from sla.clock import Policy
from sla.models import SlaPolicy, WorkingCalendar

Fingerprint = tuple[int, datetime, datetime | None, int, datetime | None, int]
_cache: dict[int, tuple[Fingerprint, Calendar]] = {}


def calendar_cache_clear() -> None:
    _cache.clear()


def calendar_load(calendar_id: int | None = None) -> Calendar:
    """The calendar ``calendar_id`` (the default calendar if None), from the cache if unchanged."""
    rows = WorkingCalendar.objects.filter(
        **({"pk": calendar_id} if calendar_id is not None else {"is_default": True})
    ).annotate(
        hours_changed=Max("hours__updated_at"),
        hours_count=Count("hours", distinct=True),
        closures_changed=Max("closures__updated_at"),
        closures_count=Count("closures", distinct=True),
    )
    row = rows.values_list(
        "pk", "updated_at", "hours_changed", "hours_count", "closures_changed", "closures_count"
    ).first()
    if row is None:
        raise WorkingCalendar.DoesNotExist(f"No working calendar {calendar_id or 'by default'}.")
    fingerprint: Fingerprint = row
    cached = _cache.get(row[0])
    if cached is not None and cached[0] == fingerprint:
        return cached[1]
    calendar = _build(row[0])
    _cache[row[0]] = (fingerprint, calendar)
    return calendar


def _build(calendar_id: int) -> Calendar:
    record = WorkingCalendar.objects.get(pk=calendar_id)
    return Calendar.build(
        record.hours.values_list("weekday", "start", "end"),
        [
            ClosureSpan(closure.date, closure.label, closure.start, closure.end)
            for closure in record.closures.all()
        ],
        name=record.name,
    )


def policy_load(request_type: str) -> Policy | None:
    """The policy of a request type (by its key), or None if it has none."""
    record = SlaPolicy.objects.filter(request_type=request_type).first()
    if record is None:
        return None
    return Policy(
        first_response=timedelta(minutes=record.first_response_minutes),
        resolution=timedelta(minutes=record.resolution_minutes),
        at_risk_percent=record.at_risk_percent,
        calendar_id=record.calendar_id,
    )
