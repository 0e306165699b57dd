"""The SLA settings: the defaults the migrations create and the refusals of full_clean()."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from sla.models import (
    Closure,
    SlaPolicy,
    WorkingCalendar,
    WorkingHours,
    working_hours_errors,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def default_calendar() -> WorkingCalendar:
    return WorkingCalendar.objects.get(is_default=True)


def messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def test_it_ships_a_default_calendar_monday_to_friday_half_past_eight_to_six(default_calendar):
    hours = list(default_calendar.hours.values_list("weekday", "start", "end"))

    assert hours == [(d, time(8, 30), time(18)) for d in range(5)]
    assert default_calendar.time_zone == "Europe/Paris"


def test_it_ships_a_policy_per_request_type_in_working_minutes():
    targets = {
        p.request_type: (p.first_response_minutes, p.resolution_minutes, p.at_risk_percent)
        for p in SlaPolicy.objects.all()
    }

    assert targets == {
        "question": (570, 3 * 570, 80),
        "admin_removal": (570, 5 * 570, 80),
        "enrolment_cancellation": (570, 5 * 570, 80),
        "liquidator_access": (240, 2 * 570, 80),
    }


@pytest.mark.parametrize("minutes", [0, -30])
def test_it_refuses_a_target_that_is_not_positive(default_calendar, minutes):
    policy = SlaPolicy(
        request_type="nouveau",
        first_response_minutes=60,
        resolution_minutes=minutes,
        calendar=default_calendar,
    )

    with pytest.raises(ValidationError) as refused:
        policy.full_clean()

    assert "resolution_minutes" in refused.value.message_dict
    assert any("minute" in m for m in refused.value.message_dict["resolution_minutes"])


@pytest.mark.parametrize("percent", [0, 100])
def test_it_refuses_an_at_risk_threshold_outside_one_to_ninety_nine(default_calendar, percent):
    policy = SlaPolicy(
        request_type="nouveau",
        first_response_minutes=60,
        resolution_minutes=600,
        at_risk_percent=percent,
        calendar=default_calendar,
    )

    with pytest.raises(ValidationError) as refused:
        policy.full_clean()

    assert refused.value.message_dict["at_risk_percent"] == [
        "Le seuil « à risque » doit être compris entre 1 et 99 %."
    ]


def test_it_refuses_a_first_response_target_longer_than_the_resolution(default_calendar):
    policy = SlaPolicy(
        request_type="nouveau",
        first_response_minutes=600,
        resolution_minutes=60,
        calendar=default_calendar,
    )

    with pytest.raises(ValidationError, match="première réponse ne peut pas dépasser"):
        policy.full_clean()


def test_it_refuses_a_policy_that_warns_nobody(default_calendar):
    policy = SlaPolicy(
        request_type="nouveau",
        first_response_minutes=60,
        resolution_minutes=600,
        warn_assignee=False,
        warn_supervisors=False,
        calendar=default_calendar,
    )

    with pytest.raises(ValidationError, match="Choisissez qui est prévenu"):
        policy.full_clean()


def test_it_accepts_a_sound_policy(default_calendar):
    SlaPolicy(
        request_type="nouveau",
        first_response_minutes=60,
        resolution_minutes=600,
        at_risk_percent=75,
        calendar=default_calendar,
    ).full_clean()


@pytest.mark.parametrize("end", [time(9), time(8)])
def test_it_refuses_a_range_whose_end_is_not_after_its_start(default_calendar, end):
    hours = WorkingHours(calendar=default_calendar, weekday=5, start=time(9), end=end)

    with pytest.raises(ValidationError) as refused:
        hours.full_clean()

    assert refused.value.message_dict["end"] == ["La fin d'une plage doit être après son début."]


def test_it_refuses_a_half_day_closure_with_only_one_bound(default_calendar):
    closure = Closure(
        calendar=default_calendar, date=date(2026, 12, 24), start=time(14), label="Veille de Noël"
    )

    with pytest.raises(ValidationError, match="début et une fin"):
        closure.full_clean()


def test_it_refuses_a_second_default_calendar():
    with pytest.raises(ValidationError, match="Un seul calendrier"):
        WorkingCalendar(name="Autre", is_default=True).full_clean()


def test_it_reports_overlapping_ranges_in_a_day_in_french():
    errors = working_hours_errors([(0, time(8, 30), time(12)), (0, time(11), time(14))])

    assert errors == ["Les plages du lundi se chevauchent : 08:30–12:00 et 11:00–14:00."]


def test_it_accepts_two_ranges_that_touch():
    assert working_hours_errors([(0, time(8, 30), time(12)), (0, time(12), time(18))]) == []


def test_it_reports_a_week_without_working_hours():
    assert working_hours_errors([]) == [
        "Le calendrier doit compter au moins une plage ouvrée dans la semaine."
    ]
