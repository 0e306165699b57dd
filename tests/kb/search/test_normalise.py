import pytest

from kb.search import normalise


def test_it_folds_accents_and_case():
    assert normalise.fold("Résiliation ÉTABLISSEMENT") == "resiliation etablissement"


def test_a_verb_and_its_noun_share_a_lexeme():
    assert normalise.lexemes("résilier") == normalise.lexemes("Résiliation")


def test_it_drops_french_stop_words():
    assert normalise.lexemes("de la pour et du") == []


def test_query_terms_are_distinct_and_bounded():
    query = " ".join(f"mot{n}" for n in range(50)) + " mot0"

    terms = normalise.query_lexemes(query)

    assert len(terms) == normalise.MAX_QUERY_TERMS
    assert len(set(terms)) == len(terms)


def test_a_long_query_is_cut():
    assert len(normalise.clean_query("a " * 10_000)) == normalise.MAX_QUERY_LENGTH


@pytest.mark.parametrize("query", ["Léa", "lea", " LÉA ", "léa\n", "Lea"])
def test_lea_is_the_shortcut_to_the_request_forms(query):
    assert normalise.is_request_forms_shortcut(query)


@pytest.mark.parametrize("query", ["Léa Dupont", "léal", "", "le a"])
def test_other_queries_are_not_the_shortcut(query):
    assert not normalise.is_request_forms_shortcut(query)
