"""The desk's daily roll-up: compute the figures of local days, rebuild them idempotently.

What a day holds (cohorts chosen so that a built day does not drift):
- ``filed``: requests filed that day; ``taken``: ``take`` events of the day (by their actor);
- ``resolved``: resolution events of the day, read from the append-only transition log (a
  request resolved, reopened, resolved again counts on both days); ``late``: among them, those
  whose request's deadline was not kept (status « En retard » or « Manqué »);
- ``reopened``: reopen events of the day;
- histograms of the working time (the type's SLA calendar) from filing to the first public
  answer (first responses given that day) and from filing to each resolution of the day.
The technician of a row is the request's assignee (the actor for ``taken``).

``figures_compute`` reads the base tables for a span of days with a fixed number of queries and
streams the rows (constant memory); it serves both the rebuild and the live part of the desk
(today, and any day not built yet). ``figures_rebuild`` replaces the days' rows in one
transaction, holding their ``FiguresDay`` rows locked, so two schedulers never double a day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth

from lifecycle.figures_buckets import bucket_of
from lifecycle.models import (
    DailyDuration,
    DailyFigures,
    FiguresDay,
    MonthlyDuration,
    Request,
    TransitionLog,
)
from sla.calendar import PARIS, Calendar, WorkingTimeMeter
from sla.clock import SlaStatus
from sla.models import SlaPolicy, WorkingCalendar
from sla.selectors import calendar_load

COUNTS = ("filed", "resolved", "late", "reopened", "taken")
LATE = (SlaStatus.BREACHED, SlaStatus.MISSED)
# Durations are measured with a meter prepared this far before the span (older filings fall
# back to the calendar's own walk: correct, only slower).
METER_DAYS_BEFORE = 730
# The backfill and the beat task rebuild at most this many days per transaction.
CHUNK_DAYS = 31
_OFFICE = ((time(8, 30), time(18, 0)),)
FALLBACK_CALENDAR = Calendar((_OFFICE, _OFFICE, _OFFICE, _OFFICE, _OFFICE, (), ()))

Grain = tuple[date, str, int | None]  # (day, type key, technician id)


@dataclass
class DayFigures:
    """The roll-up of some days, in memory: counts per grain, histograms per grain and measure."""

    counts: dict[Grain, Counter[str]] = field(default_factory=dict)
    durations: dict[tuple[Grain, str], Counter[int]] = field(default_factory=dict)

    def add(self, grain: Grain, name: str, n: int = 1) -> None:
        self.counts.setdefault(grain, Counter())[name] += n

    def add_duration(self, grain: Grain, measure: str, duration: timedelta) -> None:
        self.durations.setdefault((grain, measure), Counter())[bucket_of(duration)] += 1


def local_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=PARIS)


def _local_day(moment: datetime) -> date:
    return moment.astimezone(PARIS).date()


def _type_calendars() -> tuple[dict[str, Calendar], Calendar]:
    """Each policy's calendar by request type, and the default one (two to three queries)."""
    try:
        default = calendar_load()
    except WorkingCalendar.DoesNotExist:
        default = FALLBACK_CALENDAR
    by_type: dict[str, Calendar] = {}
    loaded: dict[int, Calendar] = {}
    for type_key, calendar_id in SlaPolicy.objects.values_list("request_type", "calendar_id"):
        if calendar_id not in loaded:
            try:
                loaded[calendar_id] = calendar_load(calendar_id)
            except WorkingCalendar.DoesNotExist:
                loaded[calendar_id] = default
        by_type[type_key] = loaded[calendar_id]
    return by_type, default


class _Meters:
    def __init__(self, since: date, until: date) -> None:
        self.by_type, self.default = _type_calendars()
        self.first, self.last = since - timedelta(days=METER_DAYS_BEFORE), until
        self._meters: dict[int, WorkingTimeMeter] = {}

    def between(self, type_key: str, start: datetime, end: datetime) -> timedelta:
        calendar = self.by_type.get(type_key, self.default)
        meter = self._meters.get(id(calendar))
        if meter is None:
            meter = self._meters[id(calendar)] = WorkingTimeMeter(calendar, self.first, self.last)
        return meter.between(start, end)


def _grouped(rows: Iterable[dict[str, Any]], tech: str) -> Iterator[tuple[Grain, int]]:
    for row in rows:
        yield (row["day"], row["type_key"], row[tech]), row["n"]


Span = tuple[datetime, datetime]  # [start, end) instants


