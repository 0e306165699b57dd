"""The supervisors' desk figures, against hand-computed cases."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from kb.models import SearchLog
from lifecycle import percentiles
from lifecycle.figures_buckets import RELATIVE_ERROR
from lifecycle.models import Request, TransitionLog
from lifecycle.percentiles import duration_percentiles, interpolated
from lifecycle.selectors_desk import (
    DURATIONS,
    DeskFilters,
    desk_backlog,
    desk_period,
    desk_technicians,
    desk_watch_rows,
    working_cutoff,
    working_day,
    working_left_many,
)
from sla.calendar import PARIS, Calendar
from sla.selectors import calendar_load
from tests.support.desk_data import desk_request

pytestmark = pytest.mark.django_db

OFFICE = ((time(8, 30), time(18, 0)),)
WEEK = Calendar((OFFICE, OFFICE, OFFICE, OFFICE, OFFICE, (), ()))
# Monday 9 March 2026, noon in Paris (no holiday that week).
NOW = datetime(2026, 3, 9, 12, 0, tzinfo=PARIS)


def paris(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=PARIS)


def everything(**fields) -> DeskFilters:
    return DeskFilters(date(2026, 2, 8), date(2026, 3, 9), **fields)


def test_it_measures_a_working_day_from_the_calendar():
    assert working_day(WEEK) == timedelta(hours=9, minutes=30)


def test_it_finds_the_instant_one_working_day_back_across_the_weekend():
    # Monday noon minus 9 h 30 of working time: 3 h 30 on Monday, 6 h on Friday -> Friday noon.
    cutoff = working_cutoff(WEEK, NOW, timedelta(hours=9, minutes=30))

    assert abs(cutoff - paris(6, 12)) <= timedelta(minutes=1)
    assert WEEK.working_time_between(cutoff, NOW) >= timedelta(hours=9, minutes=30)


def test_it_puts_open_requests_in_ageing_buckets_by_working_time(alice):
    desk_request(alice, filed_at=paris(9, 11))  # 1 h
    desk_request(alice, filed_at=paris(6, 11))  # 1 working day and 1 h
    desk_request(alice, filed_at=paris(4, 12))  # 3 working days
    desk_request(alice, filed_at=paris(20, 12, month=2))  # 11 working days
    desk_request(alice, filed_at=paris(2, 12), state="resolved")  # not open: not counted

    backlog = desk_backlog(everything(), now=NOW, calendar=WEEK)

    assert backlog.ageing == [
        ("< 1 jour ouvré", 1),
        ("1 à 2 jours ouvrés", 1),
        ("2 à 5 jours ouvrés", 1),
        ("> 5 jours ouvrés", 1),
    ]
    assert backlog.total == 4


def test_it_counts_the_backlog_by_state_and_by_type_with_labels_never_keys(alice):
    desk_request(alice, filed_at=paris(9, 9), type_key="test_plain")
    desk_request(alice, filed_at=paris(9, 9), type_key="test_plain", state="in_progress")
    desk_request(alice, filed_at=paris(9, 9), type_key="test_core", state="in_progress")

    backlog = desk_backlog(everything(), now=NOW, calendar=WEEK)

    assert ("submitted", "Déposée", 1) in backlog.by_state
    assert ("in_progress", "En cours de traitement", 2) in backlog.by_state
    assert backlog.by_type == [
        ("test_plain", "Question de test", 2),
        ("test_core", "Type de test avec action", 1),
    ]


def test_it_counts_late_at_risk_unassigned_and_the_next_day_forecast(alice, tess):
    late = desk_request(alice, filed_at=paris(2, 9), resolution_due=paris(6, 9))
    desk_request(
        alice,
        filed_at=paris(9, 9),
        sla_status="at_risk",
        resolution_due=paris(9, 14),
        assignee=tess,
    )
    # Due tomorrow at 11:00: within one working day (until Tuesday 12:00).
    desk_request(alice, filed_at=paris(9, 9), resolution_due=paris(10, 11), assignee=tess)
    # Due in three working days: not in the forecast.
    desk_request(alice, filed_at=paris(9, 9), resolution_due=paris(12, 11), assignee=tess)
    # First answer not given, due in an hour.
    desk_request(alice, filed_at=paris(9, 9), first_response_due=paris(9, 13), assignee=tess)
    # Answered already: its first-response due no longer matters.
    desk_request(
        alice,
        filed_at=paris(9, 9),
        first_response_due=paris(9, 10),
        first_response_at=paris(9, 9, 30),
        assignee=tess,
    )

    backlog = desk_backlog(everything(), now=NOW, calendar=WEEK)

    assert (backlog.breached, backlog.at_risk, backlog.unassigned) == (1, 1, 1)
    assert backlog.forecast == 3
    assert abs(backlog.forecast_until - paris(10, 12)) <= timedelta(minutes=1)
    rows = desk_watch_rows("breached", everything(), now=NOW, calendar=WEEK)
    assert [row.number for row in rows] == [late.number]
    # Friday 9:00 -> Monday 12:00: 9 h on Friday + 3 h 30 on Monday, over.
    assert rows[0].working_left == -timedelta(hours=12, minutes=30)
    assert rows[0].type_label == "Question de test"
    risky = desk_watch_rows("at_risk", everything(), now=NOW, calendar=WEEK)
    assert risky[0].working_left == timedelta(hours=2)
    assert risky[0].assignee == "Tess Technicienne"


def test_it_filters_the_backlog_by_type_and_technician(alice, tess):
    desk_request(alice, filed_at=paris(9, 9), type_key="test_core", assignee=tess)
    desk_request(alice, filed_at=paris(9, 9), type_key="test_plain", assignee=tess)
    desk_request(alice, filed_at=paris(9, 9), type_key="test_core")

    by_type = desk_backlog(everything(type_key="test_core"), now=NOW, calendar=WEEK)
    by_both = desk_backlog(
        everything(type_key="test_core", technician_id=tess.pk), now=NOW, calendar=WEEK
    )

    assert (by_type.total, by_both.total) == (2, 1)


def _resolved(alice, tess, hours: float, **fields) -> Request:
    filed = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    return desk_request(
        alice,
        filed_at=filed,
        first_response_at=filed + timedelta(hours=hours / 2),
        resolved_at=filed + timedelta(hours=hours),
        state="resolved",
        assignee=tess,
        **fields,
    )


def test_it_computes_the_median_and_90th_percentile_per_type_and_technician(alice, tess, sam):
    for hours in (1, 2, 3, 4, 10):
        _resolved(alice, tess, hours)
    desk_request(alice, filed_at=datetime(2026, 3, 2, 9, tzinfo=UTC))  # no answer yet: no time

    period = desk_period(everything(), technicians=desk_technicians())

    plain = next(row for row in period.times_by_type if row.key == "test_plain")
    assert plain.resolution.count == 5
    # Working time from Monday 10:00 Paris: 1, 2, 3, 4 h, and 8 h for the 10 h one (18:00 stops
    # the clock); read from the buckets, within their documented error.
    assert _close(plain.resolution.median, timedelta(hours=3))
    assert _close(plain.resolution.p90, timedelta(hours=8))
    assert _close(plain.first_response.median, timedelta(hours=1, minutes=30))
    by_tech = {row.label: row for row in period.times_by_technician}
    assert _close(by_tech["Tess Technicienne"].resolution.median, timedelta(hours=3))
    assert by_tech["Sam Superviseur"].resolution.count == 0
    assert by_tech["Sam Superviseur"].resolution.median is None


def _close(value, exact) -> bool:
    return value is not None and abs(value - exact) <= exact * RELATIVE_ERROR


def test_the_sqlite_fallback_gives_the_same_percentiles_as_the_database(alice, tess):
    for hours in (1, 2, 3, 4, 10, 13):
        _resolved(alice, tess, hours)
    rows = Request.objects.all()

    in_database = duration_percentiles(rows, group="type_key", durations=DURATIONS)
    read_once = percentiles._in_one_read(rows, group="type_key", durations=DURATIONS)

    assert in_database == read_once
    assert in_database["test_plain"]["resolution"].median == timedelta(hours=3, minutes=30)


def test_interpolation_matches_percentile_cont_on_small_lists():
    assert interpolated([], 0.5) is None
    assert interpolated([7.0], 0.9) == 7.0
    assert interpolated([1.0, 2.0], 0.5) == 1.5


def test_a_percentile_outside_zero_and_one_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        percentiles.PercentileCont("pk", 1.5)


def test_it_counts_filed_resolved_per_day_and_the_breach_and_reopen_rates(alice, tess):
    desk_request(
        alice,
        filed_at=paris(2, 10),
        sla_status="missed",
        state="resolved",
        resolved_at=paris(3, 10),
        reopened_count=1,
    )
    desk_request(alice, filed_at=paris(2, 23, 30), sla_status="breached")  # local day: 2 March
    desk_request(
        alice, filed_at=paris(3, 9), state="resolved", resolved_at=paris(3, 15), sla_status="met"
    )
    desk_request(alice, filed_at=paris(3, 9))
    desk_request(alice, filed_at=paris(1, 9, month=1))  # before the period

    period = desk_period(DeskFilters(date(2026, 3, 2), date(2026, 3, 4)), technicians=[])

    assert period.per_day == [
        (date(2026, 3, 2), 2, 0),
        (date(2026, 3, 3), 2, 2),
        (date(2026, 3, 4), 0, 0),
    ]
    # Late: among the resolutions of the period (the missed one); reopened: reopen events.
    assert (period.filed, period.late, period.resolved, period.reopened) == (4, 1, 2, 1)
    assert period.breach_rate == 0.5
    assert period.reopen_rate == 0.5


def test_an_empty_period_has_no_rate_rather_than_a_division_by_zero(db):
    period = desk_period(everything(), technicians=[])

    assert period.breach_rate is None
    assert period.reopen_rate is None
    assert period.deflection.deflection_rate is None


def test_it_reports_the_searches_not_followed_by_a_request(db):
    moment = datetime(2026, 3, 3, 10, tzinfo=UTC)
    for followed in (True, False, False, False):
        SearchLog.objects.create(
            query="résilier",
            normalised_query="resilier",
            results_count=2,
            created_at=moment,
            followed_by_request=followed,
        )
    SearchLog.objects.create(  # the "Léa" shortcut is not a search
        query="léa", normalised_query="lea", results_count=0, created_at=moment, is_shortcut=True
    )

    period = desk_period(everything(), technicians=[])

    assert (period.deflection.searches, period.deflection.deflected) == (4, 3)


def test_it_gives_each_technician_his_open_taken_and_resolved(alice, tess, theo):
    open_one = desk_request(alice, filed_at=paris(2, 9), state="in_progress", assignee=tess)
    desk_request(
        alice, filed_at=paris(2, 9), state="resolved", assignee=tess, resolved_at=paris(3, 9)
    )
    desk_request(
        alice,
        filed_at=paris(2, 9),
        state="resolved",
        assignee=theo,
        resolved_at=paris(1, 9, month=1),
    )  # resolved before the period
    TransitionLog.objects.create(
        request=open_one,
        name="take",
        from_state="submitted",
        to_state="in_progress",
        actor=tess,
        actor_role="technician",
        at=paris(2, 10),
    )

    period = desk_period(everything(), technicians=desk_technicians())

    loads = {
        load.technician.name: (load.open, load.taken, load.resolved) for load in period.workload
    }
    assert loads == {"Tess Technicienne": (1, 1, 1), "Théo Technicien": (0, 0, 0)}


def test_the_default_calendar_gives_working_days_of_nine_and_a_half_hours(db):
    assert working_day(calendar_load()) == timedelta(hours=9, minutes=30)


def test_the_time_left_of_many_requests_is_the_time_left_of_each():
    dues = [paris(2, 9), None, paris(9, 14), paris(12, 11), paris(20, 12, month=2)]

    left = working_left_many(WEEK, NOW, dues)

    assert left[1] is None
    for due, value in zip(dues, left, strict=True):
        if due is None:
            continue
        expected = (
            WEEK.working_time_between(NOW, due)
            if due >= NOW
            else -WEEK.working_time_between(due, NOW)
        )
        assert value == expected
    assert left[2] == timedelta(hours=2)
