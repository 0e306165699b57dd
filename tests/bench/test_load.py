"""The load generator counts what it sent, stops at its count or its deadline, and its rates and
percentiles come from the answers it got."""

from __future__ import annotations

import os
import threading
import time

import pytest

from bench.load import LoadResult, load_run, process_cpu_seconds, process_rss_mib


def test_it_sends_exactly_the_count_it_was_given_across_its_clients() -> None:
    seen: list[tuple[int, int]] = []
    lock = threading.Lock()

    def send(client: int, sequence: int) -> int:
        with lock:
            seen.append((client, sequence))
        return 302

    result = load_run(send, clients=4, seconds=30, max_requests=50)
    assert result.sent == result.ok == 50
    assert sorted(sequence for _client, sequence in seen) == list(range(50))
    assert {client for client, _sequence in seen} <= {0, 1, 2, 3}
    assert result.statuses == {"302": 50}


def test_it_stops_at_its_deadline_when_the_count_is_not_reached() -> None:
    def slow(client: int, sequence: int) -> int:
        time.sleep(0.05)
        return 302

    result = load_run(slow, clients=2, seconds=0.3, max_requests=10_000)
    assert 0 < result.sent < 40
    assert result.seconds < 2


def test_it_counts_unexpected_statuses_and_exceptions_as_errors_without_their_latency() -> None:
    def flaky(client: int, sequence: int) -> int:
        if sequence % 3 == 0:
            raise ConnectionError("refused")
        return 302 if sequence % 3 == 1 else 500

    result = load_run(flaky, clients=1, seconds=30, max_requests=9)
    assert (result.ok, result.errors) == (3, 6)
    assert result.statuses == {"ConnectionError": 3, "302": 3, "500": 3}
    assert len(result.latencies_ms) == 3


def test_its_rate_is_the_answers_as_expected_per_second() -> None:
    result = LoadResult(clients=2, seconds=4.0, latencies_ms=[10.0, 20.0, 30.0, 40.0], ok=4)
    row = result.as_row()
    assert row["per_second"] == 1.0
    assert row["p50_ms"] == 30.0  # nearest rank of the 4 samples
    assert row["max_ms"] == 40.0


def test_it_refuses_a_load_without_clients() -> None:
    with pytest.raises(ValueError, match="must be positive"):
        load_run(lambda client, sequence: 302, clients=0, seconds=1, max_requests=1)


def test_it_reads_this_processs_cpu_time_and_memory() -> None:
    before = process_cpu_seconds(os.getpid())
    sum(n * n for n in range(300_000))
    assert process_cpu_seconds(os.getpid()) >= before
    assert process_rss_mib(os.getpid()) > 10
