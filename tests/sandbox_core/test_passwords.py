import pytest

from sandbox_core.passwords import password_problems


@pytest.mark.parametrize(
    "password",
    ["Liquid4tion2", "abcDEF12", "Élodie!2024", "Mot-de-passe#12", "aaaaaaaaaaaaaaaaaA12"],
)
def test_it_accepts_a_password_following_the_rules(password):
    assert password_problems(password) == []


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Abcde12", "Le mot de passe doit contenir au moins 6 lettres."),
        ("Abcdefg1", "Le mot de passe doit contenir au moins 2 chiffres."),
        ("Abcdefghijklmnopqrs12", "Le mot de passe ne doit pas excéder 20 caractères."),
        ("abcdefg12", "Le mot de passe doit contenir des majuscules et des minuscules."),
        ("ABCDEFG12", "Le mot de passe doit contenir des majuscules et des minuscules."),
    ],
)
def test_it_names_the_rule_a_password_breaks(password, problem):
    assert password_problems(password) == [problem]


@pytest.mark.parametrize("char", ['"', "'", "\\", " ", "€", "й"])
def test_it_refuses_characters_outside_the_allowed_list(char):
    problems = password_problems(f"Abcdef12{char}")

    assert len(problems) == 1
    assert problems[0].startswith("Caractères non autorisés")
