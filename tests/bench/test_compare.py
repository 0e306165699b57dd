"""Our pages beside the peer's: the ratio of each comparable page, the others named."""

from __future__ import annotations

from bench.compare import ratios


def test_it_divides_the_peers_median_by_ours_for_the_comparable_pages_only() -> None:
    ours = {
        "scenarios": [
            {"scenario": "staff list", "peer": "list_json", "p50_ms": 5.0, "p95_ms": 6.0,
             "queries": 8},
            {"scenario": "admin list", "peer": None, "p50_ms": 50.0, "p95_ms": 60.0,
             "queries": 6},
        ]
    }  # fmt: skip
    peer = {
        "results": [
            {"scenario": "list_json", "median_ms": 941.0, "p95_ms": 990.0, "queries_median": 73},
            {"scenario": "dashboard", "median_ms": 3180.0, "p95_ms": 3300.0},
        ]
    }

    rows = ratios(ours, peer)

    assert [(r["page"], r["ratio_p50"]) for r in rows] == [
        ("staff list", 188.2),
        ("supervisors' desk (not on this branch)", None),
    ]
