"""The SLA clock: a pure function of a request's events, its calendar and its policy.

``sla_compute(events=…, calendar=…, policy=…, now=…)`` replays the events (filing, transitions,
staff public messages) and returns the deadlines, the status and the explainable timeline. It reads
nothing else, so the same events with a new calendar or policy give the new deadlines (the
recompute after a change is just a second call).

The rules (docs/sla.md):
- Both clocks start at filing, in working time of the policy's calendar.
- **First response**: stopped by the first public answer of the staff: a staff public message, or
  a transition into ``awaiting_requester`` or ``resolved`` (both carry a public message to the
  requester). It never pauses: a request cannot wait for the requester before being answered.
- **Resolution**: counts in submitted, in_progress, updated and executing; pauses in
  awaiting_requester; stops in resolved and closed. A pause **moves the due instant** by the
  working time it lasted (the deadline is the instant at which the counted time reaches the
  target). While paused the due instant is unknown (``None``): it depends on when the requester
  answers; ``resolution_left`` says how much working time remains.
- **Reopen** (resolved → updated) **continues the old resolution target**: the time spent resolved
  does not count, exactly like a pause. A new target would hand a reopened request a fresh week
  and hide that the first answer did not settle it; continuing keeps the promise made at filing.
  A request resolved on time, reopened and resolved again late is ``missed``.
- Met or missed when stopped at or before / after the due instant. Breached when ``now`` is past a
  due instant of a clock still running (or paused after its due); at risk from the at-risk
  instant (``at_risk_percent`` of the target counted). The request's status is the worst of its
  two clocks: breached > paused > at risk > on time; met only if both were met.
- Events after ``now`` have not happened yet and are ignored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from sla.calendar import ZERO, Calendar, Segment, SegmentKind

# The lifecycle's state values (workflows/lifecycle.py, DESIGN.md §4), by string.
RUNNING = frozenset({"submitted", "in_progress", "updated", "executing"})
PAUSED = frozenset({"awaiting_requester"})
STOPPED = frozenset({"resolved", "closed"})
ANSWERING_STATES = frozenset({"awaiting_requester", "resolved"})


class EventKind(StrEnum):
    FILED = "filed"
    TRANSITION = "transition"
    STAFF_PUBLIC_MESSAGE = "staff_public_message"


class SlaStatus(models.TextChoices):
    ON_TIME = "on_time", _("Dans les délais")
    AT_RISK = "at_risk", _("À risque")
    BREACHED = "breached", _("En retard")
    PAUSED = "paused", _("En pause")
    MET = "met", _("Respecté")
    MISSED = "missed", _("Manqué")


# The worst status of an open request wins.
_SEVERITY = {
    SlaStatus.ON_TIME: 0,
    SlaStatus.AT_RISK: 1,
    SlaStatus.PAUSED: 2,
    SlaStatus.BREACHED: 3,
    SlaStatus.MET: 0,
    SlaStatus.MISSED: 3,
}


@dataclass(frozen=True)
class ClockEvent:
    """One fact of the request's history. ``to_state`` is read for FILED (default submitted) and
    TRANSITION; ``from_state`` is informative."""

    at: datetime
    kind: EventKind
    from_state: str = ""
    to_state: str = ""


@dataclass(frozen=True)
class Policy:
    """A policy's targets, as working time."""

    first_response: timedelta
    resolution: timedelta
    at_risk_percent: int = 80
    calendar_id: int | None = None

    def __post_init__(self) -> None:
        if self.first_response <= ZERO or self.resolution <= ZERO:
            raise ValueError("SLA targets must be positive.")
        if not 1 <= self.at_risk_percent <= 99:
            raise ValueError("The at-risk threshold is a percentage between 1 and 99.")

    def at_risk(self, target: timedelta) -> timedelta:
        return target * self.at_risk_percent / 100


@dataclass(frozen=True)
class ClockResult:
    status: SlaStatus
    first_response_status: SlaStatus
    first_response_due: datetime
    first_response_at_risk_at: datetime
    first_response_at: datetime | None
    resolution_status: SlaStatus
    resolution_due: datetime | None  # None while paused and not yet overdue
    resolution_at_risk_at: datetime | None
    resolved_at: datetime | None  # when the resolution clock last stopped, if it is stopped
    resolution_used: timedelta  # working time counted so far
    resolution_left: timedelta  # target minus counted; negative once overdue
    paused: timedelta  # working time spent waiting for the requester or resolved before a reopen
    timeline: tuple[Segment, ...]


@dataclass(frozen=True)
class _Period:
    state: str
    start: datetime
    end: datetime | None  # None: the current one


