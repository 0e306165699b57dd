"""Hand-computed cases for sla.calendar (Monday–Friday 08:30–18:00 unless said otherwise)."""

from __future__ import annotations

import time as clock
from datetime import UTC, date, time, timedelta

import pytest

from sla.calendar import PARIS, Calendar, ClosureSpan, SegmentKind
from tests.sla.conftest import office, paris

H = timedelta(hours=1)


def test_it_skips_the_weekend(calendar):
    friday = paris(2026, 12, 4, 17)

    due = calendar.add_working_time(friday, 2 * H)

    assert due == paris(2026, 12, 7, 9, 30)  # Friday 17:00–18:00, Monday 08:30–09:30
    assert calendar.working_time_between(friday, due) == 2 * H


def test_it_returns_the_end_of_a_range_rather_than_the_next_morning(calendar):
    assert calendar.add_working_time(paris(2026, 12, 4, 17), H) == paris(2026, 12, 4, 18)


def test_it_skips_the_fourteenth_of_july(calendar):
    monday = paris(2026, 7, 13, 17)  # Tuesday 14 July 2026 is the Fête nationale

    assert calendar.add_working_time(monday, timedelta(minutes=570)) == paris(2026, 7, 15, 17)
    assert calendar.working_time_between(monday, paris(2026, 7, 15, 9, 30)) == 2 * H


def test_it_skips_easter_monday_2027(calendar):
    friday = paris(2027, 3, 26, 16)  # Easter Monday is 29 March 2027

    assert calendar.add_working_time(friday, 4 * H) == paris(2027, 3, 30, 10, 30)


def test_it_skips_ascension_2027(calendar):
    wednesday = paris(2027, 5, 5, 12)  # Ascension is Thursday 6 May 2027

    assert calendar.add_working_time(wednesday, timedelta(minutes=570)) == paris(2027, 5, 7, 12)


def test_it_keeps_office_hours_in_local_time_across_the_spring_change(calendar):
    friday = paris(2026, 3, 27, 17)  # +01:00; Monday 30 March is +02:00

    due = calendar.add_working_time(friday, 2 * H)

    assert due == paris(2026, 3, 30, 9, 30)
    assert due.astimezone(UTC).hour == 7
    assert calendar.working_time_between(friday, due) == 2 * H


def test_it_keeps_office_hours_in_local_time_across_the_autumn_change(calendar):
    friday = paris(2026, 10, 23, 17)  # +02:00; Monday 26 October is +01:00

    due = calendar.add_working_time(friday, 4 * H)

    assert due == paris(2026, 10, 26, 11, 30)
    assert due.astimezone(UTC).hour == 10


def test_it_counts_only_the_hours_that_exist_on_the_days_of_the_change():
    night = Calendar.build([(6, time(1), time(4))])  # Sundays 01:00–04:00 local

    spring = night.working_time_between(paris(2026, 3, 29), paris(2026, 3, 30))
    autumn = night.working_time_between(paris(2026, 10, 25), paris(2026, 10, 26))

    assert spring == 2 * H
    assert autumn == 4 * H


def test_it_never_counts_a_range_inside_the_spring_gap():
    sunday = Calendar.build([(6, time(2), time(2, 30)), (6, time(3), time(3, 30))])

    worked = sunday.working_time_between(paris(2026, 3, 29), paris(2026, 3, 30))

    assert worked == timedelta(minutes=30)  # 02:00–02:30 did not exist that night


def test_it_counts_overlapping_ranges_once():
    calendar = Calendar.build([(0, time(8), time(12)), (0, time(11), time(14))])

    assert calendar.working_time_between(paris(2026, 12, 7), paris(2026, 12, 8)) == 6 * H


def test_it_removes_a_half_day_closure_and_labels_it():
    closure = ClosureSpan(date(2026, 12, 24), "Veille de Noël", time(14), time(18))
    calendar = office((closure,))

    worked = calendar.working_time_between(paris(2026, 12, 24), paris(2026, 12, 25))
    segments = calendar.segments(paris(2026, 12, 24, 12), paris(2026, 12, 24, 19))

    assert worked == timedelta(hours=5, minutes=30)
    assert [(s.kind, s.label, s.duration) for s in segments] == [
        (SegmentKind.COUNTING, "", 2 * H),
        (SegmentKind.CLOSURE, "Veille de Noël", 4 * H),
        (SegmentKind.OUTSIDE_HOURS, "", H),
    ]


def test_it_explains_a_long_weekend_with_the_holiday_name(calendar):
    segments = calendar.segments(paris(2026, 7, 13, 17), paris(2026, 7, 15, 9, 30))

    assert [(s.kind, s.label) for s in segments] == [
        (SegmentKind.COUNTING, ""),
        (SegmentKind.OUTSIDE_HOURS, ""),
        (SegmentKind.HOLIDAY, "Fête nationale"),
        (SegmentKind.OUTSIDE_HOURS, ""),
        (SegmentKind.COUNTING, ""),
    ]
    assert segments[0].start == paris(2026, 7, 13, 17)
    assert segments[-1].end == paris(2026, 7, 15, 9, 30)


def test_it_merges_a_weekend_into_one_outside_hours_segment(calendar):
    segments = calendar.segments(paris(2026, 12, 4, 17), paris(2026, 12, 7, 9))

    assert [s.kind for s in segments] == [
        SegmentKind.COUNTING,
        SegmentKind.OUTSIDE_HOURS,
        SegmentKind.COUNTING,
    ]
    assert segments[1].duration == timedelta(days=2, hours=14, minutes=30)


def test_it_accepts_instants_in_any_time_zone(calendar):
    utc_friday = paris(2026, 12, 4, 17).astimezone(UTC)

    assert calendar.add_working_time(utc_friday, 2 * H) == paris(2026, 12, 7, 9, 30)


def test_it_refuses_naive_instants(calendar):
    with pytest.raises(ValueError, match="aware"):
        calendar.working_time_between(paris(2026, 1, 5).replace(tzinfo=None), paris(2026, 1, 6))


def test_it_counts_nothing_when_the_end_is_not_after_the_start(calendar):
    assert calendar.working_time_between(paris(2026, 12, 8, 10), paris(2026, 12, 8, 9)) == (
        timedelta(0)
    )


def test_it_refuses_to_add_time_on_a_calendar_without_hours():
    with pytest.raises(ValueError, match="no working hours"):
        Calendar.build([]).add_working_time(paris(2026, 1, 5), H)


def test_it_measures_a_whole_year_in_a_fraction_of_a_second():
    # 2026: 261 weekdays, 9 public holidays on a weekday → 252 days of 9 h 30.
    calendar = office()
    started = clock.perf_counter()

    worked = calendar.working_time_between(paris(2026, 1, 1), paris(2027, 1, 1))

    assert worked == 252 * timedelta(hours=9, minutes=30)
    assert clock.perf_counter() - started < 0.5


def test_it_adds_a_year_of_working_time_without_a_minute_loop():
    calendar = office()
    started = clock.perf_counter()

    due = calendar.add_working_time(paris(2026, 1, 1), 252 * timedelta(hours=9, minutes=30))

    assert due.astimezone(PARIS) == paris(2026, 12, 31, 18)
    assert clock.perf_counter() - started < 0.5
