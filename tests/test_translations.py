"""Every catalogue but the French source is complete, checked and up to date with the code."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.html import escape

from tests.support.catalogue import (
    REFRESH_COMMAND,
    catalogue_path,
    catalogue_strings,
    code_strings,
    describe,
    fuzzy,
    untranslated,
)

SOURCE_LANGUAGE = "fr"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def test_it_has_a_catalogue_for_every_language_but_the_source():
    assert TRANSLATED == ["en"]
    assert catalogue_path("en").is_file()


@pytest.mark.parametrize("lang", TRANSLATED)
def test_it_has_no_untranslated_entry(lang):
    missing = untranslated(polib.pofile(str(catalogue_path(lang))))

    assert not missing, f"untranslated in locale/{lang} (translate them):\n{describe(missing)}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_it_has_no_fuzzy_entry(lang):
    guessed = fuzzy(polib.pofile(str(catalogue_path(lang))))

    assert not guessed, (
        f"fuzzy in locale/{lang} (check the translation, then remove the flag):\n"
        f"{describe(guessed)}"
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_it_holds_exactly_the_strings_of_the_code(lang, tmp_path):
    in_code = code_strings(Path(settings.BASE_DIR), lang, tmp_path)
    in_catalogue = catalogue_strings(polib.pofile(str(catalogue_path(lang))))

    new = in_code - in_catalogue
    gone = in_catalogue - in_code
    assert not new, (
        f"locale/{lang} is stale: {len(new)} string(s) of the code are missing; run\n"
        f"  {REFRESH_COMMAND.format(lang=lang)}\nmissing:\n{describe(new)}"
    )
    assert not gone, (
        f"locale/{lang} holds {len(gone)} string(s) the code no longer uses; run\n"
        f"  {REFRESH_COMMAND.format(lang=lang)}\nunused:\n{describe(gone)}"
    )


# --- The checks themselves refuse what they must -----------------------------------------------
BROKEN = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Mes demandes"
msgstr "My requests"

msgid "Rouvrir la demande"
msgstr ""

#, fuzzy
msgid "Votre message"
msgstr "Check your mailbox"

msgid "%(n)s demande"
msgid_plural "%(n)s demandes"
msgstr[0] "%(n)s request"
msgstr[1] ""

msgid "%(n)s lien"
msgid_plural "%(n)s liens"
msgstr[0] "%(n)s link"

msgid "%(n)s article"
msgid_plural "%(n)s articles"
msgstr[0] "%(n)s article"
msgstr[1] "%(n)s articles"

#~ msgid "Ancienne chaîne"
#~ msgstr ""
"""


def broken_catalogue() -> polib.POFile:
    return polib.pofile(BROKEN)


def test_it_names_every_empty_entry_and_every_plural_missing_a_form():
    assert sorted(msgid for _c, msgid, _p in untranslated(broken_catalogue())) == [
        "%(n)s demande",
        "%(n)s lien",
        "Rouvrir la demande",
    ]


def test_it_names_the_fuzzy_entries_only():
    assert fuzzy(broken_catalogue()) == [("", "Votre message", "")]


def test_it_finds_a_string_the_catalogue_lacks_and_one_the_code_dropped(tmp_path):
    source = tmp_path / "src"
    (source / "templates").mkdir(parents=True)
    (source / "templates" / "page.html").write_text(
        '{% load i18n %}<p>{% translate "Mes demandes" %}</p>'
        '<p>{% translate "Une chaîne toute neuve" %}</p>'
    )
    (source / "views.py").write_text(
        "from django.utils.translation import ngettext\n"
        "def count(n):\n"
        "    return ngettext('%(n)s demande', '%(n)s demandes', n) % {'n': n}\n"
    )

    in_code = code_strings(source, "en", tmp_path / "work")
    in_catalogue = catalogue_strings(broken_catalogue())

    assert in_code - in_catalogue == {("", "Une chaîne toute neuve", "")}
    assert ("", "Rouvrir la demande", "") in in_catalogue - in_code
    assert ("", "Ancienne chaîne", "") not in in_catalogue  # obsolete entries do not count


# --- The language a browser asks for ----------------------------------------------------------
LAYOUT = Path(settings.BASE_DIR) / "templates" / "base.html"
SAME_IN_BOTH = {"Guichet"}
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def layout_strings() -> dict[str, str]:
    """The layout's French strings and their English (but « Guichet », a name in both)."""
    from django.utils import translation

    found = re.findall(r"""\{%\s*translate\s+(["'])(.+?)\1\s*%\}""", LAYOUT.read_text())
    with translation.override("en"):
        return {
            french: translation.gettext(french)
            for _quote, french in found
            if french not in SAME_IN_BOTH
        }


def shows(html: str, text: str) -> bool:
    """Whether ``text`` is on the page, as written or HTML-escaped (« S&#x27;inscrire »)."""
    return text in html or escape(text) in html


def layout_as_everyone_sees_it(client, staff, **headers) -> str:
    """The layout signed out, then signed in as each of ``staff`` (their menus differ)."""
    html = client.get("/compte/connexion/", **headers).content.decode()
    for person in staff:
        client.force_login(person)
        html += client.get("/compte/profil/", **headers).content.decode()
    client.logout()
    return html


def test_it_shows_the_whole_layout_in_english_to_a_browser_that_asks_for_it(client, tess, sam):
    strings = layout_strings()

    html = layout_as_everyone_sees_it(client, [tess, sam], **ENGLISH_BROWSER)

    assert len(strings) >= 12
    assert '<html lang="en">' in html
    assert [french for french in strings if shows(html, french)] == []
    assert [english for english in strings.values() if not shows(html, english)] == []


def test_it_stays_french_for_a_browser_that_asks_for_no_language(client, tess, sam):
    strings = layout_strings()

    html = layout_as_everyone_sees_it(client, [tess, sam])

    assert '<html lang="fr">' in html
    assert [french for french in strings if not shows(html, french)] == []
    assert [english for english in strings.values() if shows(html, english)] == []


def test_it_stays_french_for_a_language_the_desk_does_not_speak(client):
    html = client.get("/compte/connexion/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9").content.decode()

    assert '<html lang="fr">' in html
    assert shows(html, "Se connecter")