def _within(field_name: str, spans: list[Span]) -> Q:
    condition = Q()
    for start, end in spans:
        condition |= Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})
    return condition


def figures_compute(*, since: date, until: date, before: datetime | None = None) -> DayFigures:
    """The figures of the local days ``[since, until]`` (events before ``before`` only, if
    given) from the base tables. Eight queries at most (calendars included), whatever the rows."""
    end = local_start(until + timedelta(days=1))
    return figures_compute_spans([(local_start(since), min(end, before) if before else end)])


def figures_compute_spans(spans: list[Span]) -> DayFigures:
    """The figures of the events inside ``spans`` (instants), grouped by their local day. Eight
    queries at most, whatever the rows and the spans."""
    spans = [(start, end) for start, end in spans if end > start]
    if not spans:
        return DayFigures()
    since = _local_day(min(start for start, _end in spans))
    until = _local_day(max(end for _start, end in spans))
    meters = _Meters(since, until)
    result = DayFigures()
    filed = (
        Request.objects.filter(_within("filed_at", spans))
        .order_by()
        .annotate(day=TruncDate("filed_at", tzinfo=PARIS))
        .values("day", "type_key", "assignee_id")
        .annotate(n=Count("*"))
    )
    for grain, n in _grouped(filed, "assignee_id"):
        result.add(grain, "filed", n)
    for name, key in (("reopen", "reopened"), ("take", "taken")):
        tech = "request__assignee_id" if name == "reopen" else "actor_id"
        events = TransitionLog.objects.filter(_within("at", spans), name=name)
        if name == "take":
            events = events.filter(actor__isnull=False)
        rows = (
            events.order_by()
            .annotate(day=TruncDate("at", tzinfo=PARIS), type_key=F("request__type_key"))
            .values("day", "type_key", tech)
            .annotate(n=Count("*"))
        )
        for grain, n in _grouped(rows, tech):
            result.add(grain, key, n)
    first_responses = (
        Request.objects.filter(_within("first_response_at", spans))
        .order_by()
        .values_list("type_key", "assignee_id", "filed_at", "first_response_at")
    )
    for type_key, assignee_id, filed_at, answered_at in first_responses.iterator(chunk_size=5000):
        if answered_at is None:  # excluded by the span's filter; for the type checker
            continue
        grain = (_local_day(answered_at), type_key, assignee_id)
        result.add_duration(
            grain, "first_response", meters.between(type_key, filed_at, answered_at)
        )
    resolutions = (
        TransitionLog.objects.filter(_within("at", spans), to_state="resolved")
        .order_by()
        .values_list(
            "request__type_key",
            "request__assignee_id",
            "request__filed_at",
            "request__sla_status",
            "at",
        )
    )
    for type_key, assignee_id, filed_at, status, at in resolutions.iterator(chunk_size=5000):
        grain = (_local_day(at), type_key, assignee_id)
        result.add(grain, "resolved")
        if status in LATE:
            result.add(grain, "late")
        result.add_duration(grain, "resolution", meters.between(type_key, filed_at, at))
    return result


