"""The desk's period figures read from the daily roll-up, today (and any day not built) live.

Built days (``FiguresDay``) before today are summed by the database from ``DailyFigures`` and
``DailyDuration`` (a few thousand small rows for a year, four queries); the other days of the
period (today, always) are computed from the base tables by ``figures_compute``, the very code
that builds the roll-up, over their small indexed span. The number of queries does not depend on
the period's length nor on the number of requests.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet, Sum

from lifecycle.models import DailyDuration, DailyFigures, FiguresDay
from lifecycle.services.figures import COUNTS, DayFigures, Grain, figures_compute


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


def period_rollup(
    *, since: date, until: date, today: date, type_key: str = "", technician_id: int | None = None
) -> PeriodRollup:
    """The figures of the local days ``[since, until]``: built days from the roll-up (four
    queries), the others (today included) live (``figures_compute``, eight at most)."""
    rollup = PeriodRollup()
    in_period = Q(day__gte=since, day__lte=until, day__lt=today)
    built = set(FiguresDay.objects.filter(in_period).values_list("day", flat=True))
    sums = {name: Sum(name) for name in COUNTS}
    figures = _filtered(DailyFigures.objects.filter(in_period), type_key, technician_id)
    for row in figures.values("day").annotate(**sums):
        rollup.per_day[row["day"]] = Counter({name: row[name] for name in COUNTS})
    for row in figures.values("technician_id").annotate(**sums):
        rollup.by_technician[row["technician_id"]] = Counter({n: row[n] for n in COUNTS})
    durations = _filtered(DailyDuration.objects.filter(in_period), type_key, technician_id)
    for group, target in (
        ("type_key", rollup.by_type),
        ("technician_id", rollup.by_tech_durations),
    ):
        for row in durations.values(group, "measure", "bucket").annotate(n=Sum("count")):
            target.setdefault((row[group], row["measure"]), Counter())[row["bucket"]] += row["n"]
    days = {since + timedelta(days=n) for n in range((until - since).days + 1)}
    live_days = sorted(day for day in days if day not in built)
    if live_days:
        live = figures_compute(since=live_days[0], until=live_days[-1])
        _merge_live(rollup, live, set(live_days), type_key, technician_id)
    rollup.live_days = live_days
    return rollup