def sla_compute(
    *, events: Iterable[ClockEvent], calendar: Calendar, policy: Policy, now: datetime
) -> ClockResult:
    now = now.astimezone(UTC)
    ordered = sorted(
        (e for e in events if e.at.astimezone(UTC) <= now), key=lambda e: e.at.astimezone(UTC)
    )
    filed = next((e for e in ordered if e.kind is EventKind.FILED), None)
    if filed is None:
        raise ValueError("The SLA clock starts at filing: no FILED event before now.")
    filed_at = filed.at.astimezone(UTC)
    periods = _periods(ordered, filed)

    first_due = calendar.add_working_time(filed_at, policy.first_response)
    first_risk = calendar.add_working_time(filed_at, policy.at_risk(policy.first_response))
    first_at = _first_response_at(ordered, filed_at)
    first_status = _status(first_at, first_due, first_risk, now, paused=False)

    current = periods[-1]
    stopped_at = _stopped_at(periods)
    due = _reach(periods, policy.resolution, calendar, stopped_at)
    risk = _reach(periods, policy.at_risk(policy.resolution), calendar, stopped_at)
    until = stopped_at or now
    used = _spent(periods, calendar, until, RUNNING)
    waited = _spent(periods, calendar, until, PAUSED | STOPPED)
    resolution_status = _status(stopped_at, due, risk, now, paused=current.state in PAUSED)
    if first_status in (SlaStatus.MET, SlaStatus.MISSED) and stopped_at is None:
        # An open request: a late first answer is a breach already committed.
        first_rank = SlaStatus.BREACHED if first_status is SlaStatus.MISSED else SlaStatus.ON_TIME
    else:
        first_rank = first_status
    status = max(first_rank, resolution_status, key=lambda s: _SEVERITY[s])
    if stopped_at is not None:
        late = {SlaStatus.MISSED, SlaStatus.BREACHED} & {first_status, resolution_status}
        status = SlaStatus.MISSED if late else SlaStatus.MET

    return ClockResult(
        status=status,
        first_response_status=first_status,
        first_response_due=first_due,
        first_response_at_risk_at=first_risk,
        first_response_at=first_at,
        resolution_status=resolution_status,
        resolution_due=due,
        resolution_at_risk_at=risk,
        resolved_at=stopped_at,
        resolution_used=used,
        resolution_left=policy.resolution - used,
        paused=waited,
        timeline=tuple(_timeline(periods, calendar, stopped_at or now)),
    )


def _periods(ordered: list[ClockEvent], filed: ClockEvent) -> list[_Period]:
    """The request's states from filing on, each with its span."""
    state = _known(filed.to_state or "submitted")
    start = filed.at.astimezone(UTC)
    periods: list[_Period] = []
    for event in ordered:
        if event.kind is not EventKind.TRANSITION or event.at.astimezone(UTC) < start:
            continue
        _known(event.to_state)
        at = event.at.astimezone(UTC)
        periods.append(_Period(state, start, at))
        state, start = event.to_state, at
    periods.append(_Period(state, start, None))
    return [p for p in periods if p.end is None or p.end > p.start]


def _known(state: str) -> str:
    if state not in RUNNING | PAUSED | STOPPED:
        raise ValueError(f"Unknown state for the SLA clock: {state!r}")
    return state


def _spent(
    periods: list[_Period], calendar: Calendar, until: datetime, states: frozenset[str]
) -> timedelta:
    """The working time spent in ``states`` up to ``until``."""
    total = ZERO
    for period in periods:
        if period.state in states and period.start < until:
            total += calendar.working_time_between(period.start, min(period.end or until, until))
    return total


def _stopped_at(periods: list[_Period]) -> datetime | None:
    """When the resolution clock stopped for good: the start of the trailing stopped states
    (resolved, then closed), or None if the request is open."""
    stopped_at = None
    for period in reversed(periods):
        if period.state not in STOPPED:
            break
        stopped_at = period.start
    return stopped_at


def _first_response_at(ordered: list[ClockEvent], filed_at: datetime) -> datetime | None:
    for event in ordered:
        answers = event.kind is EventKind.STAFF_PUBLIC_MESSAGE or (
            event.kind is EventKind.TRANSITION and event.to_state in ANSWERING_STATES
        )
        if answers and event.at.astimezone(UTC) >= filed_at:
            return event.at.astimezone(UTC)
    return None


def _reach(
    periods: list[_Period], amount: timedelta, calendar: Calendar, stopped_at: datetime | None
) -> datetime | None:
    """The instant the counted time reaches ``amount``: inside a past running period, projected
    from the current one (running, or the stop instant), or None while paused."""
    counted = ZERO
    for period in periods:
        if period.state not in RUNNING:
            continue
        if period.end is None:
            return calendar.add_working_time(period.start, amount - counted)
        spent = calendar.working_time_between(period.start, period.end)
        if counted + spent >= amount:
            return calendar.add_working_time(period.start, amount - counted)
        counted += spent
    if stopped_at is not None:
        return calendar.add_working_time(stopped_at, amount - counted)
    return None


def _status(
    stopped_at: datetime | None,
    due: datetime | None,
    risk: datetime | None,
    now: datetime,
    *,
    paused: bool,
) -> SlaStatus:
    if stopped_at is not None:
        return SlaStatus.MET if due is not None and stopped_at <= due else SlaStatus.MISSED
    if due is not None and now > due:
        return SlaStatus.BREACHED
    if paused:
        return SlaStatus.PAUSED
    if risk is not None and now >= risk:
        return SlaStatus.AT_RISK
    return SlaStatus.ON_TIME


def _timeline(periods: list[_Period], calendar: Calendar, until: datetime) -> list[Segment]:
    """Counting time cut by the calendar; waits and stops as one segment each, up to ``until``
    (now, or when the request stopped for good)."""
    pieces: list[Segment] = []
    for period in periods:
        if period.start >= until:
            break
        end = min(period.end or until, until)
        if period.state in RUNNING:
            pieces.extend(calendar.segments(period.start, end))
        else:
            kind = SegmentKind.WAITING_REQUESTER if period.state in PAUSED else SegmentKind.STOPPED
            pieces.append(Segment(period.start, end, kind))
    merged: list[Segment] = []
    for piece in pieces:  # two running states in a row make one counting segment
        last = merged[-1] if merged else None
        if last and (last.kind, last.label, last.end) == (piece.kind, piece.label, piece.start):
            merged[-1] = Segment(last.start, piece.end, last.kind, last.label)
        else:
            merged.append(piece)
    return merged
