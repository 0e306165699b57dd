"""The supervisors' desk: what is open now, what happened over a period, what will breach next.

The backlog is aggregated by the database over the open requests (``GROUP BY``, ``COUNT(*)
FILTER``); the period figures are read from the daily roll-up, today live
(``lifecycle.selectors_figures``), their percentiles from working-time histograms (« ≈ », within
5 %: ``lifecycle.figures_buckets``). The number of queries is fixed and does not grow with the
requests nor with the period.

Working time comes from the default calendar (``sla.selectors.calendar_load``): an ageing bucket
is "filed more than N working days ago", turned into N cut-off instants computed once, so the
database compares ``filed_at`` with an instant instead of the calendar running per row.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from kb.selectors import DeflectionFigures, search_deflection_figures
from lifecycle import machine, registry
from lifecycle.figures_buckets import bucket_percentile
from lifecycle.machine import OPEN_STATES, State
from lifecycle.models import Request
from lifecycle.percentiles import EMPTY, MEDIAN, P90, DurationStats
from lifecycle.selectors_figures import PeriodRollup, period_rollup
from sla.calendar import PARIS, ZERO, Calendar
from sla.clock import SlaStatus
from sla.models import WorkingCalendar
from sla.selectors import calendar_load
from users import roles
from users.models import User

LIST_LIMIT = 25
OPEN = sorted(str(state) for state in OPEN_STATES)
LATE = (SlaStatus.BREACHED, SlaStatus.MISSED)
# Ageing buckets: (label, lower bound, upper bound) in working days since filing.
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("< 1 jour ouvré", 0, 1),
    ("1 à 2 jours ouvrés", 1, 2),
    ("2 à 5 jours ouvrés", 2, 5),
    ("> 5 jours ouvrés", 5, None),
)
DURATIONS = {
    "first_response": ("filed_at", "first_response_at"),
    "resolution": ("filed_at", "resolved_at"),
}


@dataclass(frozen=True)
class DeskFilters:
    """What the supervisor picked; the period is [since, until] in local (Paris) days."""

    since: date
    until: date
    type_key: str = ""
    technician_id: int | None = None

    @property
    def start(self) -> datetime:
        return datetime.combine(self.since, time.min, tzinfo=PARIS)

    @property
    def end(self) -> datetime:
        """The first instant after the period (exclusive)."""
        return datetime.combine(self.until + timedelta(days=1), time.min, tzinfo=PARIS)

    @property
    def days(self) -> list[date]:
        return [self.since + timedelta(days=n) for n in range((self.until - self.since).days + 1)]


@dataclass(frozen=True)
class Technician:
    pk: int
    name: str


@dataclass(frozen=True)
class Backlog:
    total: int
    by_state: list[tuple[str, str, int]]  # (state value, label, count)
    by_type: list[tuple[str, str, int]]  # (type key, label, count)
    ageing: list[tuple[str, int]]
    at_risk: int
    breached: int
    unassigned: int
    forecast: int  # open, not late yet, due before now + one working day
    forecast_until: datetime


@dataclass(frozen=True)
class WatchRow:
    number: str
    type_label: str
    state_label: str
    assignee: str
    due: datetime | None
    working_left: timedelta | None  # negative: over by that much
    filed_at: datetime


@dataclass(frozen=True)
class TechnicianLoad:
    technician: Technician
    open: int
    taken: int
    resolved: int


@dataclass(frozen=True)
class TimeRow:
    key: str
    label: str
    first_response: DurationStats
    resolution: DurationStats


@dataclass(frozen=True)
class PeriodFigures:
    per_day: list[tuple[date, int, int]]  # (day, filed, resolved)
    filed: int
    resolved: int
    late: int  # resolutions of the period whose deadline was not kept (breached or missed)
    reopened: int  # reopen events of the period
    times_by_type: list[TimeRow]
    times_by_technician: list[TimeRow]
    workload: list[TechnicianLoad]
    deflection: DeflectionFigures
    breach_rate: float | None = field(init=False)
    reopen_rate: float | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "breach_rate", self.late / self.resolved if self.resolved else None
        )
        object.__setattr__(
            self, "reopen_rate", self.reopened / self.resolved if self.resolved else None
        )


# --- Working time helpers (a handful of calendar steps, no rows) ------------------------------
def working_day(calendar: Calendar) -> timedelta:
    """The length of an average working day of the calendar (9 h 30 for 08:30–18:00)."""
    days = [ranges for ranges in calendar.hours if ranges]
    if not days:
        return timedelta(hours=8)
    total = sum(
        (
            datetime.combine(date.min, high) - datetime.combine(date.min, low)
            for ranges in days
            for low, high in ranges
        ),
        ZERO,
    )
    return total / len(days)


def working_cutoff(calendar: Calendar, now: datetime, duration: timedelta) -> datetime:
    """The latest instant ``t`` with ``working_time_between(t, now) >= duration``."""
    if duration <= ZERO:
        return now
    counted, upper = ZERO, now
    for _step in range(3660):  # back one day at a time, then to the minute within that day
        lower = upper - timedelta(days=1)
        step = calendar.working_time_between(lower, upper)
        if counted + step >= duration:
            break
        counted, upper = counted + step, lower
    else:
        return upper
    low, high = lower, upper  # counted + wtb(low, upper) >= duration > counted + wtb(high, upper)
    while high - low > timedelta(minutes=1):
        middle = low + (high - low) / 2
        if counted + calendar.working_time_between(middle, upper) >= duration:
            low = middle
        else:
            high = middle
    return low


def working_left_many(
    calendar: Calendar, now: datetime, dues: list[datetime | None]
) -> list[timedelta | None]:
    """``working_left`` for many due instants, walking the calendar once from the earliest:
    a list of requests overdue by a year costs one year of calendar days, not one per row."""
    instants = sorted({now, *(due for due in dues if due is not None)})
    cumulative, total = {instants[0]: ZERO}, ZERO
    for earlier, later in itertools.pairwise(instants):
        total += calendar.working_time_between(earlier, later)
        cumulative[later] = total
    return [None if due is None else cumulative[due] - cumulative[now] for due in dues]


_OFFICE = ((time(8, 30), time(18, 0)),)
# The migration's default (Monday–Friday 08:30–18:00), used only if nobody kept a default calendar.
FALLBACK_CALENDAR = Calendar((_OFFICE, _OFFICE, _OFFICE, _OFFICE, _OFFICE, (), ()))


def desk_calendar() -> tuple[Calendar, bool]:
    """The default working calendar, and False if there is none (the desk then counts
    Monday–Friday 08:30–18:00 and says so, rather than failing)."""
    try:
        return calendar_load(), True
    except WorkingCalendar.DoesNotExist:
        return FALLBACK_CALENDAR, False


def _type_label(key: str) -> str:
    try:
        return str(registry.get_type(key).label)
    except KeyError:
        return key


def type_choices() -> list[tuple[str, str]]:
    return [(t.key, str(t.label)) for t in registry.all_types()]


# --- Querysets ---------------------------------------------------------------------------------
def desk_technicians() -> list[Technician]:
    """Those a request can be assigned to (technicians and supervisors), by name. One query."""
    users = (
        User.objects.filter(is_active=True, groups__name__in=[roles.TECHNICIAN, roles.SUPERVISOR])
        .distinct()
        .order_by("last_name", "first_name", "pk")
        .only("pk", "first_name", "last_name", "email")
    )
    return [Technician(user.pk, user.get_full_name() or user.email) for user in users]


def _filtered(requests: QuerySet[Request], filters: DeskFilters) -> QuerySet[Request]:
    if filters.type_key:
        requests = requests.filter(type_key=filters.type_key)
    if filters.technician_id is not None:
        requests = requests.filter(assignee_id=filters.technician_id)
    return requests


def open_requests(filters: DeskFilters) -> QuerySet[Request]:
    return _filtered(Request.objects.filter(state__in=OPEN), filters)


def _late_now(now: datetime) -> Q:
    """Open and past a due instant (stored status, or a due instant already passed)."""
    return (
        Q(sla_status=SlaStatus.BREACHED)
        | Q(resolution_due__lt=now)
        | Q(first_response_at__isnull=True, first_response_due__lt=now)
    )


def desk_list(name: str, filters: DeskFilters, *, now: datetime) -> QuerySet[Request]:
    """The requests behind a list of the desk, most urgent first (``name`` as in ``LISTS``)."""
    if name == "period":
        requests = _filtered(
            Request.objects.filter(filed_at__gte=filters.start, filed_at__lt=filters.end),
            filters,
        ).order_by("filed_at", "pk")
        return requests.select_related("assignee")
    requests = open_requests(filters)
    if name == "breached":
        requests = requests.filter(_late_now(now))
    elif name == "at_risk":
        requests = requests.filter(sla_status=SlaStatus.AT_RISK).exclude(_late_now(now))
    elif name == "unassigned":
        requests = requests.filter(assignee__isnull=True)
    elif name != "open":
        raise KeyError(name)
    return requests.select_related("assignee").order_by(
        "resolution_due", "first_response_due", "filed_at", "pk"
    )


LISTS = ("breached", "at_risk", "unassigned", "open", "period")


def _due(request: Request) -> datetime | None:
    dues = [request.resolution_due] if request.resolution_due else []
    if request.first_response_at is None and request.first_response_due:
        dues.append(request.first_response_due)
    return min(dues) if dues else None


def desk_watch_rows(
    name: str, filters: DeskFilters, *, now: datetime, calendar: Calendar, limit: int = LIST_LIMIT
) -> list[WatchRow]:
    """The first ``limit`` requests of a list, with the working time left (or over). One query."""
    requests = list(desk_list(name, filters, now=now)[:limit])
    dues = [_due(request) for request in requests]
    left = working_left_many(calendar, now, dues)
    rows = [
        WatchRow(
            number=request.number,
            type_label=_type_label(request.type_key),
            state_label=str(request.get_state_display()),
            assignee=request.assignee.get_full_name() if request.assignee else "",
            due=due,
            working_left=time_left,
            filed_at=request.filed_at,
        )
        for request, due, time_left in zip(requests, dues, left, strict=True)
    ]
    return rows


def desk_backlog(filters: DeskFilters, *, now: datetime, calendar: Calendar) -> Backlog:
    """The open requests now: by state, by type, by age; late, at risk, unassigned, next to
    breach. Two queries."""
    day = working_day(calendar)
    cutoffs = {n: working_cutoff(calendar, now, day * n) for n in {1, 2, 5}}
    horizon = calendar.add_working_time(now, day) if calendar.has_working_hours else now + day
    ageing: dict[str, Any] = {}
    for index, (_label, low, high) in enumerate(AGE_BUCKETS):
        condition = Q()
        if low:
            condition &= Q(filed_at__lte=cutoffs[low])
        if high is not None:
            condition &= Q(filed_at__gt=cutoffs[high])
        ageing[f"age_{index}"] = Count("filed_at", filter=condition)
    late = _late_now(now)
    figures = open_requests(filters).aggregate(
        total=Count("*"),
        breached=Count("filed_at", filter=late),
        at_risk=Count("filed_at", filter=Q(sla_status=SlaStatus.AT_RISK) & ~late),
        unassigned=Count("filed_at", filter=Q(assignee__isnull=True)),
        forecast=Count(
            "filed_at",
            filter=~late
            & (
                Q(resolution_due__lte=horizon)
                | Q(first_response_at__isnull=True, first_response_due__lte=horizon)
            ),
        ),
        **ageing,
    )
    states: dict[str, int] = {}
    types: dict[str, int] = {}
    grouped = open_requests(filters).order_by().values("state", "type_key").annotate(n=Count("*"))
    for row in grouped:
        states[row["state"]] = states.get(row["state"], 0) + row["n"]
        types[row["type_key"]] = types.get(row["type_key"], 0) + row["n"]
    labels = dict(type_choices())
    return Backlog(
        total=figures["total"],
        by_state=[
            (str(state), str(state.label), states.get(str(state), 0))
            for state in State
            if str(state) in OPEN
        ],
        by_type=[
            (key, labels.get(key, key), count)
            for key, count in sorted(types.items(), key=lambda item: (-item[1], item[0]))
        ],
        ageing=[(label, figures[f"age_{i}"]) for i, (label, _l, _h) in enumerate(AGE_BUCKETS)],
        at_risk=figures["at_risk"],
        breached=figures["breached"],
        unassigned=figures["unassigned"],
        forecast=figures["forecast"],
        forecast_until=horizon,
    )


def _today() -> date:
    return machine.now().astimezone(PARIS).date()


def _rollup(filters: DeskFilters) -> PeriodRollup:
    return period_rollup(
        since=filters.since,
        until=filters.until,
        today=_today(),
        type_key=filters.type_key,
        technician_id=filters.technician_id,
    )


def desk_per_day(
    filters: DeskFilters, *, rollup: PeriodRollup | None = None
) -> list[tuple[date, int, int]]:
    """(day, filed, resolved) for every local day of the period, zeros included (from the
    daily roll-up, today live: ``lifecycle.selectors_figures``)."""
    rollup = rollup if rollup is not None else _rollup(filters)
    zero: Counter[str] = Counter()
    return [
        (day, rollup.per_day.get(day, zero)["filed"], rollup.per_day.get(day, zero)["resolved"])
        for day in filters.days
    ]


def _stats(buckets: Counter[int] | None) -> DurationStats:
    if not buckets:
        return EMPTY
    return DurationStats(
        sum(buckets.values()),
        bucket_percentile(buckets, MEDIAN),
        bucket_percentile(buckets, P90),
    )


def desk_period(filters: DeskFilters, *, technicians: list[Technician]) -> PeriodFigures:
    """What happened over the period, from the daily roll-up (today live). A fixed number of
    queries, whatever the period and the rows."""
    rollup = _rollup(filters)
    names = {tech.pk: tech for tech in technicians}
    shown = [names[filters.technician_id]] if filters.technician_id in names else technicians
    return PeriodFigures(
        per_day=desk_per_day(filters, rollup=rollup),
        filed=rollup.total("filed"),
        resolved=rollup.total("resolved"),
        late=rollup.total("late"),
        reopened=rollup.total("reopened"),
        times_by_type=[
            TimeRow(
                key,
                label,
                _stats(rollup.by_type.get((key, "first_response"))),
                _stats(rollup.by_type.get((key, "resolution"))),
            )
            for key, label in type_choices()
            if not filters.type_key or key == filters.type_key
        ],
        times_by_technician=[
            TimeRow(
                str(tech.pk),
                tech.name,
                _stats(rollup.by_tech_durations.get((tech.pk, "first_response"))),
                _stats(rollup.by_tech_durations.get((tech.pk, "resolution"))),
            )
            for tech in shown
        ],
        workload=_workload(filters, shown, rollup),
        deflection=search_deflection_figures(since=filters.start, until=filters.end),
    )


def _workload(
    filters: DeskFilters, shown: list[Technician], rollup: PeriodRollup
) -> list[TechnicianLoad]:
    """Per technician: open now (one query), taken and resolved in the period (the roll-up)."""
    assigned = Request.objects.filter(assignee__isnull=False)
    open_now = (
        _filtered(assigned.filter(state__in=OPEN), filters)
        .order_by()
        .values("assignee_id")
        .annotate(n=Count("*"))
    )
    open_by = {row["assignee_id"]: row["n"] for row in open_now}
    zero: Counter[str] = Counter()
    return [
        TechnicianLoad(
            tech,
            open_by.get(tech.pk, 0),
            rollup.by_technician.get(tech.pk, zero)["taken"],
            rollup.by_technician.get(tech.pk, zero)["resolved"],
        )
        for tech in shown
    ]
