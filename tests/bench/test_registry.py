"""The bench runner finds every scenario module, so other pages' scenarios plug in."""

from __future__ import annotations

import pytest

from bench import registry


def test_it_discovers_the_scenarios_of_every_module() -> None:
    scenarios = registry.discover()

    assert scenarios["queue open, first page"].peer == "list_json"
    assert {f"queue {view}, deep page" for view in ("mine", "unassigned", "late")} <= set(scenarios)
    assert "admin request list" in scenarios
    assert scenarios["API list, first page"].peer == "api_list"  # the peer harness's name


def test_it_refuses_two_scenarios_of_one_name() -> None:
    registry.discover()
    with pytest.raises(ValueError, match="two scenarios"):
        registry.scenario("admin request list")(lambda desk: lambda: None)
