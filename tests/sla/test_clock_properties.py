"""Properties of the SLA clock (hypothesis): a pause moves the deadline by its working time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from sla.clock import ClockEvent, EventKind, Policy, SlaStatus, sla_compute
from tests.sla.conftest import office

CALENDAR = office()
POLICY = Policy(first_response=timedelta(minutes=570), resolution=timedelta(minutes=1710))
instants = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 1), timezones=st.just(UTC)
)
gaps = st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(days=10))


@settings(max_examples=40, deadline=None)
@given(instants, gaps, gaps)
def test_it_moves_the_deadline_by_exactly_the_working_time_of_a_pause(filed_at, before, pause):
    asked, answered = filed_at + before, filed_at + before + pause
    events = [
        ClockEvent(filed_at, EventKind.FILED, "", "submitted"),
        ClockEvent(asked, EventKind.TRANSITION, "submitted", "awaiting_requester"),
        ClockEvent(answered, EventKind.TRANSITION, "awaiting_requester", "updated"),
    ]
    plain = CALENDAR.add_working_time(filed_at, POLICY.resolution)

    result = sla_compute(events=events, calendar=CALENDAR, policy=POLICY, now=answered)

    if asked < plain:  # paused before the deadline: it moves by the pause's working time
        moved = CALENDAR.add_working_time(plain, CALENDAR.working_time_between(asked, answered))
        assert result.resolution_due == moved
        assert result.resolution_status != SlaStatus.BREACHED
    else:  # the deadline had passed: the pause cannot bring it back
        assert result.resolution_due == plain


# The lifecycle's edges (workflows/lifecycle.py), by state value.
EDGES = {
    "submitted": ["in_progress", "resolved"],
    "in_progress": ["awaiting_requester", "executing", "resolved", "in_progress"],
    "awaiting_requester": ["updated"],
    "updated": ["in_progress", "awaiting_requester", "executing", "resolved"],
    "executing": ["resolved", "in_progress"],
    "resolved": ["updated", "closed"],
    "closed": [],
}


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[ClockEvent], datetime]:
    at = draw(instants)
    events = [ClockEvent(at, EventKind.FILED, "", "submitted")]
    state = "submitted"
    for _step in range(draw(st.integers(0, 8))):
        if not EDGES[state]:
            break
        at += draw(gaps)
        target = draw(st.sampled_from(EDGES[state]))
        events.append(ClockEvent(at, EventKind.TRANSITION, state, target))
        state = target
    return events, at + draw(gaps)


@settings(max_examples=40, deadline=None)
@given(histories())
def test_it_explains_every_minute_from_filing_and_counts_what_it_shows(history):
    events, now = history

    result = sla_compute(events=events, calendar=CALENDAR, policy=POLICY, now=now)

    timeline = result.timeline
    assert timeline[0].start == events[0].at
    assert timeline[-1].end == (result.resolved_at or now)
    assert all(a.end == b.start for a, b in pairwise(timeline))
    counted = sum((s.duration for s in timeline if s.kind == "counting"), timedelta(0))
    assert counted == result.resolution_used
    assert result.resolution_used + result.resolution_left == POLICY.resolution
