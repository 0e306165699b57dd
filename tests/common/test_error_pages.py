"""With DEBUG off, a wrong URL and a server error show French pages in the site's layout."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_wrong_url_shows_the_french_404_page_in_the_sites_layout(settings, alice):
    settings.DEBUG = False
    client = Client()
    client.force_login(alice)

    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "<h1>Page introuvable</h1>" in page
    assert 'class="site-header"' in page
    assert "Mon espace" in page  # the signed-in header
    assert "Not Found" not in page
    assert "Content-Security-Policy" in response


def test_a_wrong_api_url_is_a_404_too(settings):
    settings.DEBUG = False

    assert Client().get("/api/nulle-part/").status_code == 404


def test_a_server_error_shows_the_french_500_page(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.common.failing_urls"

    response = Client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Une erreur est survenue</h1>" in page
    assert 'class="site-header"' in page
    assert "Server Error" not in page


def test_a_server_error_whose_page_cannot_be_drawn_still_answers_in_french(settings, monkeypatch):
    from django.views import defaults

    def broken_page(request):
        raise ValueError("Missing staticfiles manifest entry for 'css/guichet.css'")

    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.common.failing_urls"
    monkeypatch.setattr(defaults, "server_error", broken_page)

    response = Client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    assert response.content.decode() == (
        "Une erreur est survenue : le guichet n'a pas pu afficher cette page."
    )
