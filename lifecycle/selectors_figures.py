"""The desk's period figures read from the daily roll-up, today (and any day not built) live.

The built part (``FiguresDay``; today is built in part every few minutes by the beat) is summed
by the database from ``DailyFigures`` and ``DailyDuration``; what it does not hold yet (today's
events since its last build, any day never built) is computed from the base tables by
``figures_compute_spans``, the very code that builds the roll-up, over small indexed spans.
The number of queries does not depend on the period's length nor on the number of requests.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet, Sum

from lifecycle.models import DailyDuration, DailyFigures, FiguresDay, MonthlyDuration
from lifecycle.services.figures import (
    COUNTS,
    DayFigures,
    Grain,
    Span,
    figures_compute_spans,
    local_start,
    month_after,
    month_start,
)


@dataclass
class PeriodRollup:
    per_day: dict[date, Counter[str]] = field(default_factory=dict)
    by_technician: dict[int | None, Counter[str]] = field(default_factory=dict)
    # (group, measure) -> bucket -> count; group: a type key or a technician id
    by_type: dict[tuple[str, str], Counter[int]] = field(default_factory=dict)
    by_tech_durations: dict[tuple[int | None, str], Counter[int]] = field(default_factory=dict)
    live_days: list[date] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(counts[name] for counts in self.per_day.values())


def _keep(grain: Grain, days: set[date], type_key: str, technician_id: int | None) -> bool:
    day, key, tech = grain
    if day not in days or (type_key and key != type_key):
        return False
    return technician_id is None or tech == technician_id


def _merge_live(
    rollup: PeriodRollup, live: DayFigures, days: set[date], type_key: str, tech_id: int | None
) -> None:
    for grain, counts in live.counts.items():
        if _keep(grain, days, type_key, tech_id):
            rollup.per_day.setdefault(grain[0], Counter()).update(counts)
            rollup.by_technician.setdefault(grain[2], Counter()).update(counts)
    for (grain, measure), buckets in live.durations.items():
        if _keep(grain, days, type_key, tech_id):
            rollup.by_type.setdefault((grain[1], measure), Counter()).update(buckets)
            rollup.by_tech_durations.setdefault((grain[2], measure), Counter()).update(buckets)


def _filtered(rows: QuerySet[Any], type_key: str, technician_id: int | None) -> QuerySet[Any]:
    if type_key:
        rows = rows.filter(type_key=type_key)
    if technician_id is not None:
        rows = rows.filter(technician_id=technician_id)
    return rows.order_by()


def _live_spans(
    since: date, until: date, today: date, built: dict[date, datetime]
) -> tuple[list[Span], set[date]]:
    """What the roll-up does not hold yet: days never built (whole), days built before they
    ended (today: since their ``built_at``), adjacent pieces merged."""
    spans: list[Span] = []
    days: set[date] = set()
    day = since
    while day <= min(until, today):
        start, end = local_start(day), local_start(day + timedelta(days=1))
        built_at = built.get(day)
        if built_at is None or built_at < end:
            low = start if built_at is None else max(start, built_at)
            if spans and spans[-1][1] == low:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((low, end))
            days.add(day)
        day += timedelta(days=1)
    return spans, days


def period_rollup(
    *, since: date, until: date, today: date, type_key: str = "", technician_id: int | None = None
) -> PeriodRollup:
    """The figures of the local days ``[since, until]``: the roll-up (five queries) plus, live,
    what it does not hold yet (``figures_compute_spans``, eight at most): today's last minutes,
    any day not built."""
    rollup = PeriodRollup()
    in_period = Q(day__gte=since, day__lte=until)
    built = dict(FiguresDay.objects.filter(in_period).values_list("day", "built_at"))
    sums = {name: Sum(name) for name in COUNTS}
    figures = _filtered(DailyFigures.objects.filter(in_period), type_key, technician_id)
    for row in figures.values("day").annotate(**sums):
        rollup.per_day[row["day"]] = Counter({name: row[name] for name in COUNTS})
    for row in figures.values("technician_id").annotate(**sums):
        rollup.by_technician[row["technician_id"]] = Counter({n: row[n] for n in COUNTS})
    # Whole months of the period from MonthlyDuration, the days around them from DailyDuration.
    first_month = since if since.day == 1 else month_after(since)
    last_month = month_start(until + timedelta(days=1))  # the first month not wholly inside
    months = Q(month__gte=first_month, month__lt=last_month)
    around = in_period & ~Q(day__gte=first_month, day__lt=last_month)
    sources = (
        _filtered(DailyDuration.objects.filter(around), type_key, technician_id),
        _filtered(MonthlyDuration.objects.filter(months), type_key, technician_id),
    )
    targets = (("type_key", rollup.by_type), ("technician_id", rollup.by_tech_durations))
    for durations in sources:
        for group, target in targets:
            for row in durations.values(group, "measure", "bucket").annotate(n=Sum("count")):
                counts = target.setdefault((row[group], row["measure"]), Counter())
                counts[row["bucket"]] += row["n"]
    spans, live_days = _live_spans(since, until, today, built)
    if spans:
        live = figures_compute_spans(spans)
        _merge_live(rollup, live, live_days, type_key, technician_id)
    rollup.live_days = sorted(live_days)
    return rollup
