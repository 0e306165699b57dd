"""SQLite backend (embedded default): an FTS5 table fed with pre-normalised text.

SQLite has no French stemmer, so the service that saves an article writes its folded, stemmed
terms (kb.search.normalise) into ``kb_article_fts``; queries go through the same normalisation.
Excerpts are marked in Python with the same rules.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from kb.models import Article
from kb.search.excerpts import mark_matches
from kb.search.normalise import lexemes as text_lexemes
from kb.search.types import RawHit, Row

TABLE = "kb_article_fts"

_SEARCH_SQL = f"""
SELECT a.id, bm25({TABLE}, 10.0, 5.0, 1.0) AS score, a.body_text,
       a.title, a.slug, a.summary, c.name
FROM {TABLE} JOIN kb_article a ON a.id = {TABLE}.rowid JOIN kb_category c ON c.id = a.category_id
WHERE {TABLE} MATCH %s AND a.status = 'published' AND a.published_at <= %s
ORDER BY score, a.published_at DESC, a.id
LIMIT %s OFFSET %s
"""  # noqa: S608 - only module constants are interpolated
_COUNT_SQL = f"""
SELECT count(*) FROM {TABLE} JOIN kb_article a ON a.id = {TABLE}.rowid
WHERE {TABLE} MATCH %s AND a.status = 'published' AND a.published_at <= %s
"""  # noqa: S608 - only module constants are interpolated


def match_expression(lexemes: list[str]) -> str:
    # Lexemes are made of word characters only; quoting makes each a plain term (AND-ed).
    return " ".join(f'"{lexeme}"' for lexeme in lexemes)


def find(*, query: str, lexemes: list[str], limit: int, offset: int, now: datetime) -> RawHit:
    match = match_expression(lexemes)
    when = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(_SEARCH_SQL, [match, when, limit, offset])
        rows = cursor.fetchall()
        if offset == 0 and len(rows) < limit:
            total = len(rows)
        else:
            cursor.execute(_COUNT_SQL, [match, when])
            total = cursor.fetchone()[0]
    wanted = set(lexemes)
    # bm25() is lower-is-better; expose higher-is-better like ts_rank.
    return RawHit(
        rows=[Row(r[0], -float(r[1]), mark_matches(r[2], wanted), *r[3:7]) for r in rows],
        total=total,
    )


def sync(article_id: int) -> None:
    article = Article.objects.filter(pk=article_id).first()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid = %s", [article_id])  # noqa: S608
        if article is None:
            return
        cursor.execute(
            f"INSERT INTO {TABLE} (rowid, title, keywords, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
            [
                article.pk,
                " ".join(text_lexemes(article.title)),
                " ".join(text_lexemes(f"{article.keywords} {article.summary}")),
                " ".join(text_lexemes(article.body_text)),
            ],
        )


def rebuild() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608
    ids = list(Article.objects.values_list("pk", flat=True))
    for article_id in ids:
        sync(article_id)
    return len(ids)
