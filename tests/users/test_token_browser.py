"""A requester makes an API token on his profile page, copies it, then revokes it."""

from __future__ import annotations

import os

import pytest

from tests.conftest import PASSWORD
from users.api_tokens import api_token_authenticate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_requester_creates_a_token_sees_it_once_and_revokes_it(page, alice):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(alice.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/compte/profil/")

    page.get_by_label("Nom du jeton").fill("Logiciel du cabinet")
    page.get_by_role("button", name="Créer le jeton").click()

    raw = page.locator("#nouveau-jeton").inner_text()
    assert api_token_authenticate(raw=raw) == alice
    if os.environ.get("GUICHET_SCREENSHOTS"):
        page.screenshot(
            path=f"{os.environ['GUICHET_SCREENSHOTS']}/profile-token.png", full_page=True
        )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("button", name="Révoquer le jeton Logiciel du cabinet").click()

    assert "Le jeton a été révoqué" in page.locator(".messages").inner_text()
    assert "Vous n’avez aucun jeton actif." in page.content()
    assert api_token_authenticate(raw=raw) is None
