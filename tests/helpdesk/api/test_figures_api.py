"""The supervisors' figures over the API: the desk page's figures, its filters, its refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from lifecycle.figures_buckets import RELATIVE_ERROR
from lifecycle.selectors_desk import desk_calendar
from tests.support.desk_data import desk_request
from users.api_tokens import api_token_create

pytestmark = pytest.mark.django_db

FIGURES = "/api/v1/figures/"


def token_client(user) -> APIClient:
    _token, raw = api_token_create(user=user, name="Tableau de bord")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


@pytest.fixture
def desk(alice, tess):
    """A late request of Tess's filed 10 days ago, an unassigned one today, one resolved after
    its deadline."""
    now = timezone.now()
    late = desk_request(
        alice,
        state="in_progress",
        assignee=tess,
        filed_at=now - timedelta(days=10),
        resolution_due=now - timedelta(days=2),
        sla_status="breached",
    )
    fresh = desk_request(alice, filed_at=now - timedelta(hours=1))
    done = desk_request(
        alice,
        state="resolved",
        assignee=tess,
        filed_at=now - timedelta(days=3),
        first_response_at=now - timedelta(days=3) + timedelta(hours=2),
        resolved_at=now - timedelta(days=2),
        sla_status="missed",
    )
    return late, fresh, done


def test_it_gives_a_supervisor_the_backlog_and_the_period(sam, tess, desk):
    response = token_client(sam).get(FIGURES)

    assert response.status_code == 200, response.content
    figures = response.json()
    today = timezone.localdate()
    assert figures["filters"] == {
        "start": (today - timedelta(days=29)).isoformat(),
        "end": today.isoformat(),
        "type": "",
        "technician": None,
    }
    backlog = figures["backlog"]
    assert backlog["total"] == 2
    assert backlog["breached"] == 1
    assert backlog["unassigned"] == 1
    assert {row["key"]: row["count"] for row in backlog["by_state"]}["in_progress"] == 1
    period = figures["period"]
    assert (period["filed"], period["resolved"], period["late"]) == (3, 1, 1)
    assert period["breach_rate"] == pytest.approx(1.0)  # late resolutions over resolutions
    assert len(period["per_day"]) == 30
    assert sum(day["filed"] for day in period["per_day"]) == 3
    tess_load = next(row for row in period["workload"] if row["technician"]["id"] == tess.pk)
    assert (tess_load["open"], tess_load["resolved"]) == (1, 1)
    (test_type,) = [row for row in period["times_by_type"] if row["key"] == "test_plain"]
    assert test_type["first_response"]["count"] == 1
    # Working time (the type's calendar) read from the roll-up's buckets: the desk page's figure.
    _done = desk[2]
    calendar, _default = desk_calendar()
    exact = calendar.working_time_between(_done.filed_at, _done.first_response_at).total_seconds()
    answered = test_type["first_response"]["median_seconds"]
    assert abs(answered - exact) <= max(exact * RELATIVE_ERROR, 30), (answered, exact)


def test_it_narrows_the_figures_to_a_period_a_type_and_a_technician(sam, tess, desk):
    today = timezone.localdate()
    start = (today - timedelta(days=5)).isoformat()

    response = token_client(sam).get(
        FIGURES, {"start": start, "end": today.isoformat(), "technician": tess.pk}
    )

    assert response.status_code == 200, response.content
    figures = response.json()
    assert figures["filters"]["start"] == start
    assert figures["filters"]["technician"] == tess.pk
    assert figures["backlog"]["total"] == 1  # the unassigned request is not Tess's
    assert figures["period"]["filed"] == 1  # the late one was filed before the period
    assert [row["technician"]["id"] for row in figures["period"]["workload"]] == [tess.pk]
    assert len(figures["period"]["per_day"]) == 6
    other_type = token_client(sam).get(FIGURES, {"type": "question"}).json()
    assert other_type["backlog"]["total"] == 0


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            {"start": "2026-03-31", "end": "2026-03-01"},
            "start",
            "La date de début est postérieure à la date de fin.",
        ),
        (
            {"start": "31/03/2026"},
            "start",
            "La date de début n'est pas une date valide (format AAAA-MM-JJ).",
        ),
        (
            {"end": "2026-02-30"},
            "end",
            "La date de fin n'est pas une date valide (format AAAA-MM-JJ).",
        ),
        (
            {"start": "2024-01-01", "end": "2026-01-01"},
            "end",
            "La période est limitée à 366 jours.",
        ),
        (
            {"end": "0001-01-05"},
            "end",
            "La date de fin n'est pas une date valide (format AAAA-MM-JJ).",
        ),
        (
            {"start": "9999-12-31"},
            "start",
            "La date de début n'est pas une date valide (format AAAA-MM-JJ).",
        ),
        ({"type": "nope"}, "type", "Type de demande inconnu."),
        ({"technician": "999999"}, "technician", "Technicien inconnu."),
        ({"technician": "abc"}, "technician", "Technicien inconnu."),
    ],
)
def test_it_refuses_a_bad_filter_in_the_error_shape(sam, query, field, message):
    response = token_client(sam).get(FIGURES, query)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["fields"] == {field: [message]}
    assert body["message"] == "Les données envoyées ne sont pas valides : corrigez les champs."


def test_it_refuses_a_requester_in_the_error_shape(alice):
    response = token_client(alice).get(FIGURES)

    assert response.status_code == 403
    assert response.json() == {
        "code": "permission_denied",
        "message": "Cette action est réservée aux superviseurs.",
        "fields": {},
    }


def test_it_refuses_a_technician_and_asks_an_anonymous_caller_to_sign_in(tess):
    assert token_client(tess).get(FIGURES).status_code == 403
    anonymous = APIClient().get(FIGURES)
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "not_authenticated"
