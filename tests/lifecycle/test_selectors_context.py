"""The context beside a request on the staff page: the requester's other requests, the company
as the core knows it, and the other requests on the same SIREN with conflicts flagged."""

from __future__ import annotations

import pytest

from core_contract import Unavailable
from lifecycle import machine, selectors_context
from lifecycle.selectors_context import (
    request_company,
    requester_other_requests,
    same_siren_requests,
)
from tests.accounts_bridge.conftest import make_companies
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


def test_it_lists_the_requesters_other_requests_newest_first(alice, file_request):
    first = file_request(alice)
    second = file_request(alice, type_key="test_core")
    current = file_request(alice, siret="35600000000048")

    assert [r.number for r in requester_other_requests(request=current)] == [
        second.number,
        first.number,
    ]


def test_it_flags_an_open_request_of_the_same_type_on_the_same_siren_as_a_conflict(
    alice, bob, tess, file_request
):
    current = file_request(alice)
    same_type = file_request(bob)
    other_type = file_request(bob, type_key="test_core")
    resolved = move(file_request(bob), "take", "resolve", tech=tess)
    elsewhere = file_request(bob, siret="35600000000048")

    rows = {
        row.ticket.number: row.conflict
        for row in same_siren_requests(request=current, now=machine.now())
    }

    assert rows == {same_type.number: True, other_type.number: False, resolved.number: False}
    assert elsewhere.number not in rows


def test_it_reads_the_company_its_establishments_and_administrators_from_the_core(
    alice, file_request
):
    make_companies()

    company = request_company(request=file_request(alice))

    assert company is not None
    assert company.name == "Boulangerie Durand"
    assert company.enrolment == "Multi-établissements — Active"
    assert "73282932000074" in [siret for siret, _ in company.establishments]
    assert company.administrators == ["DURAND Alice", "LEFÈVRE Jean-François"]


def test_it_says_in_french_when_the_core_does_not_know_the_company(alice, file_request):
    company = request_company(request=file_request(alice))

    assert company is not None
    assert company.unavailable == "Le service des comptes ne connaît pas cette entreprise."


def test_it_says_in_french_when_the_core_is_down(alice, file_request, monkeypatch):
    class DownCore:
        def find_company(self, siren: str):
            raise Unavailable()

    monkeypatch.setattr(selectors_context, "get_core", DownCore)

    company = request_company(request=file_request(alice))

    assert company is not None
    assert company.unavailable == "Le service des comptes ne répond pas : réessayez plus tard."
