"""``python -m bench explain --requests N``: the plan of every SQL query of every queue page.

Each queue scenario of ``bench/scenarios/queues.py`` is called once on the seeded desk with its
queries captured; each captured ``SELECT`` is run again under ``EXPLAIN (ANALYZE, BUFFERS)``.
A page passes when no query reads ``lifecycle_request`` or ``lifecycle_message`` by a
sequential scan. Prints a line per page and writes ``bench/results/explain-<date>.json``.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime
from typing import Any

from bench.common import environment, postgres_version, write_report

BIG_TABLES = ("lifecycle_request", "lifecycle_message")


def _nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    found = [plan]
    for child in plan.get("Plans", []):
        found += _nodes(child)
    return found


def plan_summary(plan: dict[str, Any]) -> dict[str, Any]:
    """The scans of one plan: which index each big table is read by, and any sequential scan."""
    scans = []
    for node in _nodes(plan["Plan"]):
        relation = node.get("Relation Name")
        if relation:
            scans.append(
                {"table": relation, "node": node["Node Type"], "index": node.get("Index Name")}
            )
    seq = [s["table"] for s in scans if s["node"] == "Seq Scan" and s["table"] in BIG_TABLES]
    return {"ms": plan["Execution Time"], "scans": scans, "seq_scans_on_big_tables": seq}


def explain_page(client: Any, url: str) -> list[dict[str, Any]]:
    from django.conf import settings
    from django.db import connection

    captured: list[tuple[str, Any]] = []

    def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append((sql, params))
        return execute(sql, params, many, context)

    # The kept side-menu counts and banner (common.short_cache) dropped: their queries are
    # planned too, as on the first click after they expire.
    settings.GUICHET_CACHE_NAMESPACE = uuid.uuid4().hex
    with connection.execute_wrapper(capture):
        response = client.get(url)
    if response.status_code != 200:
        raise AssertionError(f"{url}: {response.status_code}")
    plans = []
    with connection.cursor() as cursor:
        for sql, params in captured:
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            if not any(table in sql for table in BIG_TABLES):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
            raw = cursor.fetchone()[0]
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
            plans.append({"sql": sql[:160], **plan_summary(plan)})
    return plans


def run(*, requests: int) -> int:
    os.environ.setdefault("DEBUG", "false")
    from bench.desk_pages import Desk, desk_setup

    desk_setup(requests=requests)
    from bench.scenarios.queues import VIEWS, deep_url

    desk = Desk()
    client = desk.technician_client()
    pages: dict[str, str] = {}
    for view in VIEWS:
        first = f"/espace/guichet/?view={view}"
        pages[f"{view}, first page"] = first
        pages[f"{view}, deep page"] = deep_url(client, first)
    pages["filter SIREN"] = f"/espace/guichet/?company={desk.sample_request.siren}"
    pages["filter requester"] = f"/espace/guichet/?requester={desk.portal_owner_email}"
    pages["filter text"] = "/espace/guichet/?q=kangourou"
    results: dict[str, list[dict[str, Any]]] = {}
    failing = []
    print(f"{'page':<32} {'queries':>7} {'slowest ms':>10}  scans of the big tables")
    for name, url in pages.items():
        plans = explain_page(client, url)
        results[name] = plans
        scans = sorted(
            {
                f"{s['table'].removeprefix('lifecycle_')}:{s['index'] or s['node']}"
                for plan in plans
                for s in plan["scans"]
                if s["table"] in BIG_TABLES
            }
        )
        if any(plan["seq_scans_on_big_tables"] for plan in plans):
            failing.append(name)
        slowest = max((plan["ms"] for plan in plans), default=0.0)
        print(f"{name:<32} {len(plans):>7} {slowest:>10.2f}  {', '.join(scans)}")
    print(f"\nsequential scans of a big table: {failing or 'none'}")
    load = os.getloadavg()[0]
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    write_report(
        f"explain-{day}",
        {
            **environment(database=postgres_version(), load_before=load, load_after=load),
            "requests": requests,
            "pages": results,
            "failing": failing,
        },
    )
    return 1 if failing else 0
