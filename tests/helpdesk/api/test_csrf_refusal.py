"""The API's CSRF refusal speaks the desk's language: French by default, English when asked."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

TAKE_NEXT = "/api/v1/requests/take-next/"
FRENCH = (
    "Jeton CSRF absent ou incorrect : rechargez la page, puis recommencez. "
    "Un programme s'authentifie plutôt avec un jeton d'accès personnel."
)
ENGLISH = (
    "CSRF token missing or incorrect: reload the page, then try again. A program "
    "should authenticate with a personal access token instead."
)


def signed_in_browser(user) -> APIClient:
    """A browser's session, CSRF checked as in production (force_authenticate would skip it)."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_it_refuses_a_missing_token_in_french_on_the_french_desk(tess):
    response = signed_in_browser(tess).post(TAKE_NEXT)

    assert response.status_code == 403
    assert response.json() == {"code": "csrf_failed", "message": FRENCH, "fields": {}}
    assert response["Content-Language"] == "fr"


def test_it_refuses_a_wrong_token_in_french_too(tess):
    client = signed_in_browser(tess)
    client.get("/compte/profil/")  # the page sets the csrftoken cookie

    response = client.post(TAKE_NEXT, HTTP_X_CSRFTOKEN="x" * 32)

    assert response.status_code == 403
    assert response.json() == {"code": "csrf_failed", "message": FRENCH, "fields": {}}


def test_it_refuses_in_english_to_a_browser_that_asks_for_english(tess):
    response = signed_in_browser(tess).post(TAKE_NEXT, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert response.status_code == 403
    assert response.json() == {"code": "csrf_failed", "message": ENGLISH, "fields": {}}
    assert response["Content-Language"] == "en"


def test_it_lets_the_request_through_with_the_page_token(tess):
    client = signed_in_browser(tess)
    client.get("/compte/profil/")

    response = client.post(TAKE_NEXT, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)

    assert response.status_code == 204  # nothing waiting: not a refusal


def test_it_leaves_the_other_refusals_to_their_own_words_in_the_desk_language():
    french = APIClient().get("/api/v1/requests/")
    english = APIClient().get("/api/v1/requests/", HTTP_ACCEPT_LANGUAGE="en")

    assert french.status_code == english.status_code == 401
    assert french.json()["code"] == english.json()["code"] == "not_authenticated"
    assert french.json()["message"].startswith("Identifiez-vous")
    assert not english.json()["message"].startswith("Identifiez-vous")
