"""Properties of sla.calendar over random instants, durations and calendars (hypothesis)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from sla.calendar import Calendar, ClosureSpan
from tests.sla.conftest import OFFICE, paris

CLOSURES = (
    ClosureSpan(date(2026, 5, 15), "Pont de l'Ascension"),
    ClosureSpan(date(2026, 12, 24), "Veille de Noël", time(14), time(18)),
)
# Sunday nights cross both summer-time changes; a lunch break makes two ranges a day.
SHAPES = [
    Calendar.build(OFFICE, CLOSURES),
    Calendar.build(
        [(d, time(8, 30), time(12)) for d in range(5)]
        + [(d, time(13, 30), time(18)) for d in range(5)]
        + [(6, time(1), time(4))],
        CLOSURES,
    ),
]
FAST = settings(max_examples=60, deadline=None)

instants = st.datetimes(
    min_value=datetime(2025, 12, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    """A fixed shape, or random disjoint ranges (at least one) over the week."""
    if draw(st.booleans()):
        return draw(st.sampled_from(SHAPES))
    hours = []
    for weekday in range(7):
        bounds = sorted(draw(st.lists(st.integers(0, 1439), max_size=6, unique=True)))
        for low, high in zip(bounds[::2], bounds[1::2], strict=False):
            hours.append((weekday, time(*divmod(low, 60)), time(*divmod(high, 60))))
    if not hours:
        hours.append((draw(st.integers(0, 6)), time(9), time(10)))
    return Calendar.build(hours, CLOSURES)


@FAST
@given(calendars(), instants, instants)
def test_it_never_counts_a_negative_working_time(calendar, start, end):
    assert calendar.working_time_between(start, end) >= timedelta(0)


@FAST
@given(calendars(), instants, instants, instants)
def test_it_adds_up_over_any_split_point(calendar, a, b, c):
    start, middle, end = sorted([a, b, c])

    whole = calendar.working_time_between(start, end)
    parts = calendar.working_time_between(start, middle) + calendar.working_time_between(
        middle, end
    )

    assert whole == parts


@FAST
@given(calendars(), instants, instants)
def test_it_never_counts_more_than_the_wall_clock(calendar, start, end):
    assert calendar.working_time_between(start, end) <= max(end - start, timedelta(0))


@FAST
@given(
    st.sampled_from(SHAPES),
    st.sampled_from(
        [
            (paris(2026, 5, 15), paris(2026, 5, 16)),  # a whole-day closure
            (paris(2026, 12, 24, 14), paris(2026, 12, 24, 18)),  # a half-day one
        ]
    ),
    st.floats(0, 1),
    st.floats(0, 1),
)
def test_it_counts_nothing_inside_a_closure(calendar, closure, x, y):
    low, high = closure
    span = high - low
    start, end = sorted([low + span * x, low + span * y])

    assert calendar.working_time_between(start, end) == timedelta(0)


def weekly(calendar: Calendar) -> timedelta:
    day = datetime(2026, 1, 1)
    return sum(
        (
            datetime.combine(day, end) - datetime.combine(day, start)
            for ranges in calendar.hours
            for start, end in ranges
        ),
        timedelta(0),
    )


@FAST
@given(calendars(), instants, st.floats(0, 60))
def test_it_measures_back_the_working_time_it_added(calendar, start, weeks):
    # Up to 60 weeks of this calendar's hours, however few: always reachable within MAX_DAYS.
    duration = weekly(calendar) * weeks
    due = calendar.add_working_time(start, duration)

    assert due >= start
    assert calendar.working_time_between(start, due) == duration


@FAST
@given(calendars(), instants, instants)
def test_it_reaches_an_instant_no_later_than_the_one_it_measured(calendar, start, end):
    worked = calendar.working_time_between(start, end)

    assert calendar.add_working_time(start, worked) <= max(start, end)


@given(
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)),
)
def test_the_meter_measures_the_same_working_time_as_the_calendar(start, span):
    from sla.calendar import PARIS, Calendar, WorkingTimeMeter

    office = ((time(8, 30), time(12, 0)), (time(13, 30), time(18, 0)))
    calendar = Calendar((office, office, office, office, office, (), ()))
    begin = start.replace(tzinfo=PARIS)
    meter = WorkingTimeMeter(calendar, date(2025, 12, 1), date(2027, 1, 1))

    assert meter.between(begin, begin + span) == calendar.working_time_between(begin, begin + span)
