"""``python -m bench desk_pages --requests N``: every registered scenario on the seeded desk.

The desk is ``<name>_bench_desk`` on the server of DATABASE_URL, seeded by ``seed_bench`` (only
the missing requests are added: a second run at the same size seeds nothing). Each scenario:
warm-up calls, then timed rounds (median / p95 / max), the SQL queries of one call, and the
Python memory peak of one call (tracemalloc). Writes ``bench/results/<date>.json``.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from datetime import UTC, datetime
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from bench.common import (
    admin_execute,
    bench_database_url,
    environment,
    postgres_version,
    summary,
    write_report,
)


def desk_database_url() -> str:
    parts = urlsplit(bench_database_url())
    return urlunsplit(parts._replace(path=parts.path + "_desk"))


def desk_setup(*, requests: int) -> None:
    """Points Django at the desk database (created and migrated if missing), seeded to size."""
    import psycopg

    url = desk_database_url()
    name = urlsplit(url).path.lstrip("/")
    try:
        psycopg.connect(urlunsplit(urlsplit(url)._replace(scheme="postgresql"))).close()
    except psycopg.OperationalError:
        admin_execute(url, f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    quiet_requests()
    from bench.seed import seed

    started = time.perf_counter()
    added = seed(requests=requests)
    if added:
        print(f"seeded {added} requests in {time.perf_counter() - started:.0f} s", flush=True)


def quiet_requests() -> None:
    """As Django's test runner does: one connection for the run (the connection is not what we
    measure) and no access log line per sampled call."""
    import logging

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    logging.getLogger("guichet.request").setLevel(logging.WARNING)


class Desk:
    """The seeded desk's people and requests the scenarios name, and logged-in clients."""

    @cached_property
    def technician(self) -> Any:
        from users.models import User

        return User.objects.get(email="bench.tech0@example.com")

    @cached_property
    def portal_owner(self) -> Any:
        from users.models import User

        return User.objects.get(email="bench.emp0@example.com")

    @property
    def portal_owner_email(self) -> str:
        return str(self.portal_owner.email)

    @cached_property
    def sample_request(self) -> Any:
        """An open request with a SIRET, as a technician would look one up."""
        from lifecycle.models import Request

        return Request.objects.filter(state="in_progress").exclude(siret="").order_by("id").first()

    @cached_property
    def heavy(self) -> Any:
        from django.db.models import Count

        from lifecycle.models import Request

        return (
            Request.objects.annotate(n=Count("messages")).filter(n__gte=50).order_by("id").first()
        )

    @property
    def heavy_number(self) -> str:
        return str(self.heavy.number)

    @property
    def heavy_owner(self) -> Any:
        return self.heavy.requester

    @cached_property
    def supervisor(self) -> Any:
        from users.models import User

        return User.objects.get(email="bench.sup0@example.com")

    def supervisor_client(self) -> Any:
        return self._client(self.supervisor)

    def technician_client(self) -> Any:
        return self._client(self.technician)

    def requester_client(self, user: Any) -> Any:
        return self._client(user)

    def admin_client(self) -> Any:
        from users.models import User

        admin, created = User.objects.get_or_create(
            email="bench.admin@example.com",
            defaults={"first_name": "Admin", "last_name": "Banc", "is_staff": True},
        )
        if created or not admin.is_superuser:
            admin.is_superuser = admin.is_staff = True
            admin.save()
        return self._client(admin)

    def _client(self, user: Any) -> Any:
        from django.test import Client

        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        return client


def measure(scenario: Any, desk: Desk) -> dict[str, Any]:
    from django.db import connection

    sample = scenario.build(desk)
    for _ in range(scenario.warmup):
        sample()
    counted: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        counted.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):  # counts whatever DEBUG says
        sample()
    tracemalloc.start()
    sample()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    timings = []
    deadline = time.monotonic() + 60  # bounded in time as in count
    for _ in range(scenario.rounds):
        started = time.perf_counter()
        sample()
        timings.append((time.perf_counter() - started) * 1000)
        if time.monotonic() > deadline:
            break
    row = summary(timings)
    return {
        "scenario": scenario.name,
        "peer": scenario.peer,
        "target_p95_ms": scenario.target_ms,
        "queries": len(counted),
        "peak_kib": round(peak / 1024),
        **row,
    }


def print_table(rows: list[dict[str, Any]]) -> None:
    header = f"{'scenario':<30} {'median':>8} {'p95':>8} {'max':>8} {'SQL':>5} {'peak KiB':>9}"
    print(header)
    for row in rows:
        print(
            f"{row['scenario']:<30} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['max_ms']:>8.1f} {row['queries']:>5} {row['peak_kib']:>9}"
        )


def run(*, requests: int, only: str | None = None) -> int:
    os.environ.setdefault("DEBUG", "false")
    desk_setup(requests=requests)
    from bench.registry import discover

    desk = Desk()
    load_before = os.getloadavg()[0]
    rows = []
    for name, scenario in discover().items():
        if only and only not in name:
            continue
        print(f"… {name}", flush=True)
        rows.append(measure(scenario, desk))
    load_after = os.getloadavg()[0]
    print()
    print_table(rows)
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    write_report(
        day,
        {
            **environment(
                database=postgres_version(), load_before=load_before, load_after=load_after
            ),
            "requests": requests,
            "scenarios": rows,
        },
    )
    return 0
