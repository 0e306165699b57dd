"""What a filing stores is in the desk's language, whatever language the requester's page was in."""

from __future__ import annotations

import pytest
from django.utils import translation

from lifecycle.services.filing import request_submit
from lifecycle.types.liquidator_access import LiquidatorAccess, LiquidatorAccessForm
from tests.accounts_bridge.conftest import SIRET, make_companies
from tests.documents.files import pdf_upload

pytestmark = pytest.mark.django_db

RECIPIENT = "etude.mandataire@example.com"


def submitted_from_a_page_in(language: str, liam) -> str:
    make_companies()
    with translation.override(language):
        form = LiquidatorAccessForm(
            {"siret": SIRET, "recipient_email": RECIPIENT}, {"minutes": pdf_upload()}, user=liam
        )
        assert form.is_valid(), form.errors
        request = request_submit(requester=liam, request_type=LiquidatorAccess, form=form)
        assert translation.get_language() == language  # the page goes on in its own language
    return request.messages.get().body


def test_it_stores_the_description_in_french_when_the_page_was_english(liam):
    description = submitted_from_a_page_in("en", liam)

    assert description == (
        f"SIRET concerné : {SIRET}\nMail du liquidateur à renseigner : {RECIPIENT}"
    )


def test_it_stores_the_same_french_from_a_french_page(liam):
    assert submitted_from_a_page_in("fr", liam) == (
        f"SIRET concerné : {SIRET}\nMail du liquidateur à renseigner : {RECIPIENT}"
    )
