"""`python -m bench faults`: the six faults of issue 15 under load, on a production-shaped stack
of its own (bench/faults/stack.py), with figures counted in the database and the core.

Prints a table, writes ``bench/results/faults-<date>.json`` and exits 1 when a guarantee is
broken. ``--quick`` shrinks every figure (a smoke run of a few minutes)."""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parents[1] / "results"
FAULTS = ("redis", "postgres", "workers", "core", "beat", "store")


def _plan(quick: bool) -> dict[str, tuple[str, dict[str, Any]]]:
    if quick:
        return {
            "redis": ("redis_down", {"filings": 50, "outage": 5}),
            "postgres": ("postgres_restart", {"seconds": 12, "down_for": 4}),
            "workers": ("worker_kills", {"executions": 15, "child_kills": 3, "whole_kills": 2}),
            "core": ("core_slow_then_down", {"filings": 10, "slow": 5, "down_for": 15}),
            "beat": ("beat_killed", {}),
            "store": ("store_down", {"filings": 3, "down_for": 10}),
        }
    return {
        "redis": ("redis_down", {"filings": 500, "outage": 60}),
        "postgres": ("postgres_restart", {"seconds": 40, "down_for": 15}),
        "workers": ("worker_kills", {"executions": 60, "child_kills": 20, "whole_kills": 20}),
        "core": ("core_slow_then_down", {"filings": 40, "slow": 5, "down_for": 60}),
        "beat": ("beat_killed", {}),
        "store": ("store_down", {"filings": 10, "down_for": 20}),
    }


def run(*, only: list[str] | None = None, quick: bool = False, keep: bool = False) -> int:
    from bench.faults.stack import Stack

    home = Path(tempfile.mkdtemp(prefix="guichet-faults-"))
    home.chmod(0o755)  # PostgreSQL runs as the postgres user when we are root
    stack = Stack(home)
    print(f"==> stack in {home}")
    results: dict[str, Any] = {}
    try:
        stack.start()
        os.environ.update(stack.env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        logging.getLogger("httpx").setLevel(logging.WARNING)
        from django.db import connection

        from bench.faults import scenarios, scenarios_deps

        for name, (function, kwargs) in _plan(quick).items():
            if only and name not in only:
                continue
            scenario: Callable[..., Any] = getattr(scenarios, function, None) or getattr(
                scenarios_deps, function
            )
            print(f"==> {name}: {function}({kwargs})", flush=True)
            connection.close()  # a fresh connection: an earlier fault may have killed it
            started = time.monotonic()
            try:
                figures, broken = scenario(stack, **kwargs)
            except Exception as exc:  # a scenario that crashes is a broken guarantee, reported
                figures, broken = (
                    {"error": repr(exc)},
                    [f"crashed: {traceback.format_exc()[-600:]}"],
                )
            results[name] = {
                "params": kwargs,
                "figures": figures,
                "broken": broken,
                "seconds": round(time.monotonic() - started, 1),
            }
            print(
                f"    {figures}\n    {'OK' if not broken else 'BROKEN: ' + '; '.join(broken)}",
                flush=True,
            )
    finally:
        stack.stop()
    _report(results, quick=quick)
    return 1 if any(r["broken"] for r in results.values()) or not results else 0


def _report(results: dict[str, Any], *, quick: bool) -> None:
    print()
    print(f"{'fault':<10} {'result':<8} {'seconds':>8}  figures")
    for name, result in results.items():
        status = "ok" if not result["broken"] else "BROKEN"
        shown = {k: v for k, v in result["figures"].items() if k != "statuses"}
        print(f"{name:<10} {status:<8} {result['seconds']:>8}  {shown}")
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = RESULTS / f"faults-{stamp}{'-quick' if quick else ''}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"==> {path}")
