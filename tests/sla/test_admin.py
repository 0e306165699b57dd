"""Editing the SLA settings in the admin: what it saves and what it refuses, in French."""

from __future__ import annotations

from datetime import time

import pytest
from django.urls import reverse

from sla.models import SlaPolicy, WorkingCalendar

pytestmark = pytest.mark.django_db


def calendar_form(*hours: tuple[int, str, str], name: str = "Antenne de Lyon") -> dict:
    data = {
        "name": name,
        "hours-TOTAL_FORMS": str(len(hours)),
        "hours-INITIAL_FORMS": "0",
        "closures-TOTAL_FORMS": "0",
        "closures-INITIAL_FORMS": "0",
    }
    for index, (weekday, start, end) in enumerate(hours):
        data |= {
            f"hours-{index}-weekday": str(weekday),
            f"hours-{index}-start": start,
            f"hours-{index}-end": end,
        }
    return data


def post_calendar(client, data):
    return client.post(reverse("admin:sla_workingcalendar_add"), data)


def test_it_saves_a_calendar_with_a_lunch_break(admin_client):
    response = post_calendar(
        admin_client, calendar_form((0, "08:30", "12:00"), (0, "13:30", "18:00"))
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    calendar = WorkingCalendar.objects.get(name="Antenne de Lyon")
    assert list(calendar.hours.values_list("start", flat=True)) == [time(8, 30), time(13, 30)]


def test_it_refuses_a_calendar_with_no_working_hour_in_the_week(admin_client):
    response = post_calendar(admin_client, calendar_form())

    assert response.status_code == 200
    assert "au moins une plage ouvrée dans la semaine" in response.content.decode()
    assert not WorkingCalendar.objects.filter(name="Antenne de Lyon").exists()


def test_it_refuses_overlapping_ranges_in_a_day(admin_client):
    response = post_calendar(
        admin_client, calendar_form((2, "08:30", "12:00"), (2, "11:00", "14:00"))
    )

    assert response.status_code == 200
    assert "Les plages du mercredi se chevauchent" in response.content.decode()
    assert not WorkingCalendar.objects.filter(name="Antenne de Lyon").exists()


def test_it_refuses_a_range_that_ends_before_it_starts(admin_client):
    response = post_calendar(admin_client, calendar_form((0, "18:00", "08:30")))

    assert response.status_code == 200
    assert "La fin d&#x27;une plage doit être après son début." in response.content.decode()


def test_it_ignores_a_deleted_range_when_checking_overlaps(admin_client):
    data = calendar_form((0, "08:30", "12:00"), (0, "11:00", "14:00"))
    data["hours-1-DELETE"] = "on"

    assert post_calendar(admin_client, data).status_code == 302


def policy_form(**changes: object) -> dict:
    default = WorkingCalendar.objects.get(is_default=True)
    return {
        "request_type": "question",
        "first_response_minutes": "570",
        "resolution_minutes": "1710",
        "at_risk_percent": "80",
        "warn_assignee": "on",
        "calendar": str(default.pk),
    } | {key: str(value) for key, value in changes.items()}


def change_policy(client, **changes: object):
    policy = SlaPolicy.objects.get(request_type="question")
    return client.post(
        reverse("admin:sla_slapolicy_change", args=[policy.pk]), policy_form(**changes)
    )


def test_it_saves_a_new_resolution_target(admin_client):
    assert change_policy(admin_client, resolution_minutes=2280).status_code == 302
    assert SlaPolicy.objects.get(request_type="question").resolution_minutes == 2280


@pytest.mark.parametrize("minutes", [0, -10])
def test_it_refuses_a_zero_or_negative_target(admin_client, minutes):
    response = change_policy(admin_client, first_response_minutes=minutes)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["first_response_minutes"]
    assert errors == ["Un délai doit être d'au moins une minute."]
    assert SlaPolicy.objects.get(request_type="question").first_response_minutes == 570


@pytest.mark.parametrize("percent", [0, 100])
def test_it_refuses_an_at_risk_threshold_outside_the_range(admin_client, percent):
    response = change_policy(admin_client, at_risk_percent=percent)

    assert response.status_code == 200
    assert "compris entre 1 et 99 %" in response.content.decode()


def test_it_lists_policies_with_their_targets_in_hours(admin_client):
    page = admin_client.get(reverse("admin:sla_slapolicy_changelist")).content.decode()

    assert "28 h 30" in page  # question: 3 working days of 9 h 30
    assert "4 h" in page


def test_it_shows_the_computed_public_holidays_on_a_calendar(admin_client):
    default = WorkingCalendar.objects.get(is_default=True)

    page = admin_client.get(reverse("admin:sla_workingcalendar_change", args=[default.pk]))

    assert "Fête nationale" in page.content.decode()
