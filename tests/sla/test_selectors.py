"""Loading the calendar once per process and seeing every edit on the next load."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from sla.models import Closure, WorkingCalendar
from sla.selectors import calendar_cache_clear, calendar_load, policy_load
from tests.sla.conftest import paris

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    calendar_cache_clear()
    yield
    calendar_cache_clear()


@pytest.fixture
def default_calendar() -> WorkingCalendar:
    return WorkingCalendar.objects.get(is_default=True)


def test_it_loads_the_default_calendar(default_calendar):
    calendar = calendar_load()

    assert calendar.name == default_calendar.name
    assert calendar.add_working_time(paris(2026, 12, 4, 17), timedelta(hours=2)) == paris(
        2026, 12, 7, 9, 30
    )


def test_it_costs_one_query_when_nothing_changed(django_assert_num_queries):
    first = calendar_load()

    with django_assert_num_queries(1):
        again = calendar_load()

    assert again is first


def test_it_sees_a_closure_added_since_the_last_load(default_calendar):
    calendar_load()
    Closure.objects.create(calendar=default_calendar, date=date(2026, 12, 7), label="Inventaire")

    calendar = calendar_load()

    assert calendar.working_time_between(paris(2026, 12, 7), paris(2026, 12, 8)) == timedelta(0)


def test_it_sees_a_working_range_removed_since_the_last_load(default_calendar):
    calendar_load()
    default_calendar.hours.filter(weekday=0).delete()

    calendar = calendar_load(default_calendar.pk)

    assert calendar.working_time_between(paris(2026, 12, 7), paris(2026, 12, 8)) == timedelta(0)


def test_it_sees_a_range_edited_since_the_last_load(default_calendar):
    calendar_load()
    monday = default_calendar.hours.get(weekday=0)
    monday.end = time(12)
    monday.save()

    calendar = calendar_load()

    worked = calendar.working_time_between(paris(2026, 12, 7), paris(2026, 12, 8))
    assert worked == timedelta(hours=3, minutes=30)


def test_it_refuses_an_unknown_calendar():
    with pytest.raises(WorkingCalendar.DoesNotExist):
        calendar_load(999_999)


def test_it_gives_a_request_types_policy_as_working_time(default_calendar):
    policy = policy_load("liquidator_access")

    assert policy is not None
    assert policy.first_response == timedelta(hours=4)
    assert policy.resolution == timedelta(minutes=1140)
    assert policy.calendar_id == default_calendar.pk


def test_it_has_no_policy_for_an_unknown_type():
    assert policy_load("inconnu") is None
