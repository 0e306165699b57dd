"""Registration in a real browser: the errors a person sees, and the way to the mailbox."""

from __future__ import annotations

import pytest

from users.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill(page, **values: str) -> None:
    page.get_by_label("Adresse électronique").fill(values["email"])
    page.get_by_label("Mot de passe", exact=False).first.fill(values["password1"])
    page.get_by_label("Vérification du mot de passe").fill(values["password2"])
    page.get_by_label("Nom", exact=False).first.fill(values["last_name"])
    page.get_by_label("Prénom").fill(values["first_name"])
    page.get_by_label("Vous êtes").select_option(values["profile"])
    page.get_by_label("SIRET").fill(values["siret"])


def test_a_liquidator_fixes_his_siret_and_is_told_to_check_his_mailbox(page, registration):
    page.goto("/compte/inscription/")
    fill(page, **{**registration, "siret": "73282932000079"})
    page.get_by_role("button", name="Créer un compte").click()

    siret = page.get_by_label("SIRET")
    assert siret.get_attribute("aria-invalid") == "true"
    assert page.locator("#id_siret_error").inner_text() == (
        "Le SIRET doit comporter 14 chiffres et être valide."
    )
    assert page.get_by_label("Prénom").input_value() == "Nina"
    assert not User.objects.exists()

    page.get_by_label("Mot de passe", exact=False).first.fill(registration["password1"])
    page.get_by_label("Vérification du mot de passe").fill(registration["password2"])
    siret.fill("73282932000074")
    page.get_by_role("button", name="Créer un compte").click()

    assert page.locator("h1").inner_text() == "Vérifiez votre messagerie"
    assert User.objects.filter(email="nina@example.com", profile="liquidator").exists()
