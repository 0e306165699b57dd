"""Hand-computed SLA clocks (calendar Monday–Friday 08:30–18:00, 570 minutes a working day)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sla.calendar import ClosureSpan, SegmentKind
from sla.clock import ClockEvent, EventKind, Policy, SlaStatus, sla_compute
from tests.sla.conftest import office, paris

DAY = timedelta(minutes=570)
H = timedelta(hours=1)
QUESTION = Policy(first_response=DAY, resolution=3 * DAY)
LIQUIDATOR = Policy(first_response=4 * H, resolution=2 * DAY)


def filed(at):
    return ClockEvent(at, EventKind.FILED, "", "submitted")


def move(at, source, target):
    return ClockEvent(at, EventKind.TRANSITION, source, target)


def message(at):
    return ClockEvent(at, EventKind.STAFF_PUBLIC_MESSAGE)


def compute(events, now, policy=QUESTION, calendar=None):
    return sla_compute(events=events, calendar=calendar or office(), policy=policy, now=now)


# --- Filing outside working hours ------------------------------------------------------------
def test_it_starts_counting_on_monday_morning_for_a_saturday_filing():
    result = compute([filed(paris(2026, 12, 5, 10))], paris(2026, 12, 5, 11), LIQUIDATOR)

    assert result.first_response_due == paris(2026, 12, 7, 12, 30)
    assert result.first_response_at_risk_at == paris(2026, 12, 7, 11, 42)  # 80 % of 4 h
    assert result.resolution_due == paris(2026, 12, 8, 18)
    assert result.status == SlaStatus.ON_TIME
    assert [s.kind for s in result.timeline] == [SegmentKind.OUTSIDE_HOURS]


def test_it_starts_counting_the_next_morning_for_a_filing_at_ten_at_night():
    result = compute([filed(paris(2026, 12, 3, 22))], paris(2026, 12, 3, 23))

    assert result.first_response_due == paris(2026, 12, 4, 18)
    assert result.resolution_due == paris(2026, 12, 8, 18)  # Friday, Monday, Tuesday


def test_it_starts_counting_at_half_past_eight_for_a_filing_at_seven():
    result = compute([filed(paris(2026, 12, 7, 7))], paris(2026, 12, 7, 8), LIQUIDATOR)

    assert result.first_response_due == paris(2026, 12, 7, 12, 30)


# --- The calendar's exceptions ---------------------------------------------------------------
def test_it_moves_the_deadline_past_the_fourteenth_of_july():
    result = compute([filed(paris(2026, 7, 13, 9))], paris(2026, 7, 13, 10))

    # Monday 9 h, Tuesday 14 July off, Wednesday and Thursday 9 h 30 each, Friday 30 min.
    assert result.resolution_due == paris(2026, 7, 17, 9)


def test_it_moves_the_deadline_past_easter_monday_2027():
    result = compute([filed(paris(2027, 3, 26, 16))], paris(2027, 3, 26, 17), LIQUIDATOR)

    assert result.first_response_due == paris(2027, 3, 30, 10, 30)


def test_it_moves_the_deadline_past_ascension_2027():
    result = compute([filed(paris(2027, 5, 5, 12))], paris(2027, 5, 5, 13))

    assert result.first_response_due == paris(2027, 5, 7, 12)


def test_it_keeps_local_office_hours_across_the_spring_change():
    result = compute([filed(paris(2026, 3, 27, 17))], paris(2026, 3, 27, 18), LIQUIDATOR)

    assert result.first_response_due == paris(2026, 3, 30, 11, 30)  # +02:00 after +01:00


def test_it_keeps_local_office_hours_across_the_autumn_change():
    result = compute([filed(paris(2026, 10, 23, 17))], paris(2026, 10, 23, 18), LIQUIDATOR)

    assert result.first_response_due == paris(2026, 10, 26, 11, 30)  # +01:00 after +02:00


# --- First response --------------------------------------------------------------------------
def test_it_stops_the_first_response_clock_at_the_first_public_staff_message():
    events = [filed(paris(2026, 12, 7, 9)), message(paris(2026, 12, 7, 15))]

    result = compute(events, paris(2026, 12, 9, 12))

    assert result.first_response_at == paris(2026, 12, 7, 15)
    assert result.first_response_status == SlaStatus.MET


def test_it_counts_asking_the_requester_as_the_first_response():
    events = [
        filed(paris(2026, 12, 7, 9)),
        move(paris(2026, 12, 7, 10), "submitted", "in_progress"),
        move(paris(2026, 12, 7, 11), "in_progress", "awaiting_requester"),
    ]

    assert compute(events, paris(2026, 12, 7, 12)).first_response_at == paris(2026, 12, 7, 11)


def test_it_marks_an_unanswered_request_at_risk_then_breached():
    events = [filed(paris(2026, 12, 7, 9))]  # first response due Tuesday 09:00

    at_risk = compute(events, paris(2026, 12, 8, 8, 0))  # 80 % = 7 h 36 → Monday 16:36
    breached = compute(events, paris(2026, 12, 8, 9, 1))

    assert at_risk.first_response_at_risk_at == paris(2026, 12, 7, 16, 36)
    assert at_risk.status == SlaStatus.AT_RISK
    assert breached.status == SlaStatus.BREACHED


def test_it_keeps_an_open_request_breached_after_a_late_first_answer():
    events = [filed(paris(2026, 12, 7, 9)), message(paris(2026, 12, 8, 10))]

    result = compute(events, paris(2026, 12, 8, 11))

    assert result.first_response_status == SlaStatus.MISSED
    assert result.resolution_status == SlaStatus.ON_TIME
    assert result.status == SlaStatus.BREACHED


# --- Pauses ----------------------------------------------------------------------------------
TWO_PAUSES = [
    filed(paris(2026, 12, 7, 9)),  # due without pauses: Thursday 10 December 09:00
    move(paris(2026, 12, 7, 10), "submitted", "in_progress"),
    move(paris(2026, 12, 7, 11), "in_progress", "awaiting_requester"),
    move(paris(2026, 12, 7, 14), "awaiting_requester", "updated"),  # paused 3 h
    move(paris(2026, 12, 8, 17), "updated", "awaiting_requester"),
    move(paris(2026, 12, 9, 10), "awaiting_requester", "updated"),  # paused 1 h + 1 h 30
]


def test_it_moves_the_deadline_by_the_working_time_of_two_pauses():
    result = compute(TWO_PAUSES, paris(2026, 12, 9, 12))

    assert result.paused == timedelta(hours=5, minutes=30)
    assert result.resolution_due == paris(2026, 12, 10, 14, 30)  # Thursday 09:00 + 5 h 30
    assert result.resolution_used == timedelta(hours=16, minutes=30)
    assert result.resolution_left == timedelta(hours=12)
    assert result.status == SlaStatus.ON_TIME


def test_it_is_paused_without_a_due_instant_while_waiting_for_the_requester():
    result = compute(TWO_PAUSES[:5], paris(2026, 12, 8, 17, 30))

    assert result.status == SlaStatus.PAUSED
    assert result.resolution_due is None
    assert result.resolution_at_risk_at is None


def test_it_shows_each_pause_on_the_timeline():
    result = compute(TWO_PAUSES, paris(2026, 12, 9, 12))

    waits = [s for s in result.timeline if s.kind == SegmentKind.WAITING_REQUESTER]
    assert [(w.start, w.end) for w in waits] == [
        (paris(2026, 12, 7, 11), paris(2026, 12, 7, 14)),
        (paris(2026, 12, 8, 17), paris(2026, 12, 9, 10)),
    ]
    assert result.timeline[0].start == paris(2026, 12, 7, 9)
    assert result.timeline[-1].end == paris(2026, 12, 9, 12)


def test_it_stays_breached_when_paused_after_the_deadline():
    events = [
        filed(paris(2026, 12, 7, 9)),
        message(paris(2026, 12, 7, 10)),
        move(paris(2026, 12, 10, 10), "submitted", "awaiting_requester"),  # due was 09:00
    ]

    assert compute(events, paris(2026, 12, 10, 11)).status == SlaStatus.BREACHED


# --- Stop, reopen, close ---------------------------------------------------------------------
def resolved_then_reopened():
    return [
        filed(paris(2026, 12, 7, 9)),
        message(paris(2026, 12, 7, 10)),
        move(paris(2026, 12, 7, 10), "submitted", "in_progress"),
        move(paris(2026, 12, 8, 9), "in_progress", "resolved"),  # 9 h 30 counted
        move(paris(2026, 12, 9, 9), "resolved", "updated"),  # 9 h 30 resolved, not counted
    ]


def test_it_is_met_when_resolved_before_the_deadline():
    events = resolved_then_reopened()[:4]

    result = compute(events, paris(2026, 12, 8, 10))

    assert result.status == SlaStatus.MET
    assert result.resolved_at == paris(2026, 12, 8, 9)
    assert result.resolution_due == paris(2026, 12, 10, 9)
    assert result.timeline[-1].end == paris(2026, 12, 8, 9)


def test_it_continues_the_old_target_after_a_reopen():
    result = compute(resolved_then_reopened(), paris(2026, 12, 9, 10))

    # Thursday 09:00 moved by the 9 h 30 spent resolved: Thursday 9 h + Friday 30 min.
    assert result.resolution_due == paris(2026, 12, 11, 9)
    assert result.resolution_used == timedelta(hours=10, minutes=30)
    assert result.paused == timedelta(hours=9, minutes=30)
    assert [s.kind for s in result.timeline if s.kind == SegmentKind.STOPPED] == [
        SegmentKind.STOPPED
    ]


def test_it_is_missed_when_resolved_again_after_the_moved_deadline():
    events = [*resolved_then_reopened(), move(paris(2026, 12, 11, 10), "updated", "resolved")]

    assert compute(events, paris(2026, 12, 11, 12)).status == SlaStatus.MISSED


def test_it_is_met_when_resolved_again_before_the_moved_deadline():
    events = [*resolved_then_reopened(), move(paris(2026, 12, 10, 17), "updated", "resolved")]

    assert compute(events, paris(2026, 12, 11, 12)).status == SlaStatus.MET


def test_it_stays_stopped_once_closed():
    events = [
        *resolved_then_reopened()[:4],
        move(paris(2026, 12, 15, 9), "resolved", "closed"),
    ]

    result = compute(events, paris(2027, 1, 15))

    assert result.status == SlaStatus.MET
    assert result.resolved_at == paris(2026, 12, 8, 9)  # when it was resolved, not closed
    assert result.paused == timedelta(0)
    assert result.resolution_due == paris(2026, 12, 10, 9)


def test_it_is_missed_when_resolved_after_the_deadline():
    events = [
        filed(paris(2026, 12, 7, 9)),
        message(paris(2026, 12, 7, 10)),
        move(paris(2026, 12, 10, 9, 1), "submitted", "resolved"),
    ]

    assert compute(events, paris(2026, 12, 10, 10)).status == SlaStatus.MISSED


# --- Recompute -------------------------------------------------------------------------------
def test_it_gives_a_new_deadline_for_the_same_events_with_a_new_calendar():
    events = [filed(paris(2026, 12, 7, 9))]
    closed_wednesday = office((ClosureSpan(date(2026, 12, 9), "Inventaire"),))

    before = compute(events, paris(2026, 12, 7, 10))
    after = compute(events, paris(2026, 12, 7, 10), calendar=closed_wednesday)

    assert before.resolution_due == paris(2026, 12, 10, 9)
    assert after.resolution_due == paris(2026, 12, 11, 9)


def test_it_ignores_events_after_now():
    events = [filed(paris(2026, 12, 7, 9)), message(paris(2026, 12, 7, 15))]

    assert compute(events, paris(2026, 12, 7, 12)).first_response_at is None


def test_it_needs_a_filing_event():
    with pytest.raises(ValueError, match="FILED"):
        compute([message(paris(2026, 12, 7, 9))], paris(2026, 12, 7, 10))


def test_it_refuses_an_unknown_state():
    events = [filed(paris(2026, 12, 7, 9)), move(paris(2026, 12, 7, 10), "submitted", "lost")]

    with pytest.raises(ValueError, match="lost"):
        compute(events, paris(2026, 12, 7, 11))


def test_it_starts_from_the_state_the_filing_names():
    events = [ClockEvent(paris(2026, 12, 7, 9), EventKind.FILED, "", "awaiting_requester")]

    assert compute(events, paris(2026, 12, 7, 12)).status == SlaStatus.PAUSED


def test_it_labels_the_statuses_in_french():
    assert [str(label) for label in SlaStatus.labels] == [
        "Dans les délais",
        "À risque",
        "En retard",
        "En pause",
        "Respecté",
        "Manqué",
    ]
