""" "Mon espace": the requester's list of requests."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helpdesk.views.portal import PAGE_SIZE
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db

URL = reverse("helpdesk:portal")


def listed_numbers(response) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">(DEM-\d{4}-\d{6})</a>', response.text)


def test_it_shows_each_request_with_its_columns(client, alice, clock, file_request):
    request = file_request(alice, subject="Accès au compte", siret="73282932000074")
    client.force_login(alice)

    response = client.get(URL)

    assert response.status_code == 200
    row = re.search(r"<tr>\s*<th scope=\"row\">.*?</tr>", response.text, re.S)
    assert row is not None
    cells = re.sub(r"<[^>]+>", "|", row.group(0))
    for expected in (
        request.number,
        "Question de test",  # the type's label, not its key
        "Accès au compte",
        "73282932000074",
        "Non résolu",
        request.updated_at.astimezone().strftime("%d/%m/%Y"),
    ):
        assert expected in cells
    assert reverse("helpdesk:request_detail", args=[request.number]) in row.group(0)


def test_it_lists_only_the_users_requests_newest_first(client, alice, bob, clock, file_request):
    old = file_request(alice)
    clock.advance(days=1)
    file_request(bob)
    clock.advance(days=1)
    new = file_request(alice)
    client.force_login(alice)

    assert listed_numbers(client.get(URL)) == [new.number, old.number]


def test_it_filters_by_public_status_with_a_labelled_select(client, alice, tess, file_request):
    file_request(alice)
    waiting = move(file_request(alice), "take", "request_info", tech=tess)
    client.force_login(alice)

    response = client.get(URL, {"statut": "waiting"})

    assert listed_numbers(response) == [waiting.number]
    assert '<label for="filtre-statut">Statut</label>' in response.text
    assert '<option value="waiting" selected>En attente</option>' in response.text
    assert "1 demande avec ce statut" in response.text


def test_an_unknown_status_shows_every_request(client, alice, file_request):
    file_request(alice)
    file_request(alice)
    client.force_login(alice)

    assert len(listed_numbers(client.get(URL, {"statut": "<script>"}))) == 2


def test_it_says_so_when_there_is_nothing_to_show(client, alice, file_request):
    client.force_login(alice)

    assert "Vous n'avez encore déposé aucune demande." in client.get(URL).text
    file_request(alice)
    assert "Aucune demande avec ce statut." in client.get(URL, {"statut": "closed"}).text


def test_it_paginates_and_keeps_the_filter_in_the_page_links(client, alice, file_request):
    for _ in range(PAGE_SIZE + 3):
        file_request(alice)
    client.force_login(alice)

    first = client.get(URL, {"statut": "unresolved"})
    second = client.get(URL, {"statut": "unresolved", "page": 2})

    assert len(listed_numbers(first)) == PAGE_SIZE
    assert len(listed_numbers(second)) == 3
    assert 'href="?statut=unresolved&amp;page=2" rel="next"' in first.text
    assert "Page 2 sur 2" in second.text
    assert set(listed_numbers(first)).isdisjoint(listed_numbers(second))
    assert listed_numbers(client.get(URL, {"page": "999"})) == listed_numbers(second)


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("users:login"))


def test_an_unverified_requester_is_told_to_confirm_his_address(client, alice):
    alice.email_verified_at = None
    alice.save()
    client.force_login(alice)

    response = client.get(URL)

    assert "Confirmez votre adresse électronique" in response.text
    assert reverse("users:verification_required") in response.text


def test_the_list_costs_the_same_queries_for_1_or_30_requests(
    client, alice, tess, file_request, django_assert_num_queries
):
    client.force_login(alice)
    move(file_request(alice), "take", "request_info", tech=tess)
    with CaptureQueriesContext(connection) as one:
        assert client.get(URL).status_code == 200

    for _ in range(29):
        move(file_request(alice), "take", tech=tess)

    with django_assert_num_queries(len(one)):
        response = client.get(URL)
    assert len(listed_numbers(response)) == PAGE_SIZE
    with django_assert_num_queries(len(one)):
        client.get(URL, {"statut": "unresolved", "page": 2})
