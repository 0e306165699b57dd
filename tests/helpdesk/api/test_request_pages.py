"""The request list pages with signed keyset cursors over (filed_at, id), newest first."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_it_pages_through_every_request_once_newest_first(alice, tess, file_request, clock):
    filed = []
    for _ in range(5):
        filed.append(file_request(alice).number)
        clock.advance(minutes=1)
    seen: list[str] = []
    url = "/api/v1/requests/?limit=2"

    while url:
        page = client_for(tess).get(url).json()
        seen.extend(r["number"] for r in page["results"])
        url = page["next"]

    assert seen == list(reversed(filed))


def test_a_request_filed_while_paging_does_not_shift_the_next_page(alice, tess, file_request):
    older = [file_request(alice).number for _ in range(3)]
    first = client_for(tess).get("/api/v1/requests/?limit=2").json()
    file_request(alice)

    second = client_for(tess).get(first["next"]).json()

    assert [r["number"] for r in second["results"]] == [older[0]]
    assert second["next"] is None


def test_the_staff_filters_apply_to_every_page(alice, tess, file_request):
    for _ in range(3):
        file_request(alice, type_key="test_core")
    file_request(alice)

    first = client_for(tess).get("/api/v1/requests/?type=test_core&limit=2").json()
    second = client_for(tess).get(first["next"]).json()

    assert {r["type"] for r in first["results"] + second["results"]} == {"test_core"}
    assert len(first["results"] + second["results"]) == 3


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("cursor=forged", "cursor"),
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("limit=1000", "limit"),
        ("state=nowhere", "state"),
    ],
)
def test_it_refuses_a_bad_cursor_limit_or_state_by_name(tess, query, field):
    response = client_for(tess).get(f"/api/v1/requests/?{query}")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


def test_a_cursor_cannot_be_forged_from_a_real_one(alice, tess, file_request):
    for _ in range(3):
        file_request(alice)
    cursor = client_for(tess).get("/api/v1/requests/?limit=1").json()["next"].split("cursor=")[1]

    response = client_for(tess).get(f"/api/v1/requests/?cursor={cursor[:-2]}xx")

    assert response.status_code == 400
