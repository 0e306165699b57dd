"""Reading the gettext catalogues (``locale/<lang>/LC_MESSAGES/django.po``) for the tests.

French is the source language: its strings are the msgids, so only the other languages have a
catalogue to check. ``polib`` reads the .po files; ``makemessages`` (run into a temporary
directory) says which strings the code holds today.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

LOCALE = Path(settings.BASE_DIR) / "locale"
# What makemessages must not read: the environment, the data, the tests (their strings are not
# the product's) and the catalogues themselves (found there, makemessages would write into them).
MAKEMESSAGES_IGNORE = [".venv", "var", "node_modules", "tests", "locale"]
REFRESH_COMMAND = (
    "manage.py makemessages -l {lang} --no-obsolete --no-location "
    + " ".join(f"--ignore={pattern}" for pattern in MAKEMESSAGES_IGNORE)
    + " && manage.py compilemessages --ignore=.venv --ignore=node_modules"
    + " (then translate the new entries, see locale/README.md)"
)

Key = tuple[str, str, str]  # (msgctxt, msgid, msgid_plural)


def catalogue_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def describe(keys: Iterable[Key]) -> str:
    return "\n".join(
        f"  msgid {msgid!r}" + (f" (plural {plural!r})" if plural else "")
        for _ctxt, msgid, plural in sorted(keys)
    )


def plural_count(catalogue: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


def untranslated(catalogue: polib.POFile) -> list[Key]:
    """Entries with no translation, or a plural missing one of its forms."""
    forms = plural_count(catalogue)
    missing = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            given = [entry.msgstr_plural.get(n, "") for n in range(forms)]
            if not all(given):
                missing.append(key(entry))
        elif not entry.msgstr:
            missing.append(key(entry))
    return missing


def fuzzy(catalogue: polib.POFile) -> list[Key]:
    return [key(entry) for entry in catalogue if not entry.obsolete and "fuzzy" in entry.flags]


def code_strings(source: Path, lang: str, work: Path) -> set[Key]:
    """The strings ``makemessages`` finds in ``source`` today, extracted into ``work``.

    makemessages writes into any ``locale`` directory of the folder it runs in, so it runs in a
    folder of links to ``source``'s contents (its ``locale`` left out), with ``LOCALE_PATHS``
    pointing into ``work``: the committed catalogue is never touched.
    """
    tree = work / "tree"
    tree.mkdir(parents=True)
    for item in source.iterdir():
        if item.name not in MAKEMESSAGES_IGNORE and not item.name.startswith("."):
            (tree / item.name).symlink_to(item)
    out = work / "locale"
    (out / lang / "LC_MESSAGES").mkdir(parents=True)
    previous = Path.cwd()
    os.chdir(tree)
    try:
        with override_settings(LOCALE_PATHS=[str(out)]):
            call_command(
                "makemessages",
                locale=[lang],
                ignore_patterns=MAKEMESSAGES_IGNORE,
                no_location=True,
                symlinks=True,
                verbosity=0,
            )
    finally:
        os.chdir(previous)
    fresh = out / lang / "LC_MESSAGES" / "django.po"
    if not fresh.is_file():  # no string at all: makemessages writes nothing
        return set()
    return {key(entry) for entry in polib.pofile(str(fresh)) if not entry.obsolete}


def catalogue_strings(catalogue: polib.POFile) -> set[Key]:
    return {key(entry) for entry in catalogue if not entry.obsolete}
