"""Password rules of the core (seeds 000/001)."""

from __future__ import annotations

import unicodedata

MIN_LETTERS = 6
MIN_DIGITS = 2
MAX_LENGTH = 20
ALLOWED_SPECIALS = "!#$%&()*+,-./:;<=>?@[]^_{|}~"


def _is_latin_letter(char: str) -> bool:
    return char.isalpha() and unicodedata.name(char, "").startswith("LATIN")


def password_problems(password: str) -> list[str]:
    """The rules the password breaks, in French; empty when it is acceptable."""
    problems = []
    letters = sum(1 for c in password if _is_latin_letter(c))
    digits = sum(1 for c in password if c in "0123456789")
    if letters < MIN_LETTERS:
        problems.append("Le mot de passe doit contenir au moins 6 lettres.")
    if digits < MIN_DIGITS:
        problems.append("Le mot de passe doit contenir au moins 2 chiffres.")
    if len(password) > MAX_LENGTH:
        problems.append("Le mot de passe ne doit pas excéder 20 caractères.")
    if not (any(c.isupper() for c in password) and any(c.islower() for c in password)):
        problems.append("Le mot de passe doit contenir des majuscules et des minuscules.")
    refused = sorted(
        {
            c
            for c in password
            if not (_is_latin_letter(c) or c in "0123456789" or c in ALLOWED_SPECIALS)
        }
    )
    if refused:
        shown = " ".join("espace" if c.isspace() else c for c in refused)
        problems.append(
            f"Caractères non autorisés : {shown}. Caractères spéciaux autorisés : "
            f"{ALLOWED_SPECIALS}"
        )
    return problems
