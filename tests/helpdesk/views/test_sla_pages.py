"""The SLA on the pages: the staff list's column and sort, the banner, the staff request page's
clocks and timeline, the requester's plain words.

Policy of ``test_plain``: first response 120 working minutes, resolution 1 140 (2 working days),
default calendar Monday–Friday 08:30–18:00 Paris.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helpdesk.views.sla_display import sla_list_cells
from lifecycle import machine
from lifecycle.services.sla_scan import sla_scan
from tests.lifecycle.conftest import move, sla_policy_for_tests
from tests.sla.conftest import paris

pytestmark = pytest.mark.django_db
SIRETS = ["73282932000074", "35600000000048", "35600000009075"]


@pytest.fixture(autouse=True)
def plain_policy(db):
    return sla_policy_for_tests()


def text_of(response) -> str:
    html = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def list_page(client, **params: str) -> str:
    response = client.get(reverse("helpdesk:backoffice_list"), params)
    assert response.status_code == 200
    return text_of(response)


def test_the_list_shows_the_time_left_in_words_and_a_status_word(
    client, clock, alice, tess, file_request
):
    clock.current = paris(2026, 3, 2, 10, 0).astimezone(UTC)
    request = move(file_request(alice), "take", tech=tess)
    from lifecycle.services import messages as message_services

    message_services.message_post(request=request, author=tess, body="Bien reçu.", internal=False)
    clock.current = paris(2026, 3, 2, 15, 30).astimezone(UTC)
    client.force_login(tess)

    text = list_page(client)

    # Due Wednesday 10:00: Mon 15:30–18:00 (2 h 30) + Tue (9 h 30) + 1 h 30 = 13 h 30 = 1 day 4 h.
    assert "Dans les délais 1 jour ouvré 4 h restant" in text


def test_the_list_says_how_late_a_breached_request_is(client, clock, alice, tess, file_request):
    clock.current = paris(2026, 3, 2, 10, 0).astimezone(UTC)
    move(file_request(alice), "take", tech=tess)
    clock.current = paris(2026, 3, 2, 13, 30).astimezone(UTC)
    sla_scan()
    client.force_login(tess)

    text = list_page(client)

    assert "En retard de 1 h 30 ouvrées (première réponse)" in text


def test_the_list_sorts_by_resolution_due_with_requests_without_one_last(
    client, clock, alice, tess, file_request
):
    clock.current = paris(2026, 3, 2, 10, 0).astimezone(UTC)
    later = file_request(alice, siret=SIRETS[0])
    clock.advance(minutes=-60)
    sooner = file_request(alice, siret=SIRETS[1])
    clock.advance(minutes=90)
    without = file_request(alice, type_key="test_core", siret=SIRETS[2])  # no policy
    client.force_login(tess)

    html = client.get(reverse("helpdesk:backoffice_list"), {"sort": "due"}).content.decode()
    oldest_first = client.get(
        reverse("helpdesk:backoffice_list"), {"sort": "filed"}
    ).content.decode()

    order = sorted((html.index(r.number), r.number) for r in (later, sooner, without))
    assert [number for _, number in order] == [sooner.number, later.number, without.number]
    assert oldest_first.index(sooner.number) < oldest_first.index(later.number)


def test_an_unknown_sort_falls_back_to_the_due_date_with_a_french_message(
    client, alice, tess, file_request
):
    file_request(alice)
    client.force_login(tess)

    response = client.get(reverse("helpdesk:backoffice_list"), {"sort": "filed_at; drop"})

    assert response.status_code == 200
    assert response.context["query"].sort == "due"
    assert "tri" in text_of(response).lower()


def test_the_list_with_the_sla_column_does_not_grow_with_rows(
    client, clock, alice, tess, file_request, forget_kept_figures
):
    client.force_login(tess)
    url = reverse("helpdesk:backoffice_list")
    file_request(alice, siret=SIRETS[0])
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"sort": "due"})
    for i in range(6):
        move(file_request(alice, siret=SIRETS[i % 3]), "take", tech=tess)
    file_request(alice, type_key="test_core")
    forget_kept_figures()
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"sort": "due"})

    assert len(many) == len(few)


def test_the_staff_pages_show_the_banner_of_late_and_at_risk_requests(
    client, clock, alice, tess, file_request
):
    clock.current = paris(2026, 3, 2, 10, 0).astimezone(UTC)
    late = file_request(alice, siret=SIRETS[0])
    clock.current = paris(2026, 3, 2, 11, 50).astimezone(UTC)
    file_request(alice, siret=SIRETS[1])  # filed later: neither late nor at risk
    clock.current = paris(2026, 3, 2, 12, 1).astimezone(UTC)
    move(file_request(alice, siret=SIRETS[2]), "take", tech=tess)
    sla_scan()  # the first one's first response was due at 12:00
    client.force_login(tess)

    assert "1 demande en retard, 0 à risque." in list_page(client)
    clock.current = paris(2026, 3, 2, 13, 30).astimezone(UTC)
    sla_scan()  # the second is past 80 % of its first response (13:26), the third not (13:37)
    detail = client.get(reverse("helpdesk:backoffice_detail", args=[late.number]))
    assert "1 demande en retard, 1 à risque." in text_of(detail)


def test_no_banner_when_nothing_is_late(client, alice, tess, file_request):
    file_request(alice)
    client.force_login(tess)

    assert "en retard" not in list_page(client)


def test_the_staff_page_shows_both_clocks_and_why_the_time_ran(
    client, clock, alice, tess, file_request
):
    clock.current = paris(2026, 4, 3, 17, 0).astimezone(UTC)  # Friday before Easter Monday
    request = move(file_request(alice), "take", tech=tess)
    clock.current = paris(2026, 4, 7, 10, 0).astimezone(UTC)  # Tuesday
    client.force_login(tess)

    text = text_of(client.get(reverse("helpdesk:backoffice_detail", args=[request.number])))

    # First response due Tuesday 09:30: 30 working minutes over.
    assert "Première réponse En retard en retard de 30 min ouvrées" in text
    assert "Échéance : mardi 7 avril 2026 à 09:30" in text
    # Resolution due Wednesday 17:00: Tue 10:00–18:00 (8 h) + 8 h 30 = 16 h 30 left.
    assert "Résolution Dans les délais 1 jour ouvré 7 h restant" in text
    assert "Jour férié : Lundi de Pâques" in text
    assert "Hors des heures ouvrées" in text
    assert "Temps décompté" in text


def test_the_staff_page_says_a_type_without_a_policy_has_no_deadline(
    client, alice, tess, file_request
):
    request = file_request(alice, type_key="test_core")
    client.force_login(tess)

    text = text_of(client.get(reverse("helpdesk:backoffice_detail", args=[request.number])))

    assert "aucune échéance n'est suivie" in text


def test_the_requester_reads_the_delay_in_plain_words(client, clock, alice, tess, file_request):
    clock.current = paris(2026, 3, 2, 10, 0).astimezone(UTC)
    request = move(file_request(alice), "take", tech=tess)
    clock.current = paris(2026, 3, 2, 12, 0).astimezone(UTC)
    request = move(request, "request_info", tech=tess)
    clock.current += timedelta(days=2)
    client.force_login(alice)

    text = text_of(client.get(reverse("helpdesk:request_detail", args=[request.number])))

    assert "traiter ce type de demande en 2 jours ouvrés" in text
    assert "Le délai est suspendu tant que le guichet attend votre réponse" in text
    assert "il restera 1 jour ouvré 7 h 30 au guichet" in text
    assert "En attente de votre réponse (délai suspendu) : 2 j" in text
    assert "Le guichet traite votre demande : 2 h" in text


def test_the_list_names_the_type_in_french_not_by_its_key(client, alice, tess, file_request):
    file_request(alice)
    client.force_login(tess)

    text = list_page(client)

    assert "Question de test" in text
    assert "test_plain" not in text


def test_the_list_says_a_type_without_a_policy_has_no_deadline(client, alice, tess, file_request):
    file_request(alice, type_key="test_core")
    client.force_login(tess)

    assert "sans échéance" in list_page(client)


def test_the_list_shows_a_dash_for_a_resolved_request_not_a_time_left(alice, tess, file_request):
    taken = move(file_request(alice), "take", tech=tess)
    open_cell = sla_list_cells([taken], machine.now())[taken.pk]
    resolved = move(taken, "resolve", tech=tess)

    cell = sla_list_cells([resolved], machine.now())[resolved.pk]

    assert open_cell.words.endswith("restants")
    assert cell.words == "—"
