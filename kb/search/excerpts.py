"""Highlighted excerpts: text with private-use marks around matches, rendered escaped.

Both backends produce plain text where a match is wrapped in MARK_START / MARK_END (characters
removed from every indexed text beforehand). Rendering escapes everything, then turns only those
marks into <mark> elements, so nothing from an article or a query is ever injected.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from kb.search.normalise import FRENCH_STOP_WORDS, fold, stem

MARK_START = "\ue000"
MARK_END = "\ue001"
EXCERPT_WORDS = 32

_WORD = re.compile(r"\w+", re.UNICODE)


def without_marks(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def render_marked(text: str) -> SafeString:
    escaped = escape(text)
    balanced = escaped.count(MARK_START) == escaped.count(MARK_END)
    if not balanced:
        return mark_safe(without_marks(escaped))  # noqa: S308 - escaped above, marks removed
    html = escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only our own marks become tags


def mark_matches(text: str, lexemes: set[str], *, max_words: int = EXCERPT_WORDS) -> str:
    """A window of the text around its first match, with the matching words marked.

    Words match when their folded, stemmed form is a query lexeme, as in the index.
    """
    text = without_marks(text)
    spans = list(_WORD.finditer(text))
    if not spans:
        return ""

    def matches(m: re.Match[str]) -> bool:
        word = fold(m.group())
        return word not in FRENCH_STOP_WORDS and stem(word) in lexemes

    hits = [i for i, m in enumerate(spans) if matches(m)]
    first = max(hits[0] - 6, 0) if hits else 0
    last = min(first + max_words, len(spans)) - 1
    start = spans[first].start()
    is_tail = last == len(spans) - 1
    end = len(text) if is_tail else spans[last].end()
    pieces: list[str] = ["… " if start > 0 else ""]
    cursor = start
    for m in spans[first : last + 1]:
        if matches(m):
            pieces.append(text[cursor : m.start()])
            pieces.append(MARK_START + m.group() + MARK_END)
            cursor = m.end()
    pieces.append(text[cursor:end].rstrip())
    if not is_tail:
        pieces.append(" …")
    return "".join(pieces)
