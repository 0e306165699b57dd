"""The requester's whole journey in a real browser, every page checked with axe-core:

home -> search -> article -> "Léa" -> the request forms -> file a question -> see it in
"Mon espace" -> the desk asks for information -> reply -> the desk resolves -> reopen with a reason.

The technician's side goes through the services (his pages have their own browser test). The
question is filed with the real "question" type ("nous contacter"): Thème, Sous-thème, Objet,
Question. ``JourneyQuestion`` remains for the phone-width test, which needs no theme list.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from kb.demo import load
from lifecycle import registry
from lifecycle.forms import Filing, RequestTypeForm
from lifecycle.models import Request
from lifecycle.registry import RequestType
from lifecycle.services import requests as services
from tests.support.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THEMES = [
    ("", "Sélectionner un thème"),
    ("Se connecter sur le site", "Se connecter sur le site"),
    ("Gérer mon inscription", "Gérer mon inscription"),
]


class JourneyQuestionForm(RequestTypeForm):
    """The "nous contacter" form of seed 003: Thème, Objet, Question, Joindre des documents."""

    theme = forms.ChoiceField(label="Thème", choices=THEMES)
    subject = forms.CharField(label="Objet", max_length=200)
    question = forms.CharField(label="Question", widget=forms.Textarea)
    documents = forms.FileField(label="Joindre des documents", required=False)

    def to_filing(self) -> Filing:
        data = self.cleaned_data
        return Filing(
            description=data["question"],
            theme=data["theme"],
            subject=data["subject"],
            files=[data["documents"]] if data["documents"] else [],
        )


class JourneyQuestion(RequestType):
    key = "journey_question"
    label = "Poser une question (test)"
    form_class = JourneyQuestionForm
    reopen_reasons = [("link_expired", "Le lien a expiré"), ("other", "Autre motif")]


QUESTION_TYPE: type[RequestType] = registry.get_type("question")


@pytest.fixture(autouse=True)
def question_type() -> Iterator[None]:
    registered = JourneyQuestion.key in {t.key for t in registry.all_types()}
    if not registered:
        registry.register(JourneyQuestion)
    yield
    if not registered:
        registry.unregister(JourneyQuestion.key)


@pytest.fixture(autouse=True)
def question_themes(db) -> None:
    """The theme list the data migration seeds (a transactional test starts emptied)."""
    from lifecycle.models import Theme

    theme, _ = Theme.objects.get_or_create(name="Se connecter sur le site", parent=None)
    Theme.objects.get_or_create(name="Connexion par mot de passe", parent=theme)


@pytest.fixture(autouse=True)
def private_storage(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "location": str(tmp_path)},
        },
    }


def log_in(page: Page, live_server: Any, user: Any) -> None:
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


def fill_question_form(page: Page, *, subject: str, question: str) -> None:
    # Labels end with a required-field mark: match their start.
    page.get_by_label(re.compile(r"^Thème")).select_option(label="Se connecter sur le site")
    page.get_by_label(re.compile(r"^Sous-thème")).select_option(label="Connexion par mot de passe")
    page.get_by_label(re.compile(r"^Objet")).fill(subject)
    page.get_by_label(re.compile(r"^Votre question")).fill(question)


def give_reopen_reason(page: Page, *, reason_label: str, details: str) -> None:
    """A select of the type's reasons, or free text when the type declares none."""
    reason = page.get_by_label("Motif de la réouverture")
    if reason.evaluate("element => element.tagName") == "SELECT":
        reason.select_option(label=reason_label)
        page.get_by_label("Précisions (facultatif)").fill(details)
    else:
        reason.fill(f"{reason_label}. {details}")


def status_badge(page: Page) -> str:
    return page.locator(".request-status .status").inner_text()


