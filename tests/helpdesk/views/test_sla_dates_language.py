"""The SLA's dates follow the page's language: « lundi 2 mars 2026 à 18:00 » in French,
"Monday 2 March 2026, 18:00" in English (no French « à » left in an English sentence)."""

from __future__ import annotations

import re
from datetime import UTC

import pytest

from tests.lifecycle.conftest import move, sla_policy_for_tests
from tests.sla.conftest import paris

pytestmark = pytest.mark.django_db

FRENCH_DATE = re.compile(r"\b\d{1,2} \w+ 2026 à \d\d:\d\d")
ENGLISH_DATE = re.compile(r"\b[A-Z]\w+day \d{1,2} [A-Z]\w+ 2026, \d\d:\d\d")


@pytest.fixture(autouse=True)
def plain_policy(db):
    return sla_policy_for_tests()


@pytest.fixture
def taken(clock, alice, tess, file_request):
    clock.current = paris(2026, 3, 2, 10, 0).astimezone(UTC)
    return move(file_request(alice), "take", tech=tess)


def text(client, user, url: str, **headers: str) -> str:
    client.force_login(user)
    response = client.get(url, **headers)
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.parametrize("who", ["tess", "alice"])
def test_it_writes_the_dates_in_english_on_an_english_page(client, taken, who, request):
    url = (
        f"/espace/guichet/demandes/{taken.number}/"
        if who == "tess"
        else (f"/espace/demandes/{taken.number}/")
    )

    page = text(client, request.getfixturevalue(who), url, HTTP_ACCEPT_LANGUAGE="en")

    assert ENGLISH_DATE.search(page), page
    assert not FRENCH_DATE.search(page)


@pytest.mark.parametrize("who", ["tess", "alice"])
def test_it_keeps_the_french_dates_on_a_french_page(client, taken, who, request):
    url = (
        f"/espace/guichet/demandes/{taken.number}/"
        if who == "tess"
        else (f"/espace/demandes/{taken.number}/")
    )

    page = text(client, request.getfixturevalue(who), url)

    assert FRENCH_DATE.search(page)
    assert not ENGLISH_DATE.search(page)
