"""The liquidator's journey in a real browser: from the e-mail file to the administrator's menu."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts_bridge.adapters.inprocess import InProcessCore
from core_contract import PersonName
from tests.accounts_bridge.conftest import SECOND_SIRET, SIRET, make_companies

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_liquidator_goes_from_the_email_to_the_administrators_menu(
    page, chromium, live_server, settings, tmp_path
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

    assert "Vous n'êtes plus sur le guichet" in page.locator("header").inner_text()
    assert page.locator("link[href$='sandbox_core/sandbox.css']").count() == 1
    assert page.locator("link[href$='css/guichet.css']").count() == 0
    page.get_by_label("SIRET").fill(SIRET)
    page.locator("#id_last_name").fill("Lefèvre")
    page.locator("#id_first_name").fill("Jean")
    page.get_by_role("button", name="Valider").click()
    assert "ne permet pas d'accéder à ce compte" in page.locator("[role=alert]").inner_text()

    # The link names Jean-François Lefèvre on this SIRET: neither the other administrator of
    # the company nor another establishment's SIRET opens it.
    for siret, last_name, first_name in [
        (SIRET, "Durand", "Alice"),
        (SECOND_SIRET, "Lefèvre", "Jean-François"),
    ]:
        page.get_by_label("SIRET").fill(siret)
        page.locator("#id_last_name").fill(last_name)
        page.locator("#id_first_name").fill(first_name)
        page.get_by_role("button", name="Valider").click()
        assert "ne permet pas d'accéder à ce compte" in page.locator("[role=alert]").inner_text()

    page.get_by_label("SIRET").fill(SIRET)
    page.locator("#id_last_name").fill("LEFEVRE")
    page.locator("#id_first_name").fill("jean–françois")  # an en dash
    page.get_by_role("button", name="Valider").click()
    assert page.locator("h1").inner_text() == "Créez votre mot de passe"

    # The tab is closed between the triplet and the password: the link is not spent.
    page.context.close()
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(url)
    page.get_by_label("SIRET").fill(SIRET)
    page.locator("#id_last_name").fill("Lefèvre")
    page.locator("#id_first_name").fill("Jean-François")
    page.get_by_role("button", name="Valider").click()
    assert page.locator("h1").inner_text() == "Créez votre mot de passe"

    rules = page.locator("#regles li[data-rule]")
    # The gauge's script is a deferred static file (CSP): wait for it rather than race it.
    page.locator("#id_password").fill("abc")
    expect(page.locator("#qualite-valeur")).to_have_text("Faible")
    # Long, with a special character, but no capital: a mandatory rule fails, so "Faible".
    page.locator("#id_password").fill("liquidation2024!")
    expect(page.locator("#qualite-valeur")).to_have_text("Faible")
    expect(page.locator('#regles li[data-rule="case"]')).to_have_class("ko")
    page.locator("#id_password").fill("Liquid4tion2!")
    expect(page.locator("#qualite-valeur")).to_have_text("Bon")
    assert [rules.nth(i).get_attribute("class") for i in range(rules.count())] == ["ok"] * 5
    page.screenshot(path=str(tmp_path / "password.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
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
