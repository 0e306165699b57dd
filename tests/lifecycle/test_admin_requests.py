"""The admin's request list: a constant number of queries, searches on indexed columns."""

from __future__ import annotations

import pytest

from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db

URL = "/admin/lifecycle/request/"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root@example.com", "Mot2passe-Admin")


@pytest.fixture
def admin(client, superuser):
    client.force_login(superuser)
    return client


def rows(response) -> int:
    return response.content.decode().count('class="field-number"')


def count_queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_it_costs_the_same_queries_for_three_or_nine_assigned_requests(
    admin, alice, tess, file_request
):
    for _ in range(3):
        move(file_request(alice), "take", tech=tess)
    three = count_queries(admin, URL)
    for _ in range(6):
        move(file_request(alice), "take", tech=tess)
    nine = count_queries(admin, URL)

    assert rows(admin.get(URL)) == 9
    assert nine == three


def test_it_finds_a_request_by_the_start_of_its_number(admin, alice, file_request):
    wanted = file_request(alice)
    file_request(alice)

    response = admin.get(URL, {"q": wanted.number})

    assert rows(response) == 1
    assert wanted.number in response.content.decode()
    assert rows(admin.get(URL, {"q": wanted.number[:8]})) == 2  # "DEM-2026": both


def test_it_finds_the_requests_of_an_e_mail_and_only_them(admin, alice, bob, file_request):
    file_request(alice)
    file_request(bob)

    assert rows(admin.get(URL, {"q": alice.email})) == 1
    assert rows(admin.get(URL, {"q": alice.email.upper()})) == 1


def test_it_finds_a_siret_exactly_not_a_fragment(admin, alice, file_request):
    file_request(alice, siret="73282932000074")

    assert rows(admin.get(URL, {"q": "73282932000074"})) == 1
    assert rows(admin.get(URL, {"q": "2829320"})) == 0  # no scan of every SIRET for a fragment


def test_a_search_counts_no_full_table_beside_its_results(admin, alice, file_request):
    file_request(alice)

    response = admin.get(URL, {"q": alice.email})

    assert response.context["cl"].show_full_result_count is False
