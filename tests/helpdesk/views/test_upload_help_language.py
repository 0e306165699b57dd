"""The upload fields' size hint is in the page's language (it was fixed in French at import)."""

from __future__ import annotations

import pytest
from django.utils import translation

from helpdesk.forms import TransitionForm

pytestmark = pytest.mark.django_db


def page(client, user, url: str, **headers: str) -> str:
    client.force_login(user)
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_it_tells_the_requester_the_size_limit_in_english(client, alice, file_request):
    request = file_request(alice)

    html = page(client, alice, f"/espace/demandes/{request.number}/", HTTP_ACCEPT_LANGUAGE="en")

    assert "Optional. 10 MB at most per file." in html
    assert "Mo au plus par fichier" not in html


def test_it_keeps_the_requester_hint_in_french_by_default(client, alice, file_request):
    request = file_request(alice)

    html = page(client, alice, f"/espace/demandes/{request.number}/")

    assert "Facultatif. 10 Mo au plus par fichier." in html


def test_it_gives_the_technician_form_hint_in_the_active_language():
    with translation.override("en"):
        english = str(TransitionForm().fields["attachments"].help_text)
    with translation.override("fr"):
        french = str(TransitionForm().fields["attachments"].help_text)

    assert english == "10 MB at most per file."
    assert french == "10 Mo au plus par fichier."
