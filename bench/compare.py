"""``python -m bench compare --peer FILE``: our last run beside the peer's, page by page.

Reads the newest ``bench/results/<date>.json`` (``desk_pages``) and the peer harness's
``bench_client.py`` JSON of the same run; prints median and p95 of both and the ratio
(peer / ours: how many times faster we are) for every scenario registered with a ``peer``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bench.common import RESULTS_DIR, write_report

# Pages the issue compares that have no scenario on this branch yet (built on others' branches).
PEER_ONLY = {"dashboard": "supervisors' desk", "public_submit": "filing (in-process)"}


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
    for key, label in PEER_ONLY.items():
        if key in theirs:
            rows.append(
                {
                    "page": f"{label} (not on this branch)",
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


def _cell(value: Any) -> str:
    return "—" if value is None else f"{value}"


def run(*, peer_file: str) -> int:
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
    write_report(
        f"{ours_path.stem}-peer",
        {"ours": ours_path.name, "peer_tickets": peer.get("tickets"), "pages": rows},
    )
    return 0
