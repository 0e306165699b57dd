"""The API's CSRF refusal speaks the desk's language: French by default, English when asked."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

TAKE_NEXT = "/api/requests/take-next/"
FRENCH = (
    "Requête refusée : le jeton CSRF est absent ou incorrect. Rechargez la page, puis réessayez."
)
ENGLISH = (
    "Request refused: the CSRF token is missing or incorrect. Reload the page, then try again."
)


def signed_in_browser(user) -> APIClient:
    """A browser's session, CSRF checked as in production (force_authenticate would skip it)."""
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_it_refuses_a_missing_token_in_french_on_the_french_desk(tess):
    response = signed_in_browser(tess).post(TAKE_NEXT)

    assert response.status_code == 403
    assert response.json() == {"code": "csrf_failed", "detail": FRENCH}
    assert response["Content-Language"] == "fr"


def test_it_refuses_a_wrong_token_in_french_too(tess):
    client = signed_in_browser(tess)
    client.get("/compte/profil/")  # the page sets the csrftoken cookie

    response = client.post(TAKE_NEXT, HTTP_X_CSRFTOKEN="x" * 32)

    assert response.status_code == 403
    assert response.json() == {"code": "csrf_failed", "detail": FRENCH}


def test_it_refuses_in_english_to_a_browser_that_asks_for_english(tess):
    response = signed_in_browser(tess).post(TAKE_NEXT, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")

    assert response.status_code == 403
    assert response.json() == {"code": "csrf_failed", "detail": ENGLISH}
    assert response["Content-Language"] == "en"


def test_it_lets_the_request_through_with_the_page_token(tess):
    client = signed_in_browser(tess)
    client.get("/compte/profil/")

    response = client.post(TAKE_NEXT, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)

    assert response.status_code == 204  # nothing waiting: not a refusal


def test_it_leaves_the_other_refusals_to_their_own_words_in_the_desk_language():
    french = APIClient().get("/api/requests/")
    english = APIClient().get("/api/requests/", HTTP_ACCEPT_LANGUAGE="en")

    assert french.status_code == english.status_code == 403
    assert french.json() == {
        "code": "not_authenticated",
        "detail": "Informations d'authentification non fournies.",
    }
    assert english.json() == {
        "code": "not_authenticated",
        "detail": "Authentication credentials were not provided.",
    }
