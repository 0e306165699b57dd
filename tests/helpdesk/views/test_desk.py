"""The supervisors' desk page: who may see it, what bad input gets, reassignment, query count."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lifecycle.models import Request, TransitionLog
from tests.support.desk_data import desk_request

pytestmark = pytest.mark.django_db

DESK = reverse("helpdesk:desk")
ASSIGN = reverse("helpdesk:desk_assign")


def _late(requester, **fields) -> Request:
    now = timezone.now()
    fields.setdefault("state", "in_progress")
    return desk_request(
        requester,
        filed_at=now - timedelta(days=10),
        resolution_due=now - timedelta(days=2),
        sla_status="breached",
        **fields,
    )


def test_it_shows_a_supervisor_the_backlog_with_french_labels(client, sam, alice, tess):
    late = _late(alice, assignee=tess)
    client.force_login(sam)

    response = client.get(DESK)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Pilotage du guichet" in page
    assert late.number in page
    assert "Question de test" in page
    assert "test_plain" not in page.replace('value="test_plain"', "")
    assert "dépassé de" in page
    assert 'role="img"' in page
    assert "<title" in page
    assert reverse("helpdesk:backoffice_detail", args=[late.number]) in page


@pytest.mark.parametrize("who", ["tess", "alice"])
def test_it_refuses_everyone_but_supervisors_with_a_french_page(client, who, request):
    client.force_login(request.getfixturevalue(who))

    response = client.get(DESK)
    export = client.get(reverse("helpdesk:desk_export", args=["par-jour"]))
    assign = client.post(ASSIGN, {"demandes": ["DEM-1"], "technicien": "1"})

    assert response.status_code == export.status_code == assign.status_code == 403
    assert "Accès réservé aux superviseurs" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(DESK)

    assert response.status_code == 302
    assert reverse("users:login") in response["Location"]


def test_a_chosen_period_is_shown(client, sam):
    client.force_login(sam)

    response = client.get(DESK, {"du": "2026-01-01", "au": "2026-01-31"})

    assert response.status_code == 200
    assert response.context["filters"].since.isoformat() == "2026-01-01"
    assert len(response.context["period"].per_day) == 31
    assert "Du 01/01/2026 au 31/01/2026" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"du": "2026-13-45", "au": "2026-01-31"}, "pas une date valide"),
        ({"du": "hier"}, "pas une date valide"),
        ({"au": "0001-01-05"}, "pas une date valide"),  # 30 days earlier is before year 1
        ({"du": "9999-12-31"}, "pas une date valide"),  # the period's end would pass year 9999
        ({"du": "2026-03-01", "au": "2026-02-01"}, "postérieure à la date de fin"),
        ({"du": "2020-01-01", "au": "2026-01-01"}, "limitée à 366 jours"),
        ({"type": "inconnu"}, "Type de demande inconnu"),
        ({"type": "<script>"}, "Type de demande inconnu"),
        ({"technicien": "abc"}, "Technicien inconnu"),
        ({"technicien": "999999"}, "Technicien inconnu"),
    ],
)
def test_bad_input_gets_a_french_message_and_the_default_view(client, sam, params, message):
    client.force_login(sam)

    response = client.get(DESK, params)

    assert response.status_code == 200
    assert message in response.content.decode()
    filters = response.context["filters"]
    assert (filters.until - filters.since).days == 29
    assert filters.until == timezone.localdate()
    assert filters.type_key == ""
    assert filters.technician_id is None


def test_a_requester_is_not_a_technician_to_filter_on(client, sam, alice):
    client.force_login(sam)

    response = client.get(DESK, {"technicien": str(alice.pk)})

    assert "Technicien inconnu" in response.content.decode()
    assert response.context["filters"].technician_id is None


def test_a_known_type_and_technician_filter_the_page(client, sam, tess, alice):
    client.force_login(sam)

    response = client.get(DESK, {"type": "test_core", "technicien": str(tess.pk)})

    filters = response.context["filters"]
    assert (filters.type_key, filters.technician_id) == ("test_core", tess.pk)
    assert "inconnu" not in response.content.decode()


def _count_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(DESK, {"du": "2025-03-01", "au": "2026-02-28"})
    assert response.status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_requests(client, sam, alice, tess, theo):
    client.force_login(sam)
    _late(alice, assignee=tess)
    client.get(DESK)  # the calendar is loaded once per process
    one = _count_queries(client)

    now = timezone.now()
    for n in range(29):
        request = _late(alice, assignee=tess if n % 2 else theo)
        desk_request(
            alice,
            filed_at=now - timedelta(days=n),
            sla_status="at_risk",
            resolution_due=now + timedelta(hours=3),
        )
        desk_request(
            alice,
            filed_at=now - timedelta(days=n + 1),
            state="resolved",
            resolved_at=now - timedelta(days=n),
            first_response_at=now - timedelta(days=n),
            assignee=theo,
            reopened_count=n % 3,
        )
        TransitionLog.objects.create(
            request=request,
            name="take",
            from_state="submitted",
            to_state="in_progress",
            actor=tess,
            actor_role="technician",
            at=now - timedelta(days=n),
        )

    assert _count_queries(client) == one


def test_it_reassigns_one_request_from_its_row(client, sam, alice, tess, theo):
    late = _late(alice, assignee=tess)
    other = _late(alice, assignee=tess)
    client.force_login(sam)

    response = client.post(
        ASSIGN,
        {
            "une": late.number,
            "demandes": [other.number],
            "technicien": str(theo.pk),
            "retour": f"{DESK}?du=2026-01-01",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{DESK}?du=2026-01-01"
    late.refresh_from_db()
    other.refresh_from_db()
    assert late.assignee == theo
    assert other.assignee == tess
    assert TransitionLog.objects.filter(request=late, name="assign", actor=sam).exists()


def test_a_bulk_reassignment_does_the_allowed_ones_and_lists_the_refused_with_why(
    client, sam, alice, tess, theo
):
    first = _late(alice, assignee=tess)
    second = _late(alice)
    resolved = desk_request(
        alice, filed_at=timezone.now(), state="resolved", resolved_at=timezone.now()
    )
    client.force_login(sam)

    response = client.post(
        ASSIGN,
        {
            "demandes": [first.number, second.number, resolved.number, "DEM-0000-404"],
            "technicien": str(theo.pk),
        },
        follow=True,
    )

    page = response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    resolved.refresh_from_db()
    assert (first.assignee, second.assignee, resolved.assignee) == (theo, theo, None)
    assert "2 demande(s) attribuée(s) à Théo Technicien" in page
    assert f"Non attribuée(s) : {resolved.number} (" in page
    assert "DEM-0000-404 (Cette demande n&#x27;existe pas.)" in page


def test_a_reassignment_without_a_technician_or_a_selection_changes_nothing(
    client, sam, alice, tess
):
    late = _late(alice, assignee=tess)
    client.force_login(sam)

    no_tech = client.post(ASSIGN, {"demandes": [late.number], "technicien": ""}, follow=True)
    not_tech = client.post(
        ASSIGN, {"demandes": [late.number], "technicien": str(alice.pk)}, follow=True
    )
    nothing = client.post(ASSIGN, {"technicien": str(tess.pk)}, follow=True)

    late.refresh_from_db()
    assert late.assignee == tess
    assert "Choisissez un technicien du guichet." in no_tech.content.decode()
    assert "Choisissez un technicien du guichet." in not_tech.content.decode()
    assert "Cochez au moins une demande" in nothing.content.decode()


def test_the_return_address_never_leaves_the_desk(client, sam, alice, tess):
    late = _late(alice, assignee=tess)
    client.force_login(sam)

    response = client.post(
        ASSIGN, {"une": late.number, "technicien": str(tess.pk), "retour": "https://evil.example/"}
    )

    assert response["Location"] == DESK


def test_without_a_default_calendar_the_desk_says_so_and_counts_office_hours(client, sam, alice):
    from sla.models import WorkingCalendar
    from sla.selectors import calendar_cache_clear

    WorkingCalendar.objects.update(is_default=False)  # the state a flushed database leaves
    calendar_cache_clear()
    _late(alice)
    client.force_login(sam)

    response = client.get(DESK)
    export = client.get(reverse("helpdesk:desk_export", args=["anciennete"]))

    assert response.status_code == 200
    assert export.status_code == 200
    assert "Aucun calendrier de travail par défaut" in response.content.decode()
    assert response.context["backlog"].ageing[-1] == ("> 5 jours ouvrés", 1)
