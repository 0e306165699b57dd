"""French first; English through Django's language switch, from the committed catalogue."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.users.test_views import labels

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"


def switch_to_english(client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_pages_are_french_by_default(client, db):
    html = client.get("/compte/inscription/").content.decode()

    assert '<html lang="fr">' in html
    assert "Créer un compte" in html


def test_the_registration_page_is_available_in_english(client, db):
    switch_to_english(client)

    html = client.get("/compte/inscription/").content.decode()

    assert '<html lang="en">' in html
    assert labels(html) == [
        "E-mail address *",
        "Password *",
        "Password confirmation *",
        "Last name *",
        "First name *",
        "You are *",
        "SIRET *",
    ]
    assert '<button type="submit">Create an account</button>' in html
    assert "Judicial liquidator" in html


def test_errors_are_in_english_too(client, db, registration):
    switch_to_english(client)
    registration["siret"] = "73282932000079"

    html = client.post("/compte/inscription/", registration).content.decode()

    assert "The SIRET must have 14 digits and be valid." in html


def test_the_login_page_is_available_in_english(client, db):
    switch_to_english(client)

    html = client.get("/compte/connexion/").content.decode()

    assert "<h1>Log in</h1>" in html
    assert "Forgot your user name or password?" in html


def test_e_mails_stay_french_whatever_the_page_language(
    client, db, registration, mailoutbox, django_capture_on_commit_callbacks
):
    switch_to_english(client)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/compte/inscription/", registration)

    assert mailoutbox[0].subject == "Confirmez votre adresse électronique"


def test_the_committed_catalogue_is_complete_and_compiled(tmp_path):
    """Every string has an English translation and the .mo matches the .po."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail("msgfmt is missing: scripts/bootstrap.sh installs gettext")
    fresh = tmp_path / "django.mo"
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", str(fresh), str(CATALOGUE / "django.po")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr
    with fresh.open("rb") as new, (CATALOGUE / "django.mo").open("rb") as committed:
        new_catalog = gettext.GNUTranslations(new)._catalog  # type: ignore[attr-defined]
        committed_catalog = gettext.GNUTranslations(committed)._catalog  # type: ignore[attr-defined]
    assert new_catalog == committed_catalog
