"""The staff request page's layout for the work: the reply box under the thread, the file beside
it with the context (the requester's other requests, the company from the core, conflicts)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.accounts_bridge.conftest import make_companies

pytestmark = pytest.mark.django_db


def page_of(client, number: str) -> str:
    response = client.get(reverse("helpdesk:backoffice_detail", args=[number]))
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_reply_box_is_under_the_thread_and_the_file_is_beside_it(
    client, alice, tess, file_request
):
    request = file_request(alice)
    client.force_login(tess)

    html = page_of(client, request.number)
    work, side = html.split('<aside class="request-side"', 1)

    assert work.index('id="echanges"') < work.index('id="note-body"') < work.index('id="actions"')
    for section in ('id="donnees"', 'id="delais"', 'id="pieces"', 'id="contexte"'):
        assert section in side


def test_the_context_names_the_company_as_the_core_knows_it_and_flags_a_conflict(
    client, alice, bob, tess, file_request
):
    make_companies()
    request = file_request(alice)
    rival = file_request(bob, subject="Même demande, autre demandeur")
    client.force_login(tess)

    context = text(page_of(client, request.number).split('id="contexte"', 1)[1])

    assert "Boulangerie Durand" in context
    assert "Multi-établissements — Active" in context
    assert "DURAND Alice" in context
    assert f"{rival.number} — Même demande, autre demandeur" in context
    assert "Conflit : même type de demande en cours" in context
    assert " multi " not in context  # the core's raw key is never shown
