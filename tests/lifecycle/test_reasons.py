"""The « Non conforme » reasons come from the admin's list; the type's defaults fill in."""

from __future__ import annotations

import pytest

from lifecycle import registry
from lifecycle.models import NonComplianceReason
from lifecycle.reasons import EditableReasons

pytestmark = pytest.mark.django_db


def test_the_liquidators_reasons_are_seeded_and_edited_in_the_list():
    reasons = registry.get_type("liquidator_access").resolve_reasons
    assert dict(reasons)["minutes_illegible"] == "Minutes du greffe illisibles"

    NonComplianceReason.objects.filter(code="minutes_illegible").update(is_active=False)
    NonComplianceReason.objects.create(
        type_key="liquidator_access", code="judgment_undated", label="Le jugement n'est pas daté"
    )

    codes = [code for code, _label in reasons]
    assert "minutes_illegible" not in codes
    assert "judgment_undated" in codes


def test_an_empty_list_falls_back_to_the_types_defaults():
    reasons = EditableReasons("test_plain", defaults=[("x", "Motif par défaut")])

    assert list(reasons) == [("x", "Motif par défaut")]
    assert len(reasons) == 1
    assert reasons[0] == ("x", "Motif par défaut")
    assert bool(EditableReasons("test_plain", defaults=[])) is False


def test_a_reason_from_the_admin_leads_the_requesters_message(client, tess, liam):
    from helpdesk.forms import TransitionForm

    NonComplianceReason.objects.create(
        type_key="liquidator_access", code="judgment_undated", label="Le jugement n'est pas daté"
    )
    form = TransitionForm(
        {
            "version": 2,
            "outcome": "non_compliant",
            "reason": "judgment_undated",
            "message": "Merci d'envoyer le jugement daté.",
        },
        request_type=registry.get_type("liquidator_access"),
        transition="resolve",
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["message"] == (
        "Motif : Le jugement n'est pas daté\n\nMerci d'envoyer le jugement daté."
    )
    refused = TransitionForm(
        {"version": 2, "outcome": "non_compliant", "reason": "made_up", "message": "x"},
        request_type=registry.get_type("liquidator_access"),
        transition="resolve",
    )
    assert not refused.is_valid()
