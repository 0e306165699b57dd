"""Canned answers: which are offered for a request, and their placeholders filled safely."""

from __future__ import annotations

import pytest

from lifecycle.canned import canned_answers_for, canned_render
from lifecycle.models import CannedAnswer

pytestmark = pytest.mark.django_db


def test_it_fills_the_known_placeholders_and_leaves_anything_else_as_written():
    values = {"demandeur": "Alice Durand", "numero": "DEM-2026-000001"}

    text = canned_render(
        body="Bonjour {demandeur}, votre demande {numero} {inconnu} {numero.__class__} {0}.",
        values=values,
    )

    assert text == (
        "Bonjour Alice Durand, votre demande DEM-2026-000001 {inconnu} {numero.__class__} {0}."
    )


def test_it_offers_the_active_answers_of_the_type_and_of_every_type(alice, tess, file_request):
    request = file_request(alice, data={"company_name": "Boulangerie Martin"})
    CannedAnswer.objects.create(
        title="Pour tous", body="{entreprise} / {siret} / {technicien}", position=1
    )
    CannedAnswer.objects.create(
        title="Traitée", type_key="test_plain", outcome="done", body="Bonjour {demandeur}"
    )
    CannedAnswer.objects.create(title="Autre type", type_key="test_core", body="x")
    CannedAnswer.objects.create(title="Retirée", body="x", is_active=False)

    offered = canned_answers_for(request=request, technician=tess)

    assert [(a.title, a.outcome_label) for a in offered] == [
        ("Traitée", "Traitée"),
        ("Pour tous", ""),
    ]
    assert offered[0].text == "Bonjour Alice Durand"
    assert offered[1].text == "Boulangerie Martin / 73282932000074 / Tess Technicienne"
