"""French full-text search over published articles; the backend follows ``connection.vendor``.

- PostgreSQL: ``french_unaccent`` (unaccent + Snowball French), stored tsvector, GIN index,
  ``websearch_to_tsquery``, ``ts_rank``, ``ts_headline``.
- SQLite: FTS5 over text folded and stemmed in Python (kb.search.normalise), ``bm25``.

Both match every term of the query, whatever its accents, case or plural; PostgreSQL also
understands the web-search syntax ("a phrase", -word, or), which SQLite reads as plain words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType

from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from kb.search import normalise
from kb.search.excerpts import render_marked

PER_PAGE = 10


@dataclass(frozen=True)
class SearchHit:
    """A published article found by a search (what the results page shows, nothing more)."""

    article_id: int
    slug: str
    title: str
    summary: str
    category_name: str
    rank: float
    excerpt: SafeString

    @property
    def url(self) -> str:
        return reverse("article", kwargs={"slug": self.slug})


@dataclass(frozen=True)
class SearchResults:
    query: str  # cleaned: trimmed, bounded
    normalised_query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    has_terms: bool = True  # False: empty, or stop words only

    @property
    def first_index(self) -> int:
        return (self.page - 1) * self.per_page + 1

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _backend() -> ModuleType:
    if connection.vendor == "postgresql":
        from kb.search import postgres

        return postgres
    if connection.vendor == "sqlite":
        from kb.search import sqlite

        return sqlite
    raise NotImplementedError(f"no knowledge-base search for {connection.vendor}")


def search_articles(
    *, query: str, page: int = 1, per_page: int = PER_PAGE, now: datetime | None = None
) -> SearchResults:
    """Published articles matching every term of ``query``, best first, with excerpts."""
    cleaned = normalise.clean_query(query)
    folded = normalise.normalised_query(query)
    lexemes = normalise.query_lexemes(query)
    page = max(page, 1)
    if not lexemes:
        return SearchResults(query=cleaned, normalised_query=folded, has_terms=False)
    raw = _backend().find(
        query=cleaned,
        lexemes=lexemes,
        limit=per_page,
        offset=(page - 1) * per_page,
        now=now or timezone.now(),
    )
    hits = [
        SearchHit(
            article_id=row.article_id,
            slug=row.slug,
            title=row.title,
            summary=row.summary,
            category_name=row.category_name,
            rank=row.rank,
            excerpt=render_marked(row.marked_excerpt),
        )
        for row in raw.rows
    ]
    return SearchResults(
        query=cleaned,
        normalised_query=folded,
        hits=hits,
        total=raw.total,
        page=page,
        per_page=per_page,
    )


def search_index_sync(*, article_id: int) -> None:
    """Bring the index in step with one article (saved or deleted). No-op on PostgreSQL."""
    _backend().sync(article_id)


def search_index_rebuild() -> int:
    """Re-index every article (SQLite); returns how many were indexed."""
    return _backend().rebuild()
