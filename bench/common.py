"""What every benchmark scenario shares: its own PostgreSQL database, percentiles, the report.

A scenario runs inside ``bench_database()`` (created, migrated, then dropped unless kept), turns
its samples into ``summary()`` rows, and writes its JSON with ``write_report()``.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def bench_database_url() -> str:
    """``<name>_bench`` on the PostgreSQL server of DATABASE_URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "DATABASE_URL must point at PostgreSQL, e.g.:\n"
            '  eval "$(scripts/services.sh start >/dev/null; scripts/services.sh env)"'
        )
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "guichet"
    return urlunsplit(parts._replace(path=f"/{name}_bench"))


def admin_execute(bench_url: str, statement: str) -> None:
    import psycopg

    parts = urlsplit(bench_url)
    admin_url = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(statement)


@contextmanager
def bench_database(*, keep: bool) -> Iterator[str]:
    """A fresh, migrated database for one run; Django is set up on it. Yields its name."""
    bench_url = bench_database_url()
    name = urlsplit(bench_url).path.lstrip("/")
    admin_execute(bench_url, f'DROP DATABASE IF EXISTS "{name}"')
    admin_execute(bench_url, f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        yield name
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            admin_execute(bench_url, f'DROP DATABASE IF EXISTS "{name}"')


def percentile(sorted_ms: list[float], q: float) -> float:
    index = max(0, min(len(sorted_ms) - 1, round(q * (len(sorted_ms) - 1))))
    return sorted_ms[index]


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "p50_ms": round(percentile(ordered, 0.50), 2),
        "p95_ms": round(percentile(ordered, 0.95), 2),
        "p99_ms": round(percentile(ordered, 0.99), 2),
        "mean_ms": round(statistics.fmean(ordered), 2),
        "max_ms": round(ordered[-1], 2),
    }


def environment(*, database: str, load_before: float, load_after: float) -> dict[str, Any]:
    """The report fields that say when and where a run was measured."""
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": database,
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared)",
        "load_average_1min": [round(load_before, 2), round(load_after, 2)],
    }


def postgres_version() -> str:
    from django.db import connection

    return f"PostgreSQL {getattr(connection, 'pg_version', '?')}"


def write_report(scenario: str, report: dict[str, Any]) -> Path:
    path = RESULTS_DIR / f"{scenario}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {path}")
    return path
