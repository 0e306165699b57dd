"""The plan reader names every scan and flags a sequential scan of a big table."""

from __future__ import annotations

from bench.explain import plan_summary


def _plan(*nodes: dict[str, object]) -> dict[str, object]:
    return {
        "Execution Time": 1.5,
        "Plan": {
            "Node Type": "Limit",
            "Plans": [{"Node Type": "Nested Loop", "Plans": list(nodes)}],
        },
    }


def test_it_names_each_scanned_table_with_its_index() -> None:
    summary = plan_summary(
        _plan(
            {"Node Type": "Index Scan", "Relation Name": "lifecycle_request", "Index Name": "due"},
            {"Node Type": "Seq Scan", "Relation Name": "users_user"},
        )
    )

    assert summary["scans"] == [
        {"table": "lifecycle_request", "node": "Index Scan", "index": "due"},
        {"table": "users_user", "node": "Seq Scan", "index": None},
    ]
    assert summary["seq_scans_on_big_tables"] == []  # a small table may be read whole
    assert summary["ms"] == 1.5


def test_it_flags_a_sequential_scan_of_the_requests() -> None:
    summary = plan_summary(_plan({"Node Type": "Seq Scan", "Relation Name": "lifecycle_request"}))

    assert summary["seq_scans_on_big_tables"] == ["lifecycle_request"]
