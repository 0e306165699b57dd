"""The French matching rules, on whichever database the suite runs (PostgreSQL by default).

tests/kb/search/test_sqlite_backend.py runs this same module against an in-memory SQLite
database, so both backends are held to the same rules.
"""

from __future__ import annotations

import io
import os

import pytest
from django.db import connection

from kb import services
from kb.search import search_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(make_article):
    return {
        "cancel": make_article(
            "Résiliation de l'inscription",
            "La **résiliation** met fin aux déclarations de l'entreprise.",
        ),
        "admins": make_article(
            "Ajouter des administrateurs",
            "Une entreprise compte trois administrateurs au plus.",
        ),
        "password": make_article(
            "Mot de passe oublié",
            "Répondez à la question secrète pour choisir un nouveau mot de passe.",
        ),
        "draft": make_article(
            "Résiliation (brouillon)", "Résiliation en préparation.", publish=False
        ),
    }


def titles(query: str) -> set[str]:
    return {hit.title for hit in search_articles(query=query).hits}


def test_it_runs_on_the_expected_backend():
    expected = os.environ.get("KB_EXPECTED_VENDOR", connection.vendor)

    assert connection.vendor == expected


def test_a_verb_finds_its_noun_without_accents(corpus):
    assert titles("resilier") == {"Résiliation de l'inscription"}


@pytest.mark.parametrize("query", ["résiliation", "RESILIATION", "Résilier", "résiliations"])
def test_accents_case_and_plural_do_not_matter(corpus, query):
    assert titles(query) == {"Résiliation de l'inscription"}


def test_a_singular_finds_the_plural(corpus):
    assert titles("administrateur") == {"Ajouter des administrateurs"}


def test_every_term_must_match(corpus):
    assert titles("mot passe") == {"Mot de passe oublié"}
    assert titles("mot résiliation") == set()


def test_keywords_are_searched(make_article):
    make_article("Un titre sans rapport", "Un texte sans rapport.", keywords="SEPA, mandat")

    assert titles("mandats") == {"Un titre sans rapport"}


def test_drafts_and_future_articles_are_never_found(corpus, make_article):
    make_article("Résiliation future", "Résiliation.", days_ago=-3)

    assert "Résiliation (brouillon)" not in titles("résiliation")
    assert "Résiliation future" not in titles("résiliation")


def test_a_title_match_ranks_first(make_article):
    make_article("Déclarations", "Le mot habilitations apparaît ici une fois.")
    make_article("Transfert des habilitations", "Un autre texte.")

    hits = search_articles(query="habilitation").hits

    assert [h.title for h in hits] == ["Transfert des habilitations", "Déclarations"]


def test_the_excerpt_highlights_the_matching_words(corpus):
    [hit] = search_articles(query="resilier").hits

    assert "<mark>résiliation</mark>" in hit.excerpt.lower()


def test_the_excerpt_escapes_the_article_text(make_article):
    make_article("Balises", "Écrire `<b onmouseover=x>` & 3 < 4 avant la résiliation.")

    [hit] = search_articles(query="résiliation").hits

    assert "<b" not in hit.excerpt
    assert "&amp;" in hit.excerpt
    assert "&lt;" in hit.excerpt


@pytest.mark.parametrize("query", ["", "   ", "de la pour et du", "le la"])
def test_an_empty_or_stop_word_query_has_no_terms_and_no_result(corpus, query):
    results = search_articles(query=query)

    assert results.has_terms is False
    assert results.hits == []
    assert results.total == 0


@pytest.mark.parametrize(
    "query",
    [
        "x" * 10_000,
        "<script>alert('résiliation')</script>",
        "' OR 1=1 --",
        '"résiliation',
        "résiliation AND NOT * NEAR(",
        "-résiliation",
        "résiliation:*",
        "\x00\ue000\ue001",
    ],
)
def test_hostile_queries_never_fail(corpus, query):
    results = search_articles(query=query)

    assert len(results.query) <= 200
    for hit in results.hits:
        assert "<script" not in hit.excerpt


def test_the_total_counts_beyond_the_first_page(make_article):
    for n in range(12):
        make_article(f"Résiliation {n}", "Résiliation.")

    first = search_articles(query="résiliation", per_page=5)
    last = search_articles(query="résiliation", per_page=5, page=3)

    assert first.total == 12
    assert len(first.hits) == 5
    assert first.has_next
    assert len(last.hits) == 2
    assert last.total == 12


def test_an_edited_article_is_found_by_its_new_words(corpus):
    article = corpus["password"]
    article.body_markdown = "Le liquidateur reçoit un lien."
    services.article_save(article=article)

    assert titles("liquidateurs") == {"Mot de passe oublié"}
    assert titles("question secrète") == set()


def test_a_deleted_article_is_no_longer_found(corpus):
    services.article_delete(article=corpus["cancel"])

    assert titles("résiliation") == set()


def test_a_rebuilt_index_finds_the_same_articles(corpus):
    from django.core.management import call_command

    before = titles("resilier")
    call_command("kb_reindex", stdout=io.StringIO())

    assert titles("resilier") == before == {"Résiliation de l'inscription"}
