"""The JSON nesting limit: deep bodies are refused without recursing, modest ones pass."""

from __future__ import annotations

import pytest

from common.json_depth import MAX_JSON_DEPTH, JSONTooDeep, exceeds_depth, loads


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_it_refuses_a_body_nested_a_thousand_levels():
    with pytest.raises(JSONTooDeep, match="imbriqué trop profondément"):
        loads(nested(1000))


def test_it_refuses_a_million_levels_just_as_fast():
    with pytest.raises(JSONTooDeep):
        loads("[" * 1_000_000)


def test_it_refuses_one_level_over_the_limit_and_accepts_the_limit():
    assert loads(nested(MAX_JSON_DEPTH)) is not None
    with pytest.raises(JSONTooDeep):
        loads(nested(MAX_JSON_DEPTH + 1))


def test_it_accepts_a_modest_legitimate_nesting():
    body = '{"removed": {"last_name": "Durand", "tags": [{"a": [1, 2, {"b": null}]}]}}'

    assert loads(body)["removed"]["tags"][0]["a"][2] == {"b": None}


def test_depth_counts_objects_and_arrays_alike():
    assert not exceeds_depth({"a": [{"b": 1}]}, 3)
    assert exceeds_depth({"a": [{"b": [1]}]}, 3)
    assert not exceeds_depth("scalar", 0)