def _insert(
    model: type[models.Model], columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]
) -> None:
    """Insert plain rows: PostgreSQL's COPY (a year of a large desk is ~10⁵ rows: model
    instances would cost more than computing them), ``bulk_create`` elsewhere."""
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=2000
        )
        return
    table, names = model._meta.db_table, ", ".join(f'"{column}"' for column in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_after(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _months_rewrite(since: date, until: date) -> None:
    """Rewrite ``MonthlyDuration`` for the months touching ``[since, until]`` from the days."""
    low, high = month_start(since), month_after(until)
    MonthlyDuration.objects.filter(month__gte=low, month__lt=high).delete()
    rows = (
        DailyDuration.objects.filter(day__gte=low, day__lt=high)
        .order_by()
        .annotate(month=TruncMonth("day"))
        .values_list("month", "type_key", "technician_id", "measure", "bucket")
        .annotate(n=Sum("count"))
    )
    _insert(
        MonthlyDuration,
        ("month", "type_key", "technician_id", "measure", "bucket", "count"),
        list(rows),  # read first: a COPY holds the connection
    )


@dataclass(frozen=True)
class RebuildSummary:
    days: int
    filed: int
    resolved: int


def _days(since: date, until: date) -> list[date]:
    return [since + timedelta(days=n) for n in range((until - since).days + 1)]


def figures_rebuild(*, since: date, until: date, now: datetime) -> RebuildSummary:
    """Replace the roll-up of the local days ``[since, until]`` with their events before ``now``
    (delete + insert, one transaction, the days' ``FiguresDay`` rows locked: a second rebuild of
    the same days waits, then writes the same rows again). A day not over at ``now`` (today) is
    built in part: the desk adds its events since ``built_at`` live."""
    days = _days(since, until)
    with transaction.atomic():
        FiguresDay.objects.bulk_create(
            [FiguresDay(day=day, built_at=now) for day in days], ignore_conflicts=True
        )
        # The whole months are locked (their MonthlyDuration rows are rewritten), in day order
        # so that two rebuilds in the same month queue up instead of deadlocking.
        locked = FiguresDay.objects.select_for_update().filter(
            day__gte=month_start(since), day__lt=month_after(until)
        )
        list(locked.order_by("day").values_list("day", flat=True))
        figures = figures_compute(since=since, until=until, before=now)
        DailyFigures.objects.filter(day__gte=since, day__lte=until).delete()
        DailyDuration.objects.filter(day__gte=since, day__lte=until).delete()
        _insert(
            DailyFigures,
            ("day", "type_key", "technician_id", *COUNTS),
            (
                (day, type_key, tech, *(counts[name] for name in COUNTS))
                for (day, type_key, tech), counts in figures.counts.items()
            ),
        )
        _insert(
            DailyDuration,
            ("day", "type_key", "technician_id", "measure", "bucket", "count"),
            (
                (day, type_key, tech, measure, bucket, n)
                for ((day, type_key, tech), measure), buckets in figures.durations.items()
                for bucket, n in buckets.items()
            ),
        )
        _months_rewrite(since, until)
        FiguresDay.objects.filter(day__gte=since, day__lte=until).update(built_at=now, stale=False)
    return RebuildSummary(
        days=len(days),
        filed=sum(c["filed"] for c in figures.counts.values()),
        resolved=sum(c["resolved"] for c in figures.counts.values()),
    )


def figures_first_day() -> date | None:
    """The local day of the first request filed (where a backfill starts). One query."""
    first = Request.objects.aggregate(first=Min("filed_at"))["first"]
    return None if first is None else _local_day(first)


def figures_days_due(*, now: datetime, since: date | None = None) -> list[date]:
    """The days before today to (re)build: never built, marked stale, or built before they
    ended. From ``since`` (default: the first filing) to yesterday. Two queries."""
    today = _local_day(now)
    first = since if since is not None else figures_first_day()
    if first is None or first >= today:
        return []
    built = {
        day: (built_at, stale)
        for day, built_at, stale in FiguresDay.objects.filter(
            day__gte=first, day__lt=today
        ).values_list("day", "built_at", "stale")
    }
    due = []
    for day in _days(first, today - timedelta(days=1)):
        marker = built.get(day)
        if marker is None or marker[1] or marker[0] < local_start(day + timedelta(days=1)):
            due.append(day)
    return due


def day_spans(days: list[date], limit: int) -> Iterator[tuple[date, date]]:
    """Consecutive days grouped into spans of at most ``limit`` days."""
    span: list[date] = []
    for day in days:
        if span and (day - span[-1] != timedelta(days=1) or len(span) >= limit):
            yield span[0], span[-1]
            span = []
        span.append(day)
    if span:
        yield span[0], span[-1]


def figures_rebuild_due(
    *, now: datetime, since: date | None = None, max_days: int | None = None
) -> RebuildSummary:
    """Rebuild every due day (``figures_days_due``), ``CHUNK_DAYS`` per transaction, at most
    ``max_days`` of them (the beat task's time limit); idempotent."""
    days = figures_days_due(now=now, since=since)
    if max_days is not None:
        days = days[-max_days:]  # the most recent first: yesterday is what the desk shows
    total = RebuildSummary(0, 0, 0)
    for low, high in day_spans(days, CHUNK_DAYS):
        done = figures_rebuild(since=low, until=high, now=now)
        total = RebuildSummary(
            total.days + done.days, total.filed + done.filed, total.resolved + done.resolved
        )
    return total


def figures_mark_stale() -> int:
    """Every built day to rebuild (a calendar or policy changed the working time). One UPDATE."""
    return FiguresDay.objects.filter(stale=False).update(stale=True)


def figures_rebuild_today(*, now: datetime) -> RebuildSummary:
    """Build today so far, so that the desk computes live only the last few minutes."""
    today = _local_day(now)
    return figures_rebuild(since=today, until=today, now=now)
