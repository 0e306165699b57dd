"""The HTTP adapter counts each core call for the operators: latency per operation, errors."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from accounts_bridge.adapters.http import HttpCore
from core_contract import NotFound, Unavailable
from tests.accounts_bridge.adapters.test_http import ESTABLISHMENT, Script, fake_core

OPERATION = "GET /establishments/{id}"


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_it_times_a_successful_call_under_its_operation_never_the_siret():
    before = sample("guichet_core_call_duration_seconds_count", operation=OPERATION, outcome="ok")
    with fake_core(Script((200, ESTABLISHMENT))) as url:
        HttpCore(base_url=url, token="t").find_establishment("73282932000074")

    after = sample("guichet_core_call_duration_seconds_count", operation=OPERATION, outcome="ok")
    assert after == before + 1
    labels = [
        str(sample.labels)
        for family in REGISTRY.collect()
        if family.name.startswith("guichet_core")
        for sample in family.samples
    ]
    assert labels
    assert not any("73282932000074" in label for label in labels)


def test_it_counts_an_unreachable_core_as_an_error_with_its_code():
    before = sample("guichet_core_call_errors_total", operation=OPERATION, error="unavailable")
    core = HttpCore(base_url="http://127.0.0.1:9/api/v1", token="t", timeout=0.5, backoff=0.01)

    with pytest.raises(Unavailable):
        core.find_establishment("73282932000074")

    assert (
        sample("guichet_core_call_errors_total", operation=OPERATION, error="unavailable")
        == before + 1
    )
    assert (
        sample("guichet_core_call_duration_seconds_count", operation=OPERATION, outcome="error")
        >= 1
    )


def test_a_refusal_of_the_core_is_counted_with_its_own_code():
    before = sample("guichet_core_call_errors_total", operation=OPERATION, error="not_found")
    answer = (404, {"code": "not_found", "message": "Établissement inconnu."})
    with fake_core(Script(answer)) as url, pytest.raises(NotFound):
        HttpCore(base_url=url, token="t").find_establishment("73282932000074")

    assert sample("guichet_core_call_errors_total", operation=OPERATION, error="not_found") == (
        before + 1
    )
