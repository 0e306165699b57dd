"""A liquidator request's staff page: the desk's working-time deadline and the real-time 8-hour
life of the reset link, side by side."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from helpdesk.views.sla_display import link_life
from lifecycle.services import requests as services
from tests.accounts_bridge.conftest import make_companies
from tests.helpdesk.views.test_sla_pages import text_of
from tests.lifecycle.types.test_liquidator_access import (
    execute_and_perform,
    file_liquidator_request,
)

pytestmark = pytest.mark.django_db


def test_the_staff_page_shows_the_deadline_and_the_links_8_hours_side_by_side(
    client, liam, tess, django_capture_on_commit_callbacks
):
    make_companies()
    request = services.request_take(request=file_liquidator_request(liam), actor=tess)
    request = execute_and_perform(request, tess, django_capture_on_commit_callbacks)
    client.force_login(tess)

    text = text_of(client.get(reverse("helpdesk:backoffice_detail", args=[request.number])))

    assert "Délais (SLA)" in text
    assert "Résolution Respecté" in text  # the business deadline, in working time
    assert "Lien de réinitialisation (8 h, temps réel) Valide encore 7 h 59 en temps réel" in text
    assert "nuits et week-ends compris" in text


def test_an_expired_link_says_it_no_longer_works():
    from django.utils import timezone

    now = timezone.now()
    panel = {
        "links": [
            {"expires_at": now - timedelta(minutes=1), "status": "issued", "status_label": "X"},
        ]
    }

    life = link_life(panel, now)

    assert life is not None
    assert life["words"] == "le lien ne fonctionne plus"
    assert life["tone"] == "sla-paused"
    assert life["label"] == "Expiré"
    assert link_life({"links": []}, now) is None
    assert link_life(None, now) is None
