"""Our pages beside the peer's: the ratio of each comparable page, the others named."""

from __future__ import annotations

from bench.compare import filing_ratios, ratios


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
        ("supervisors' desk (no scenario of ours)", None),
    ]


def test_a_peer_page_that_one_of_ours_is_registered_against_is_compared_not_named() -> None:
    ours = {
        "scenarios": [
            {"scenario": "desk, 30 days", "peer": "dashboard", "p50_ms": 80.0, "p95_ms": 90.0,
             "queries": 20},
        ]
    }  # fmt: skip
    peer = {"results": [{"scenario": "dashboard", "median_ms": 3200.0, "p95_ms": 3300.0}]}

    assert [(r["page"], r["ratio_p50"]) for r in ratios(ours, peer)] == [("desk, 30 days", 40.0)]


def test_it_puts_our_filings_per_second_over_the_peers_public_form() -> None:
    ours = {
        "scenarios": [
            {"scenario": "filing: question", "per_second": 167.0, "p95_ms": 80.0,
             "worker_cpu_ms_per_filing": 9.5},
            {"scenario": "filing: liquidator, 1 MB PDF", "per_second": 41.8, "p95_ms": 300.0},
        ]
    }  # fmt: skip
    peer_http = {
        "results": [
            {"scenario": "list_page", "req_per_s": 42.0, "p95_ms": 137.0},
            {"scenario": "public_submit", "req_per_s": 82.8, "tickets_per_s": 83.6,
             "p95_ms": 65.0},
        ]
    }  # fmt: skip

    rows = filing_ratios(ours, peer_http)

    assert [(r["page"], r["peer_per_second"], r["ratio"]) for r in rows] == [
        ("filing: question", 83.6, 2.0),
        ("filing: liquidator, 1 MB PDF", 83.6, 0.5),
    ]
    assert rows[0]["ours_cpu_ms"] == 9.5
