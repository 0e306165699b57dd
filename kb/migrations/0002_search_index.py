"""The full-text index, per database vendor.

PostgreSQL: the ``unaccent`` extension (contrib, trusted), a ``french_unaccent`` text search
configuration (unaccent, then the French Snowball stemmer), a stored generated tsvector column
weighted title > keywords/summary > body, its GIN index, and storage settings that keep the
tsvector in the main heap.
SQLite: an FTS5 table that kb.services keeps in step with pre-normalised text.
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END
    $$
    """,
    """
    ALTER TABLE kb_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('french_unaccent'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('french_unaccent'::regconfig,
                                 coalesce(keywords, '') || ' ' || coalesce(summary, '')), 'B')
        || setweight(to_tsvector('french_unaccent'::regconfig, coalesce(body_text, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX kb_article_search_gin ON kb_article USING gin (search_vector)",
    # Ranking reads the tsvector of every matching row: keep it in the main heap (MAIN) and push
    # the three copies of the body out of line (EXTERNAL), so a search never reads TOAST pages
    # except for the few excerpts it shows (bench/search.py: ~6x faster on 5,000 articles).
    "ALTER TABLE kb_article ALTER COLUMN search_vector SET STORAGE MAIN",
    "ALTER TABLE kb_article ALTER COLUMN body_markdown SET STORAGE EXTERNAL",
    "ALTER TABLE kb_article ALTER COLUMN body_html SET STORAGE EXTERNAL",
    "ALTER TABLE kb_article ALTER COLUMN body_text SET STORAGE EXTERNAL",
]
PG_BACKWARD = [
    "ALTER TABLE kb_article ALTER COLUMN body_markdown SET STORAGE EXTENDED",
    "ALTER TABLE kb_article ALTER COLUMN body_html SET STORAGE EXTENDED",
    "ALTER TABLE kb_article ALTER COLUMN body_text SET STORAGE EXTENDED",
    "DROP INDEX IF EXISTS kb_article_search_gin",
    "ALTER TABLE kb_article DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE kb_article_fts USING fts5("
    "title, keywords, body, tokenize = 'unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS kb_article_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("kb", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
