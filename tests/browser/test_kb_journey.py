"""The knowledge-base journey in a real browser: home -> search -> article -> "Léa" -> forms."""

import io

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from kb.demo import load
from kb.models import ArticleFeedback, SearchLog
from tests.support.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_a_requester_searches_reads_rates_then_opens_the_request_forms(page, live_server, alice):
    load(stdout=io.StringIO())
    log_in(page, live_server, alice)

    page.goto("/")
    assert_accessible(page)
    page.get_by_role("searchbox", name="Posez votre question").fill("resilier une entreprise")
    page.get_by_role("button", name="Rechercher").click()

    page.wait_for_url("**/recherche/**")
    assert page.get_by_role("heading", name="résultats pour « resilier une entreprise »").count()
    assert page.locator(".excerpt mark").count() > 0
    assert_accessible(page)

    page.get_by_role("link", name="Résilier l'inscription d'une entreprise").click()
    assert page.locator("h1").inner_text() == "Résilier l'inscription d'une entreprise"
    assert_accessible(page)

    page.get_by_label("Oui").check()
    page.get_by_role("button", name="Envoyer mon avis").click()
    expect(page.locator("#avis-contenu").get_by_text("Merci pour votre avis.")).to_be_visible()
    assert not page.url.endswith("#avis")  # htmx swapped the fragment: no reload, no redirect
    assert ArticleFeedback.objects.get().helpful is True

    page.get_by_role("searchbox", name="Rechercher dans la base de connaissances").fill("Léa")
    page.get_by_role("searchbox", name="Rechercher dans la base de connaissances").press("Enter")

    page.wait_for_url("**/espace/demandes/nouvelle/")
    assert page.locator("h1").inner_text() == "Mon espace personnel / Contact"
    assert_accessible(page)
    assert list(SearchLog.objects.order_by("created_at").values_list("query", "user")) == [
        ("resilier une entreprise", alice.pk),
        ("Léa", alice.pk),
    ]


def test_a_search_without_result_offers_the_forms_and_passes_axe(page):
    load(stdout=io.StringIO())

    page.goto("/recherche/?q=kangourou")

    assert page.get_by_role("heading", name="Aucun résultat").is_visible()
    assert page.get_by_role("link", name="sur ce lien").get_attribute("href") == (
        "/espace/demandes/nouvelle/"
    )
    assert_accessible(page)


def test_hostile_input_in_the_search_box_is_shown_as_text(page):
    page.goto("/recherche/?q=%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E")

    assert page.evaluate("() => window.pwned") is None
    assert page.get_by_role("searchbox").first.input_value() == "<script>window.pwned=1</script>"


def test_feedback_works_without_javascript(chromium, live_server):
    load(stdout=io.StringIO())
    context = chromium.new_context(
        base_url=live_server.url, locale="fr-FR", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/articles/jai-oublie-mon-mot-de-passe/")
        page.get_by_label("Non").check()
        page.get_by_label("Un commentaire ? (facultatif)").fill("Et sans adresse valable ?")
        page.get_by_role("button", name="Envoyer mon avis").click()

        expect(page.get_by_text("Merci pour votre avis.").first).to_be_visible()
        assert page.url.endswith("/articles/jai-oublie-mon-mot-de-passe/#avis")
        assert ArticleFeedback.objects.get().comment == "Et sans adresse valable ?"
    finally:
        context.close()
