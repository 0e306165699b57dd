"""The desk's CSV exports: streamed, French headers, `;` and a BOM for French Excel."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from tests.support.desk_data import desk_request

pytestmark = pytest.mark.django_db


def export(client, figure: str, **params):
    response = client.get(reverse("helpdesk:desk_export", args=[figure]), params)
    assert response.status_code == 200, response.status_code
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[arg-type]
    assert text.startswith("\ufeff")
    return response, list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_the_list_behind_the_late_requests_is_exported_with_french_headers(
    client, sam, alice, tess
):
    now = timezone.now()
    late = desk_request(
        alice,
        filed_at=now - timedelta(days=9),
        state="in_progress",
        assignee=tess,
        sla_status="breached",
        resolution_due=now - timedelta(days=1),
    )
    desk_request(alice, filed_at=now, resolution_due=now + timedelta(days=3))  # on time
    client.force_login(sam)

    response, rows = export(client, "demandes", liste="en-retard")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    assert rows[0][:5] == ["Numéro", "Type", "État", "SLA", "Technicien"]
    assert [row[0] for row in rows[1:]] == [late.number]
    assert rows[1][1:5] == [
        "Question de test",
        "En cours de traitement",
        "En retard",
        "Tess Technicienne",
    ]


def test_every_figure_exports_with_a_header_and_rows(client, sam, alice, tess):
    desk_request(alice, filed_at=timezone.now(), assignee=tess)
    client.force_login(sam)
    headers = {
        "en-cours": "Regroupement",
        "anciennete": "Ancienneté (temps ouvré)",
        "indicateurs-en-cours": "Indicateur",
        "par-jour": "Jour",
        "delais-types": "Type",
        "delais-techniciens": "Technicien",
        "charge": "Technicien",
        "indicateurs": "Indicateur",
    }

    for figure, first in headers.items():
        _response, rows = export(client, figure)
        assert rows[0][0] == first, figure
        assert len(rows) > 1, figure

    _response, per_day = export(client, "par-jour", du="2026-03-01", au="2026-03-31")
    assert len(per_day) == 1 + 31
    assert per_day[1] == ["01/03/2026", "0", "0"]


def test_an_unknown_figure_is_not_found_and_an_unknown_list_is_the_open_one(client, sam, alice):
    opened = desk_request(alice, filed_at=timezone.now())
    client.force_login(sam)

    assert client.get(reverse("helpdesk:desk_export", args=["inconnu"])).status_code == 404
    _response, rows = export(client, "demandes", liste="n-importe-quoi")
    assert [row[0] for row in rows[1:]] == [opened.number]


def test_a_bad_period_in_an_export_falls_back_to_the_default(client, sam):
    client.force_login(sam)

    _response, rows = export(client, "par-jour", du="2026-03-31", au="2026-03-01")

    assert len(rows) == 1 + 30


def test_a_name_that_looks_like_a_formula_is_exported_as_text(client, sam, alice):
    from tests.conftest import make_user
    from users import roles

    trickster = make_user(
        "formule@example.com", role=roles.TECHNICIAN, first_name="=HYPERLINK(1)", last_name="X"
    )
    desk_request(alice, filed_at=timezone.now(), assignee=trickster)
    client.force_login(sam)

    _response, rows = export(client, "demandes", liste="ouvertes")

    assert rows[1][4] == "'=HYPERLINK(1) X"
