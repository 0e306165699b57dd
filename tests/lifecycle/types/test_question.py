"""The question ("nous contacter"): two-level themes from the database, subject, question."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from lifecycle.models import Request, Theme
from lifecycle.types.question import Question, QuestionForm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seeded_themes() -> None:
    """The themes of the data migration (a transactional test elsewhere may have flushed them)."""
    migration = importlib.import_module("lifecycle.migrations.0003_seed_themes")
    migration.seed(apps, None)


def themes() -> tuple[Theme, Theme]:
    theme = Theme.objects.get(name="Se connecter sur le site", parent=None)
    return theme, theme.subthemes.get(name="Connexion par mot de passe")


def fields(**changes: Any) -> dict[str, Any]:
    theme, subtheme = themes()
    return {
        "theme": theme.pk,
        "subtheme": subtheme.pk,
        "subject": "Mot de passe refusé",
        "question": "Mon mot de passe est refusé depuis hier.",
        "siret": "",
        **changes,
    }


def test_the_migration_seeds_two_levels_of_themes_once():
    migration = importlib.import_module("lifecycle.migrations.0003_seed_themes")
    count = Theme.objects.count()

    migration.seed(apps, None)

    theme, subtheme = themes()
    assert subtheme.parent == theme
    assert Theme.objects.filter(parent=None).count() >= 4
    assert Theme.objects.count() == count


def test_it_files_the_theme_and_subtheme_names(alice):
    valid = QuestionForm(fields(), user=alice)

    assert valid.is_valid(), valid.errors
    filing = valid.to_filing()
    assert (filing.theme, filing.subtheme, filing.subject) == (
        "Se connecter sur le site",
        "Connexion par mot de passe",
        "Mot de passe refusé",
    )


def test_it_refuses_a_subtheme_of_another_theme(alice):
    other = Theme.objects.get(name="Déclarer et payer", parent=None)

    refused = QuestionForm(fields(theme=other.pk), user=alice)

    assert refused.errors["subtheme"] == ["Ce sous-thème n'appartient pas au thème choisi."]


def test_it_offers_only_active_themes_grouped_by_theme(alice):
    _theme, subtheme = themes()
    subtheme.is_active = False
    subtheme.save()

    rendered = str(QuestionForm(user=alice)["subtheme"])

    assert '<optgroup label="Se connecter sur le site">' in rendered
    assert "Connexion par mot de passe" not in rendered
    assert QuestionForm(fields(), user=alice).errors["subtheme"]


def test_the_lists_start_with_the_seeds_prompt_not_dashes(alice):
    form = QuestionForm(user=alice)

    theme, subtheme = str(form["theme"]), str(form["subtheme"])
    assert '<option value="" selected>Sélectionner un thème</option>' in theme
    assert '<option value="" selected>Sélectionner un sous-thème</option>' in subtheme
    assert "---------" not in theme + subtheme


def test_each_subtheme_names_its_theme_for_the_script(alice):
    theme, subtheme = themes()

    rendered = str(QuestionForm(user=alice)["subtheme"])

    assert f'<option value="{subtheme.pk}" data-theme="{theme.pk}">' in rendered


def test_a_form_sent_back_with_a_theme_offers_only_that_themes_subthemes(alice):
    theme, _subtheme = themes()
    other = Theme.objects.get(name="Déclarer et payer", parent=None)

    sent_back = QuestionForm(fields(subtheme="", subject=""), user=alice)
    rendered = str(sent_back["subtheme"])

    assert f'<optgroup label="{theme.name}">' in rendered
    assert f'<optgroup label="{other.name}">' not in rendered
    assert other.subthemes.get(name="Paiements").name not in rendered
    assert "Connexion par mot de passe" in rendered


def test_the_page_loads_the_narrowing_script_as_a_file_not_inline(client, alice):
    client.force_login(alice)

    page = client.get(reverse("helpdesk:request_form", args=["question"])).content.decode()

    assert '<script src="/static/js/question_form.js" defer></script>' in page
    assert "<script>" not in page


def test_a_subtheme_cannot_have_subthemes():
    _theme, subtheme = themes()

    with pytest.raises(ValidationError):
        Theme(name="Trop profond", parent=subtheme).full_clean()


def test_it_refuses_an_invalid_optional_siret(alice):
    assert QuestionForm(fields(siret="123"), user=alice).errors["siret"] == [
        "Le SIRET doit comporter 14 chiffres et être valide."
    ]


def test_the_page_files_the_question_and_keeps_values_on_errors(client, alice):
    client.force_login(alice)
    url = reverse("helpdesk:request_form", args=["question"])

    refused = client.post(url, fields(subject="Objet gardé", question=""))
    assert refused.status_code == 400
    assert 'value="Objet gardé"' in refused.content.decode()
    assert not Request.objects.exists()

    assert client.post(url, fields()).status_code == 302
    assert Request.objects.get().subtheme == "Connexion par mot de passe"


def test_every_requester_may_ask_a_question_but_not_staff(alice, liam, tess):
    assert Question.is_available_to(alice)
    assert Question.is_available_to(liam)
    assert not Question.is_available_to(tess)
    assert Question.core_action == ""
