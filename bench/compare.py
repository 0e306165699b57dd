"""``python -m bench compare --peer FILE [--peer-http FILE]``: our last run beside the peer's.

Reads the newest ``bench/results/<date>.json`` (``desk_pages``) and the peer harness's
``bench_client.py`` JSON of the same run; prints median and p95 of both and the ratio
(peer / ours: how many times faster we are) for every scenario registered with a ``peer``.
With ``--peer-http`` (the peer's ``bench_http.py`` JSON) and our ``filing_http.json``, filing
over HTTP too: requests filed per second, ours / the peer's ``public_submit``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bench.common import RESULTS_DIR, write_report

# Pages the peer measures that no scenario of ours is registered against (named, not compared).
PEER_ONLY = {"dashboard": "supervisors' desk", "public_submit": "filing (in-process)"}
# Our filing over HTTP beside the peer's public form over HTTP (both gunicorn, 4 workers).
FILING_PEER = {"filing: question": "public_submit", "filing: liquidator, 1 MB PDF": "public_submit"}


def latest_ours() -> Path:
    runs = sorted(p for p in RESULTS_DIR.glob("*.json") if re.fullmatch(r"\d{4}-\d\d-\d\d", p.stem))
    if not runs:
        raise SystemExit("no bench/results/<date>.json: run `python -m bench desk_pages` first")
    return runs[-1]


def ratios(ours: dict[str, Any], peer: dict[str, Any]) -> list[dict[str, Any]]:
    theirs = {row["scenario"]: row for row in peer["results"]}
    rows = []
    for row in ours["scenarios"]:
        other = theirs.get(row["peer"] or "")
        if other is None:
            continue
        rows.append(
            {
                "page": row["scenario"],
                "peer_scenario": row["peer"],
                "ours_p50_ms": row["p50_ms"],
                "ours_p95_ms": row["p95_ms"],
                "ours_queries": row["queries"],
                "peer_p50_ms": other["median_ms"],
                "peer_p95_ms": other["p95_ms"],
                "peer_queries": other.get("queries_median"),
                "ratio_p50": round(other["median_ms"] / max(row["p50_ms"], 0.01), 1),
            }
        )
    compared = {row["peer"] for row in ours["scenarios"]}
    for key, label in PEER_ONLY.items():
        if key in theirs and key not in compared:
            rows.append(
                {
                    "page": f"{label} (no scenario of ours)",
                    "peer_scenario": key,
                    "ours_p50_ms": None,
                    "ours_p95_ms": None,
                    "ours_queries": None,
                    "peer_p50_ms": theirs[key]["median_ms"],
                    "peer_p95_ms": theirs[key]["p95_ms"],
                    "peer_queries": theirs[key].get("queries_median"),
                    "ratio_p50": None,
                }
            )
    return rows


def filing_ratios(ours: dict[str, Any], peer_http: dict[str, Any]) -> list[dict[str, Any]]:
    """Filings per second over HTTP, ours beside the peer's public form; ratio = ours / peer."""
    theirs = {row["scenario"]: row for row in peer_http["results"]}
    rows = []
    for row in ours["scenarios"]:
        other = theirs.get(FILING_PEER.get(row["scenario"], ""))
        if other is None:
            continue
        peer_rate = other.get("tickets_per_s", other["req_per_s"])
        rows.append(
            {
                "page": row["scenario"],
                "peer_scenario": FILING_PEER[row["scenario"]],
                "ours_per_second": row["per_second"],
                "ours_p95_ms": row.get("p95_ms"),
                "ours_cpu_ms": row.get("worker_cpu_ms_per_filing"),
                "peer_per_second": peer_rate,
                "peer_p95_ms": other["p95_ms"],
                "ratio": round(row["per_second"] / max(peer_rate, 0.01), 2),
            }
        )
    return rows


def _cell(value: Any) -> str:
    return "—" if value is None else f"{value}"


def run(*, peer_file: str, peer_http_file: str | None = None) -> int:
    ours_path = latest_ours()
    ours = json.loads(ours_path.read_text(encoding="utf-8"))
    peer = json.loads(Path(peer_file).read_text(encoding="utf-8"))
    rows = ratios(ours, peer)
    print(f"ours: {ours_path.name} at {ours['requests']} requests; peer: {peer.get('tickets')}")
    print(
        f"{'page':<36} {'peer scenario':<17} {'ours p50':>9} {'peer p50':>9} {'×':>7} "
        f"{'SQL':>5} {'peer SQL':>8}"
    )
    for row in rows:
        print(
            f"{row['page']:<36} {row['peer_scenario']:<17} {_cell(row['ours_p50_ms']):>9} "
            f"{_cell(row['peer_p50_ms']):>9} {_cell(row['ratio_p50']):>7} "
            f"{_cell(row['ours_queries']):>5} {_cell(row['peer_queries']):>8}"
        )
    filing: list[dict[str, Any]] = []
    ours_filing = RESULTS_DIR / "filing_http.json"
    if peer_http_file and ours_filing.exists():
        filing = filing_ratios(
            json.loads(ours_filing.read_text(encoding="utf-8")),
            json.loads(Path(peer_http_file).read_text(encoding="utf-8")),
        )
        print(
            f"\n{'filing over HTTP':<36} {'peer scenario':<17} {'ours /s':>9} {'peer /s':>9} "
            f"{'×':>7} {'CPU ms':>7}"
        )
        for row in filing:
            print(
                f"{row['page']:<36} {row['peer_scenario']:<17} {row['ours_per_second']:>9} "
                f"{row['peer_per_second']:>9} {row['ratio']:>7} {_cell(row['ours_cpu_ms']):>7}"
            )
    write_report(
        f"{ours_path.stem}-peer",
        {
            "ours": ours_path.name,
            "peer_tickets": peer.get("tickets"),
            "pages": rows,
            "filing_http": filing,
        },
    )
    return 0
