"""The working calendar as a pure value: working time between instants, deadlines, segments.

``Calendar`` is built once from the models (``sla.selectors.calendar_load``) and never touches the
database. Every computation works in Europe/Paris local time, one day at a time: a day's working
ranges are turned into UTC instants once (cached per day), so a span of a year costs ~365 steps and
the two summer-time changes are exact (a working range that crosses 02:00–03:00 on the last Sunday
of March lasts one hour less; the clock never counts an hour that did not exist).

French public holidays come from ``holidays.France`` (computed per year, French names); a holiday
or a whole-day closure removes the whole day, a half-day closure removes its part of the working
ranges.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import pairwise
from zoneinfo import ZoneInfo

import holidays
from django.db import models
from django.utils.translation import gettext_lazy as _

PARIS = ZoneInfo("Europe/Paris")
ZERO = timedelta(0)
# add_working_time gives up after this many days without enough working time (a calendar whose
# every day is closed would otherwise loop for ever).
MAX_DAYS = 3660


class SegmentKind(models.TextChoices):
    """What a span of time was, on the explainable timeline. The calendar produces the first four;
    the clock (``sla.clock``) adds the requester's waits and the stops."""

    COUNTING = "counting", _("Temps décompté")
    OUTSIDE_HOURS = "outside_hours", _("Hors des heures ouvrées")
    HOLIDAY = "holiday", _("Jour férié")
    CLOSURE = "closure", _("Fermeture du service")
    WAITING_REQUESTER = "waiting_requester", _("En attente du demandeur")
    STOPPED = "stopped", _("Délai arrêté")


@dataclass(frozen=True)
class Segment:
    start: datetime
    end: datetime
    kind: SegmentKind
    label: str = ""  # the holiday's or the closure's name; empty for the others

    @property
    def duration(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True)
class ClosureSpan:
    """A closure added by hand: a whole day (no times) or part of one."""

    day: date
    label: str
    start: time | None = None
    end: time | None = None


@dataclass(frozen=True)
class _Day:
    working: tuple[tuple[datetime, datetime], ...]  # UTC, sorted, disjoint
    segments: tuple[Segment, ...]  # UTC, cover the whole local day


@lru_cache(maxsize=64)
def french_holidays(year: int) -> dict[date, str]:
    """The French public holidays of ``year``, with their French names."""
    calendar = holidays.France(years=year, language="fr")  # type: ignore[no-untyped-call]
    return dict(calendar.items())


def _utc(day: date, at: time) -> datetime:
    """A local wall time of ``day`` as a UTC instant. In the autumn overlap (02:00–03:00 twice) the
    first occurrence; inside the spring gap (02:00–03:00 does not exist) the end of the gap, so a
    range never counts an hour that did not exist and the mapping never goes backwards."""
    local = datetime.combine(day, at, tzinfo=PARIS)
    instant = local.astimezone(UTC)
    if instant.astimezone(PARIS).replace(tzinfo=None) != local.replace(tzinfo=None):
        # EU summer time changes at 01:00 UTC (Directive 2000/84/EC): the gap ends then.
        return datetime.combine(day, time(1), tzinfo=UTC)
    return instant


def _merged(ranges: Iterable[tuple[time, time]]) -> tuple[tuple[time, time], ...]:
    """A day's ranges sorted, overlapping or touching ones joined (the admin refuses overlaps;
    the calculations must not count an hour twice if one slips through)."""
    result: list[tuple[time, time]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(end, result[-1][1]))
        else:
            result.append((start, end))
    return tuple(result)


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("The SLA calendar needs aware datetimes.")
    return moment.astimezone(UTC)


