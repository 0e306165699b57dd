"""English pages use English punctuation: no French space before a colon (« Déposée : »),
which French pages keep."""

from __future__ import annotations

import re
from datetime import UTC

import pytest

from tests.lifecycle.conftest import move, sla_policy_for_tests
from tests.sla.conftest import paris

pytestmark = pytest.mark.django_db

SPACE_BEFORE_COLON = re.compile(r"\w\s+:(\s|$)")


def text(response) -> str:
    assert response.status_code == 200
    html = re.sub(r"<(script|style)\b.*?</\1>", "", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def taken(clock, alice, tess, file_request):
    sla_policy_for_tests()
    clock.current = paris(2026, 3, 2, 10, 0).astimezone(UTC)
    return move(file_request(alice), "take", tech=tess)


def test_it_writes_the_requester_page_with_english_colons(client, alice, taken):
    client.force_login(alice)
    url = f"/espace/demandes/{taken.number}/"

    english = text(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    french = text(client.get(url))

    assert [m.group(0) for m in SPACE_BEFORE_COLON.finditer(english)] == []
    assert "Request filed: Not resolved" in english
    assert "Demande déposée : Non résolu" in french


def test_it_writes_the_staff_sla_totals_with_english_colons(client, clock, tess, taken):
    clock.current = paris(2026, 3, 2, 19, 0).astimezone(UTC)  # counted time, then evening
    client.force_login(tess)
    url = f"/espace/guichet/demandes/{taken.number}/"

    english = text(client.get(url, HTTP_ACCEPT_LANGUAGE="en"))
    french = text(client.get(url))

    assert [m.group(0) for m in SPACE_BEFORE_COLON.finditer(english)] == []
    assert re.search(r"Time counted: \d", english)
    assert re.search(r"Temps décompté : \d", french)


def test_it_lists_form_errors_with_english_colons(client, db):
    data = {"email": "not-an-address"}

    english = text(client.post("/compte/inscription/", data, HTTP_ACCEPT_LANGUAGE="en"))
    french = text(client.post("/compte/inscription/", data))

    assert re.search(r"E-mail address: \w", english)
    assert [m.group(0) for m in SPACE_BEFORE_COLON.finditer(english)] == []
    assert re.search(r"Adresse électronique : \w", french)
