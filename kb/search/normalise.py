# ruff: noqa: SIM905 - the stop list reads best as PostgreSQL writes it
"""Text normalisation shared by both search backends: accents, case, stop words, stemming.

PostgreSQL does the same with the ``french_unaccent`` text search configuration (unaccent, then
the Snowball French stemmer with PostgreSQL's French stop list); this module mirrors it in Python
for the SQLite index and for highlighting, so both backends match the same words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

# Longer input is cut: a search box is not a document (and 10,000 characters must stay cheap).
MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 12

# PostgreSQL 15's tsearch_data/french.stop, checked (as PostgreSQL does) after unaccent.
FRENCH_STOP_WORDS = frozenset(
    """au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me même mes
    moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te tes toi ton tu
    un une vos votre vous c d j l à m n s t y été étée étées étés étant étante étants étantes suis
    es est sommes êtes sont serai seras sera serons serez seront serais serait serions seriez
    seraient étais était étions étiez étaient fus fut fûmes fûtes furent sois soit soyons soyez
    soient fusse fusses fût fussions fussiez fussent ayant ayante ayantes ayants eu eue eues eus ai
    as avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez auraient
    avais avait avions aviez avaient eut eûmes eûtes eurent aie aies ait ayons ayez aient eusse
    eusses eût eussions eussiez eussent""".split()
)

SHORTCUT_TO_REQUEST_FORMS = "lea"  # "Léa", typed in any case, with or without its accent

_INVISIBLE = {"Cc", "Cf", "Co", "Cs"}  # control, format, private use (our marks), surrogates
_WORD = re.compile(r"\w+", re.UNICODE)
_stemmer = snowballstemmer.stemmer("french")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower case, without accents: "Résiliation" -> "resiliation"."""
    return strip_accents(text).casefold()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@lru_cache(maxsize=8192)
def stem(folded_word: str) -> str:
    return _stemmer.stemWord(folded_word)


def lexemes(text: str) -> list[str]:
    """The indexed terms of a text: folded, stop words dropped, stemmed."""
    return [stem(w) for w in words(text) if w not in FRENCH_STOP_WORDS]


def clean_query(raw: str) -> str:
    """The query as the user meant it: no control characters, trimmed, one space between words,
    bounded length."""
    raw = raw[: MAX_QUERY_LENGTH * 4]
    printable = "".join(" " if unicodedata.category(c) in _INVISIBLE else c for c in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def normalised_query(raw: str) -> str:
    """The folded words of a query, for the search log and the shortcut."""
    return " ".join(words(clean_query(raw)))[:MAX_QUERY_LENGTH]


def query_lexemes(raw: str) -> list[str]:
    """Distinct query terms, in order, at most MAX_QUERY_TERMS."""
    seen: dict[str, None] = {}
    for lexeme in lexemes(clean_query(raw)):
        seen.setdefault(lexeme, None)
    return list(seen)[:MAX_QUERY_TERMS]


def is_request_forms_shortcut(raw: str) -> bool:
    return normalised_query(raw) == SHORTCUT_TO_REQUEST_FORMS
