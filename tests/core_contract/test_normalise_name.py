"""R10: the triplet's names are compared after one normalisation, on both sides of the contract."""

from __future__ import annotations

import pytest

from core_contract import LinkQuotaExceeded, normalise_name


@pytest.mark.parametrize(
    "typed",
    [
        "Jean-François",
        "jean francois",
        "JEAN  FRANÇOIS",
        "Jean–François",  # en dash
        "Jean—François",  # em dash
        "Jean‑François",  # non-breaking hyphen
        "Jean‐François",  # hyphen (U+2010)
        "Jean−François",  # minus sign
        "Jean﹣François",  # small hyphen-minus
        "Jean－François",  # fullwidth hyphen-minus
        " Jean - François ",
    ],
)
def test_it_treats_every_dash_accent_case_and_spacing_variant_alike(typed):
    assert normalise_name(typed) == "jean francois"


@pytest.mark.parametrize("typed", ["Jean François Xavier", "Jeanfrançois", "Jean-Françoise"])
def test_it_still_tells_different_names_apart(typed):
    assert normalise_name(typed) != "jean francois"


def test_apostrophes_are_separators_too():
    assert normalise_name("D’Artagnan") == normalise_name("d'artagnan") == "d artagnan"


def test_a_quota_error_carries_when_the_next_link_may_go_across_the_wire():
    from datetime import UTC, datetime

    at = datetime(2026, 11, 17, 8, 0, tzinfo=UTC)

    error = LinkQuotaExceeded.from_json(LinkQuotaExceeded(retry_at=at).to_json())

    assert isinstance(error, LinkQuotaExceeded)
    assert error.retry_at == at