@dataclass(frozen=True)
class Calendar:
    """Working hours per weekday (0 = Monday), closures, French public holidays."""

    hours: tuple[tuple[tuple[time, time], ...], ...]  # 7 entries, one per weekday
    closures: tuple[ClosureSpan, ...] = ()
    name: str = ""
    _closures_by_day: dict[date, tuple[ClosureSpan, ...]] = field(
        init=False, repr=False, compare=False
    )
    _days: dict[date, _Day] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.hours) != 7:
            raise ValueError("A calendar has 7 weekdays.")
        object.__setattr__(self, "hours", tuple(_merged(day) for day in self.hours))
        by_day: dict[date, list[ClosureSpan]] = {}
        for closure in self.closures:
            by_day.setdefault(closure.day, []).append(closure)
        object.__setattr__(self, "_closures_by_day", {d: tuple(c) for d, c in by_day.items()})
        object.__setattr__(self, "_days", {})

    @classmethod
    def build(
        cls,
        hours: Iterable[tuple[int, time, time]],
        closures: Iterable[ClosureSpan] = (),
        name: str = "",
    ) -> Calendar:
        """From (weekday, start, end) rows, as stored in ``WorkingHours``."""
        week: list[list[tuple[time, time]]] = [[] for _ in range(7)]
        for weekday, start, end in hours:
            week[weekday].append((start, end))
        return cls(tuple(tuple(day) for day in week), tuple(closures), name)

    @property
    def has_working_hours(self) -> bool:
        return any(self.hours)

    # --- The three questions ----------------------------------------------------------------
    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from ``start`` to ``end``; zero if ``end`` is not after ``start``."""
        start, end = _aware(start), _aware(end)
        total = ZERO
        for day in self._local_days(start, end):
            for low, high in self._day(day).working:
                low, high = max(low, start), min(high, end)
                if high > low:
                    total += high - low
        return total

    def add_working_time(self, start: datetime, duration: timedelta) -> datetime:
        """The instant at which ``duration`` of working time has elapsed after ``start`` (the
        earliest one: a deadline that falls at the end of a range is that end, not the next
        morning). Returned in UTC."""
        start = _aware(start)
        if duration <= ZERO:
            return start
        if not self.has_working_hours:
            raise ValueError("This calendar has no working hours.")
        left = duration
        day = start.astimezone(PARIS).date()
        for _step in range(MAX_DAYS):
            for low, high in self._day(day).working:
                low = max(low, start)
                if high <= low:
                    continue
                if high - low >= left:
                    return low + left
                left -= high - low
            day += timedelta(days=1)
        raise ValueError("No working time left in this calendar within ten years.")

    def segments(self, start: datetime, end: datetime) -> list[Segment]:
        """The span cut into counting / outside hours / holiday / closure, neighbours merged."""
        start, end = _aware(start), _aware(end)
        result: list[Segment] = []
        for day in self._local_days(start, end):
            for segment in self._day(day).segments:
                low, high = max(segment.start, start), min(segment.end, end)
                if high <= low:
                    continue
                last = result[-1] if result else None
                if last and (last.kind, last.label, last.end) == (segment.kind, segment.label, low):
                    result[-1] = Segment(last.start, high, last.kind, last.label)
                else:
                    result.append(Segment(low, high, segment.kind, segment.label))
        return result

    # --- One local day ----------------------------------------------------------------------
    def _local_days(self, start: datetime, end: datetime) -> Iterator[date]:
        if end <= start:
            return
        day, last = start.astimezone(PARIS).date(), end.astimezone(PARIS).date()
        while day <= last:
            yield day
            day += timedelta(days=1)

    def _day(self, day: date) -> _Day:
        cached = self._days.get(day)
        if cached is None:
            cached = self._days[day] = self._plan(day)
        return cached

    def _plan(self, day: date) -> _Day:
        midnight, next_midnight = _utc(day, time(0)), _utc(day + timedelta(days=1), time(0))
        holiday = french_holidays(day.year).get(day)
        if holiday is not None:
            return _Day((), (Segment(midnight, next_midnight, SegmentKind.HOLIDAY, holiday),))
        closures = self._closures_by_day.get(day, ())
        whole = next((c for c in closures if c.start is None or c.end is None), None)
        if whole is not None:
            return _Day((), (Segment(midnight, next_midnight, SegmentKind.CLOSURE, whole.label),))

        cuts = [(_utc(day, c.start), _utc(day, c.end), c.label) for c in closures]  # type: ignore[arg-type]
        working: list[tuple[datetime, datetime]] = []
        segments: list[Segment] = []
        cursor = midnight
        for range_start, range_end in self.hours[day.weekday()]:
            low, high = _utc(day, range_start), _utc(day, range_end)
            if high <= low:  # a range wholly inside the spring-forward gap
                continue
            if low > cursor:
                segments.append(Segment(cursor, low, SegmentKind.OUTSIDE_HOURS))
            for piece_start, piece_end, label in _cut(low, high, cuts):
                kind = SegmentKind.CLOSURE if label is not None else SegmentKind.COUNTING
                segments.append(Segment(piece_start, piece_end, kind, label or ""))
                if label is None:
                    working.append((piece_start, piece_end))
            cursor = max(cursor, high)
        if next_midnight > cursor:
            segments.append(Segment(cursor, next_midnight, SegmentKind.OUTSIDE_HOURS))
        return _Day(tuple(working), tuple(segments))


def _cut(
    low: datetime, high: datetime, cuts: list[tuple[datetime, datetime, str]]
) -> list[tuple[datetime, datetime, str | None]]:
    """Split [low, high) into pieces, each either inside a closure (its label) or not (None)."""
    bounds = sorted({low, high, *(t for s, e, _l in cuts for t in (s, e) if low < t < high)})
    pieces: list[tuple[datetime, datetime, str | None]] = []
    for piece_start, piece_end in pairwise(bounds):
        label = next((lab for s, e, lab in cuts if s <= piece_start and piece_end <= e), None)
        if pieces and pieces[-1][2] == label and pieces[-1][1] == piece_start:
            pieces[-1] = (pieces[-1][0], piece_end, label)
        else:
            pieces.append((piece_start, piece_end, label))
    return pieces


class WorkingTimeMeter:
    """Working time between many pairs of instants, each in constant time: the working seconds
    before every local day of ``[first, last]`` are added up once, so measuring one pair is a
    lookup and a few comparisons instead of a walk over its days (the desk's daily roll-up
    measures hundreds of thousands of durations). Equal to ``Calendar.working_time_between``
    to the microsecond; instants outside the prepared days fall back to it."""

    def __init__(self, calendar: Calendar, first: date, last: date) -> None:
        self.calendar = calendar
        self.first, self.last = first, last
        self._before: dict[date, timedelta] = {}
        self._ranges: dict[date, tuple[tuple[datetime, datetime], ...]] = {}
        total, day = ZERO, first
        while day <= last:
            working = calendar._day(day).working
            self._before[day], self._ranges[day] = total, working
            total += sum((high - low for low, high in working), ZERO)
            day += timedelta(days=1)

    def _position(self, moment: datetime) -> timedelta | None:
        moment = _aware(moment)
        day = moment.astimezone(PARIS).date()
        before = self._before.get(day)
        if before is None:
            return None
        for low, high in self._ranges[day]:
            if moment >= high:
                before += high - low
            elif moment > low:
                before += moment - low
        return before

    def between(self, start: datetime, end: datetime) -> timedelta:
        if end <= start:
            return ZERO
        low, high = self._position(start), self._position(end)
        if low is None or high is None:
            return self.calendar.working_time_between(start, end)
        return high - low
