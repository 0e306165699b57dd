"""Reading a queue's query string: known values kept, anything else dropped in French."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from lifecycle.queues import QueueQuery, all_views, queue_query_parse

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_it_reads_every_filter_of_a_well_formed_query():
    query = queue_query_parse(
        {
            "view": "mine",
            "sort": "updated",
            "state": "in_progress",
            "type": "test_plain",
            "assignee": "someone",
            "sla": "at_risk",
            "company": "732 829 320",
            "requester": "  Alice   Durand ",
            "number": "dem-2026-000001",
            "q": "minutes",
        }
    )

    assert query.errors == ()
    assert (query.view, query.sort, query.state, query.type_key) == (
        "mine",
        "updated",
        "in_progress",
        "test_plain",
    )
    assert (query.assignee, query.sla, query.siren, query.siret) == (
        "someone",
        "at_risk",
        "732829320",
        "",
    )
    assert (query.requester, query.number, query.text) == (
        "Alice Durand",
        "DEM-2026-000001",
        "minutes",
    )


def test_it_takes_fourteen_digits_as_a_siret():
    query = queue_query_parse({"company": "73282932000074"})

    assert (query.siret, query.siren, query.company) == ("73282932000074", "", "73282932000074")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"view": "everything"}, "Cette file n'existe pas"),
        ({"sort": "price"}, "Ce tri n'existe pas"),
        ({"state": "lost"}, "L'état demandé n'existe pas"),
        ({"type": "pizza"}, "Ce type de demande n'existe pas"),
        ({"assignee": "bob"}, "Le filtre « Technicien » est inconnu"),
        ({"sla": "late"}, "Le statut SLA demandé n'existe pas"),
        ({"company": "12345"}, "Saisissez un SIRET (14 chiffres) ou un SIREN (9 chiffres)"),
        ({"number": "42; DROP TABLE"}, "Un numéro de demande s'écrit DEM-AAAA-NNNNNN"),
        ({"q": "a b"}, "Pour chercher dans le texte, saisissez au moins un mot de 3 caractères"),
        ({"q": "%%"}, "Pour chercher dans le texte, saisissez au moins un mot de 3 caractères"),
        ({"q": "___"}, "Pour chercher dans le texte, saisissez au moins un mot de 3 caractères"),
    ],
)
def test_it_drops_a_bad_value_with_a_french_message_and_keeps_the_default(params, message):
    query = queue_query_parse(params)

    assert len(query.errors) == 1
    assert query.errors[0].startswith(message)
    assert query.params() == QueueQuery().params()


def test_a_text_with_a_word_of_three_characters_is_searched():
    assert queue_query_parse({"q": "  le  SIRET  "}).text == "le SIRET"
    assert queue_query_parse({"q": "n°123"}).text == "n°123"
    assert queue_query_parse({"q": "élu"}).text == "élu"


def test_the_views_are_the_fixed_ones_one_per_type_and_the_on_demand_ones():
    keys = [view.key for view in all_views()]

    assert keys[:2] == ["mine", "unassigned"]
    assert "type:test_plain" in keys
    assert "type:test_core" in keys
    assert keys[-2:] == ["resolved", "closed"]
    assert [view.key for view in all_views() if not view.counted] == ["resolved", "closed"]
