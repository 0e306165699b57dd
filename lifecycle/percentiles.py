"""Median and 90th percentile of a duration, per group, computed by the database.

PostgreSQL has the ordered-set aggregate ``percentile_cont(f) WITHIN GROUP (ORDER BY x)``: one
query returns, per group, the percentiles of any number of durations, however many rows they
cover. SQLite (the embedded default, a small desk on one machine) has no such aggregate; there the
durations are read in one query and the percentiles computed the same way (linear interpolation,
as ``percentile_cont`` does). Both give the same figures for the same rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Func, QuerySet

MEDIAN = 0.5
P90 = 0.9


class PercentileCont(Aggregate):
    """``percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)`` (PostgreSQL)."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, fraction: float, **extra: Any) -> None:
        fraction = float(fraction)
        if not 0.0 <= fraction <= 1.0:
            raise ValueError("A percentile is a fraction between 0 and 1.")
        super().__init__(expression, fraction=repr(fraction), **extra)


class EpochSeconds(Func):
    """Seconds of an interval (PostgreSQL): ``EXTRACT(EPOCH FROM interval)``."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


@dataclass(frozen=True)
class DurationStats:
    count: int
    median: timedelta | None
    p90: timedelta | None


EMPTY = DurationStats(0, None, None)


def interpolated(ordered: Sequence[float], fraction: float) -> float | None:
    """``percentile_cont`` on sorted values: linear interpolation between the closest ranks."""
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _seconds(value: float | None) -> timedelta | None:
    return None if value is None else timedelta(seconds=round(value))


def duration_percentiles(
    rows: QuerySet[Any], *, group: str, durations: Mapping[str, tuple[str, str]]
) -> dict[Any, dict[str, DurationStats]]:
    """Per value of ``group``, for each named duration ``(start_field, end_field)``: how many
    rows have one (end not null), its median and 90th percentile. One query."""
    if connection.vendor == "postgresql":
        return _postgresql(rows, group=group, durations=durations)
    return _in_one_read(rows, group=group, durations=durations)


def _postgresql(
    rows: QuerySet[Any], *, group: str, durations: Mapping[str, tuple[str, str]]
) -> dict[Any, dict[str, DurationStats]]:
    aggregates: dict[str, Any] = {}
    for name, (start, end) in durations.items():
        seconds = EpochSeconds(F(end) - F(start))
        aggregates[f"{name}__n"] = Count(end)
        aggregates[f"{name}__median"] = PercentileCont(seconds, MEDIAN)
        aggregates[f"{name}__p90"] = PercentileCont(seconds, P90)
    result: dict[Any, dict[str, DurationStats]] = {}
    for row in rows.order_by().values(group).annotate(**aggregates):
        result[row[group]] = {
            name: DurationStats(
                row[f"{name}__n"],
                _seconds(row[f"{name}__median"]),
                _seconds(row[f"{name}__p90"]),
            )
            for name in durations
        }
    return result


def _in_one_read(
    rows: QuerySet[Any], *, group: str, durations: Mapping[str, tuple[str, str]]
) -> dict[Any, dict[str, DurationStats]]:
    fields = sorted({field for pair in durations.values() for field in pair})
    values: dict[Any, dict[str, list[float]]] = {}
    for row in rows.order_by().values(group, *fields).iterator(chunk_size=2000):
        per_name = values.setdefault(row[group], {name: [] for name in durations})
        for name, (start, end) in durations.items():
            if row[start] is not None and row[end] is not None:
                per_name[name].append((row[end] - row[start]).total_seconds())
    result: dict[Any, dict[str, DurationStats]] = {}
    for key, per_name in values.items():
        result[key] = {}
        for name, seconds in per_name.items():
            seconds.sort()
            result[key][name] = DurationStats(
                len(seconds),
                _seconds(interpolated(seconds, MEDIAN)),
                _seconds(interpolated(seconds, P90)),
            )
    return result
