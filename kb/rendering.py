"""Article bodies: Markdown rendered to HTML, then sanitised by nh3 (allow-list)."""

from __future__ import annotations

import html
import re

import markdown
import nh3

from kb.search.excerpts import without_marks

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p",
    "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}

_BLOCK_END = re.compile(r"</(p|li|h[2-4]|tr|pre|blockquote)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def render_markdown(source: str) -> str:
    """Safe HTML for an article body: no script, no event handler, no javascript: link."""
    rendered = markdown.markdown(source, extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def html_to_text(safe_html: str) -> str:
    """Plain text of sanitised HTML, one line per block, for the index and the excerpts."""
    text = _BLOCK_END.sub("\n", safe_html)
    text = html.unescape(_TAG.sub("", text))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return without_marks("\n".join(line for line in lines if line))
