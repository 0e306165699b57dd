"""The liquidator's journey in a real browser: from the e-mail file to the administrator's menu."""

from __future__ import annotations

import re

import pytest

from accounts_bridge.adapters.inprocess import InProcessCore
from core_contract import PersonName
from tests.accounts_bridge.conftest import SIRET, make_companies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_liquidator_goes_from_the_email_to_the_administrators_menu(
    page, live_server, settings, tmp_path
):
    settings.SANDBOX_RESET_BASE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    make_companies()
    InProcessCore().issue_reset_link(
        siret=SIRET,
        administrator=PersonName("Lefèvre", "Jean-François"),
        recipient_email="liam@example.com",
        request_ref="REQ-1",
        idempotency_key="browser-1",
    )
    [email_file] = list(tmp_path.iterdir())
    email = email_file.read_text()
    assert "Subject: =?utf-8?q?Vos_coordonn" in email or "Vos coordonnées" in email
    found = re.search(r"(http://\S+/sandbox/reinitialisation/\S+/)", email)
    assert found, email
    url = found.group(1)

    page.goto(url)
    assert "reinitialisation/" in page.url
    assert page.url.endswith("/sandbox/reinitialisation/")  # the token left the address bar
    assert page.locator("h1").inner_text() == "Saisie du triplet de connexion"

    page.get_by_label("SIRET").fill(SIRET)
    page.locator("#id_last_name").fill("Lefèvre")
    page.locator("#id_first_name").fill("Jean")
    page.get_by_role("button", name="Valider").click()
    assert "ne permet pas d'accéder à ce compte" in page.locator("[role=alert]").inner_text()

    page.locator("#id_last_name").fill("LEFEVRE")
    page.locator("#id_first_name").fill("jean-françois")
    page.get_by_role("button", name="Valider").click()
    assert page.locator("h1").inner_text() == "Créez votre mot de passe"

    page.locator("#id_password").fill("abc")
    assert page.locator("#qualite-valeur").inner_text() == "Faible"
    page.locator("#id_password").fill("Liquid4tion2!")
    assert page.locator("#qualite-valeur").inner_text() == "Bon"
    page.locator("#id_confirmation").fill("Liquid4tion2!")
    page.get_by_role("button", name="Valider").click()

    assert page.locator("h1").inner_text() == "Connexion à votre compte"
    assert "Votre mot de passe a été créé" in page.locator(".messages").inner_text()
    page.get_by_label("SIRET").fill(SIRET)
    page.locator("#id_last_name").fill("Lefèvre")
    page.locator("#id_first_name").fill("Jean-François")
    page.locator("#id_password").fill("Liquid4tion2!")
    page.get_by_role("button", name="Se connecter", exact=True).click()

    assert page.locator("h1").inner_text() == "Vos déclarations"
    assert "Boulangerie Durand" in page.locator("main").inner_text()
    assert SIRET in page.locator("main").inner_text()