def test_a_requester_files_follows_answers_and_reopens_a_question(
    page: Page, live_server, alice, tess
):
    load(stdout=io.StringIO())
    log_in(page, live_server, alice)

    # Knowledge base: home, search, an article, then the "Léa" shortcut to the forms.
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("searchbox", name="Posez votre question").fill("faire une demande")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/recherche/**")
    assert_accessible(page)
    page.get_by_role("link", name="Faire une demande et suivre la réponse dans Mon espace").click()
    expect(page.locator("h1")).to_have_text(
        "Faire une demande et suivre la réponse dans Mon espace"
    )
    assert_accessible(page)
    search = page.get_by_role("searchbox", name="Rechercher dans la base de connaissances")
    search.fill("Léa")
    search.press("Enter")
    page.wait_for_url("**/espace/demandes/nouvelle/")
    assert_accessible(page)

    # File the question.
    page.get_by_role("link", name=str(QUESTION_TYPE.label)).click()
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer").click()  # empty: errors announced, nothing filed
    expect(page.locator(".error-summary")).to_be_visible()
    assert not Request.objects.exists()
    assert_accessible(page)
    fill_question_form(page, subject="Accès au compte", question="Je ne reçois pas le lien.")
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_url("**/espace/demandes/DEM-*/")
    request = Request.objects.get(requester=alice)
    assert request.type_key == QUESTION_TYPE.key
    assert status_badge(page) == "Non résolu"
    assert_accessible(page)

    # See it in "Mon espace".
    page.get_by_role("navigation", name="Votre compte").get_by_role(
        "link", name="Mon espace"
    ).click()
    row = page.get_by_role("row").filter(has_text=request.number)
    expect(row).to_contain_text("Accès au compte")
    expect(row).to_contain_text("Non résolu")
    assert_accessible(page)
    page.get_by_label("Statut", exact=True).select_option(label="En attente")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("Aucune demande avec ce statut.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Statut", exact=True).select_option(label="Tous les statuts")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name=request.number).click()

    # The desk asks for information; the requester answers in the page.
    request = services.request_take(request=request, actor=tess)
    request = services.request_ask_info(
        request=request, actor=tess, message="Quel est le SIRET de l'établissement ?"
    )
    page.reload()
    assert status_badge(page) == "En attente"
    expect(page.locator(".thread")).to_contain_text("Quel est le SIRET de l'établissement ?")
    assert_accessible(page)
    page.get_by_role("button", name="Envoyer ma réponse").click()  # empty: refused in place
    expect(page.get_by_role("alert")).to_contain_text("Écrivez votre réponse au guichet.")
    assert_accessible(page)
    page.get_by_label("Votre réponse").fill("Le SIRET est 732 829 320 00074.")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.locator(".messages")).to_contain_text("Votre réponse a été transmise au guichet.")
    assert status_badge(page) == "Mis à jour"
    assert Request.objects.get(pk=request.pk).state == "updated"
    assert_accessible(page)

    # The desk resolves; the requester reopens with a reason.
    request = Request.objects.get(pk=request.pk)
    request = services.request_take(request=request, actor=tess)
    services.request_resolve(
        request=request, actor=tess, outcome="done", message="Le lien vous a été renvoyé."
    )
    page.reload()
    assert status_badge(page) == "Résolu"
    assert_accessible(page)
    give_reopen_reason(page, reason_label="Le lien a expiré", details="Je l'ai ouvert trop tard.")
    page.get_by_role("button", name="Rouvrir la demande").click()
    expect(page.locator(".messages")).to_contain_text("Votre demande est rouverte")
    assert status_badge(page) == "Mis à jour"
    expect(page.locator(".history")).to_contain_text("Vous avez rouvert la demande")
    assert_accessible(page)
    reopened = Request.objects.get(pk=request.pk)
    assert (reopened.state, reopened.reopened_count) == ("updated", 1)
    assert "Le lien a expiré" in reopened.messages.latest("created_at", "id").body

    # And the profile page, reached from the header.
    page.get_by_role("link", name="Mon profil").first.click()
    expect(page.locator("h1")).to_have_text("Mon profil")
    assert_accessible(page)


def test_the_portal_is_usable_on_a_phone(chromium, live_server, alice, file_request_for_phone):
    context = chromium.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 360, "height": 740}
    )
    try:
        page = context.new_page()
        log_in(page, live_server, alice)
        page.goto("/espace/")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360  # the table scrolls inside its own region, not the page
        assert_accessible(page)
        page.get_by_role("link", name=file_request_for_phone.number).click()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        assert_accessible(page)
    finally:
        context.close()


@pytest.fixture
def file_request_for_phone(alice) -> Request:
    return services.request_file(
        requester=alice,
        type_key=JourneyQuestion.key,
        description="Une question posée depuis un téléphone.",
        siret="73282932000074",
        subject="Depuis mon téléphone",
    )
