"""Each request type renders its data for the staff page with French labels."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from lifecycle.registry import RequestType, data_text
from lifecycle.types.liquidator_access import LiquidatorAccess
from lifecycle.types.question import Question


def with_data(**data: Any) -> Any:
    """A stand-in request: data_display reads only its data."""
    return SimpleNamespace(data=data)


def test_the_liquidator_request_shows_the_address_and_company_not_the_keys():
    request = with_data(recipient_email="liam@example.com", company_name="Boulangerie Durand")

    assert LiquidatorAccess.data_display(request) == [
        ("Adresse qui recevra le lien", "liam@example.com"),
        ("Entreprise", "Boulangerie Durand"),
    ]


def test_a_question_hides_its_internal_theme_ids():
    assert Question.data_display(with_data(theme_id=3, subtheme_id=9)) == []


def test_the_default_hides_unknown_keys_and_writes_names_as_people_read_them():
    request = with_data(reason={"last_name": "Durand", "first_name": "Alice"})

    assert RequestType.data_display(request) == [("Motif", "DURAND Alice")]
    assert RequestType.data_display(with_data(internal_id=4)) == []
    assert data_text(["a", "b"]) == "a, b"
    assert data_text("") == "—"


def test_the_liquidator_may_reopen_because_the_link_no_longer_works():
    assert ("link_broken", "Le lien ne fonctionne plus ou a déjà servi") in [
        (code, str(label)) for code, label in LiquidatorAccess.reopen_reasons
    ]
