"""The question form in a real browser: the subthemes follow the chosen theme, with and
without JavaScript."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.test import Client

from lifecycle.models import Request, Theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def seeded_themes() -> None:
    importlib.import_module("lifecycle.migrations.0003_seed_themes").seed(apps, None)


def sign_in(context, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    host = live_server.url.split("//", 1)[1].split(":", 1)[0]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "domain": host, "path": "/"}])


def visible_subthemes(page) -> list[str]:
    return page.locator("#id_subtheme option").all_inner_texts()


def test_choosing_a_theme_shows_only_its_subthemes(page, live_server, alice):
    sign_in(page.context, live_server, alice)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/espace/demandes/nouvelle/question/")

    assert page.locator("#id_theme option").first.inner_text() == "Sélectionner un thème"
    assert visible_subthemes(page) == ["Sélectionner un sous-thème"]
    page.select_option("#id_theme", label="Se connecter sur le site")

    offered = visible_subthemes(page)
    expected = Theme.objects.get(name="Se connecter sur le site", parent=None).subthemes
    assert offered[1:] == [s.name for s in expected.filter(is_active=True)]
    page.select_option("#id_subtheme", label="Connexion par mot de passe")
    page.select_option("#id_theme", label="Déclarer et payer")
    assert "Connexion par mot de passe" not in visible_subthemes(page)
    assert page.locator("#id_subtheme").input_value() == ""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path="/tmp/filing/question_form.png", full_page=True)


def test_without_javascript_the_server_narrows_and_checks(chromium, live_server, alice):
    context = chromium.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    try:
        sign_in(context, live_server, alice)
        page = context.new_page()
        page.goto("/espace/demandes/nouvelle/question/")
        page.select_option("#id_theme", label="Se connecter sur le site")
        page.select_option("#id_subtheme", label="Paiements")  # another theme's
        page.fill("#id_subject", "Mot de passe")
        page.fill("#id_question", "Mon mot de passe est refusé.")
        page.get_by_role("button", name="Envoyer").click()

        assert "Ce sous-thème n'appartient pas au thème choisi." in page.inner_text("main")
        assert not Request.objects.exists()
        offered = visible_subthemes(page)
        assert "Connexion par mot de passe" in offered
        assert "Paiements" not in offered
        page.select_option("#id_subtheme", label="Connexion par mot de passe")
        page.get_by_role("button", name="Envoyer").click()
        assert Request.objects.get().subtheme == "Connexion par mot de passe"
        page.screenshot(path="/tmp/filing/question_nojs.png", full_page=True)
    finally:
        context.close()
