from __future__ import annotations

import pytest

from users.forms import LoginForm, RegistrationForm


def test_the_registration_form_has_the_knowledge_base_fields_in_order(db):
    form = RegistrationForm()

    assert [(name, str(field.label)) for name, field in form.fields.items()] == [
        ("email", "Adresse électronique"),
        ("password1", "Mot de passe"),
        ("password2", "Vérification du mot de passe"),
        ("last_name", "Nom"),
        ("first_name", "Prénom"),
        ("profile", "Vous êtes"),
        ("siret", "SIRET"),
    ]
    assert all(field.required for field in form.fields.values())


def test_vous_etes_offers_the_four_situations(db):
    options = RegistrationForm()["profile"]
    choices = [str(option.choice_label) for option in options if option.data["value"]]

    assert choices == [
        "Employeur / administrateur",
        "Liquidateur judiciaire",
        "Tiers déclarant / expert-comptable",
        "Autre",
    ]


def test_a_complete_registration_is_valid_and_cleaned(db, registration):
    registration["email"] = " Nina@Example.COM "
    registration["siret"] = "732 829 320 00074"
    form = RegistrationForm(registration)

    assert form.is_valid(), form.errors
    assert form.service_arguments() == {
        "email": "nina@example.com",
        "password": "Un-mot-de-passe-solide-42",
        "last_name": "Lemaire",
        "first_name": "Nina",
        "profile": "liquidator",
        "siret": "73282932000074",
    }


@pytest.mark.parametrize("siret", ["73282932000074", "35600000000048", "35600000009075"])
def test_it_accepts_published_valid_sirets(db, registration, siret):
    registration["siret"] = siret

    assert RegistrationForm(registration).is_valid()


@pytest.mark.parametrize(
    "siret", ["73282932000079", "35600000000014", "10000000000008", "00000000000000", "ABC"]
)
def test_it_refuses_published_invalid_sirets_next_to_the_field(db, registration, siret):
    registration["siret"] = siret
    form = RegistrationForm(registration)

    assert not form.is_valid()
    assert form.errors == {"siret": ["Le SIRET doit comporter 14 chiffres et être valide."]}


def test_mismatched_passwords_are_reported_on_the_confirmation(db, registration):
    registration["password2"] = "Un-autre-mot-de-passe-43"
    form = RegistrationForm(registration)

    assert not form.is_valid()
    assert form.errors == {"password2": ["Les deux mots de passe ne correspondent pas."]}


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Court-1", "Ce mot de passe est trop court. Il doit contenir au minimum 10 caractères."),
        ("password123", "Ce mot de passe est trop courant."),
        ("8462957310", "Ce mot de passe est entièrement numérique."),
        (
            "nina@example.com",
            "Le mot de passe est trop semblable au champ «\xa0adresse électronique\xa0».",
        ),
    ],
)
def test_a_password_the_validators_refuse_is_reported_in_french_on_the_password(
    db, registration, password, message
):
    registration["password1"] = registration["password2"] = password
    form = RegistrationForm(registration)

    assert not form.is_valid()
    assert set(form.errors) == {"password1"}
    assert message in form.errors["password1"]


def test_a_weak_and_mismatched_password_reports_both_problems(db, registration):
    registration["password1"], registration["password2"] = "court", "autre"
    form = RegistrationForm(registration)

    assert not form.is_valid()
    assert form.errors["password2"] == ["Les deux mots de passe ne correspondent pas."]
    assert "Ce mot de passe est trop court" in form.errors["password1"][0]


def test_every_missing_field_says_it_is_required(db):
    form = RegistrationForm({})

    assert not form.is_valid()
    assert form.errors == {
        name: ["Ce champ est obligatoire."]
        for name in ("email", "password1", "password2", "last_name", "first_name", "profile")
    } | {"siret": ["Ce champ est obligatoire."]}


def test_a_malformed_address_is_refused(db, registration):
    registration["email"] = "nina-at-example"
    form = RegistrationForm(registration)

    assert not form.is_valid()
    assert form.errors == {"email": ["Saisissez une adresse e-mail valide."]}


def test_the_form_never_says_an_address_is_taken(alice, registration):
    registration["email"] = "alice@example.com"

    assert RegistrationForm(registration).is_valid()


def test_the_login_form_labels_are_the_knowledge_base_ones(db):
    form = LoginForm()

    assert str(form.fields["username"].label) == "Adresse électronique"
    assert str(form.fields["password"].label) == "Mot de passe"
