"""The technicians' queues (``/espace/guichet/``) over N requests, on PostgreSQL, in-process.

Uses its own database (``<name>_bench``), seeded with ``bulk_create`` (default 100,000
requests, ~30 % open, one in ten with a message), measured through Django's test client as a
technician (middleware, session, the view, the side menu's counts, the template): every view's
first page, a page deep in the list (the cursor followed 20 times: rows 1,000–1,050) and
filtered pages. Prints p50/p95 and the SQL queries per page; writes bench/results/queues.json.
"""

from __future__ import annotations

import html
import os
import random
import re
import sys
import time
from datetime import UTC, datetime, timedelta

from bench.common import bench_database, environment, postgres_version, summary, write_report

TARGET_P95_MS = 50.0
TECH_EMAIL = "bench.tech@example.com"
DEEP_PAGES = 20
NEXT_LINK = re.compile(r'<a href="([^"]+)" rel="next">')
STATE_WEIGHTS = {
    "submitted": 10,
    "in_progress": 10,
    "awaiting_requester": 5,
    "updated": 3,
    "executing": 1,
    "resolved": 11,
    "closed": 60,
}
TYPES = ["question", "admin_removal", "enrolment_cancellation", "liquidator_access"]
SIRENS = ["732829320", "356000000", "552100554", "542065479", "443061841"]


def _seed(*, requests: int) -> None:
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from lifecycle.models import Message, Request
    from users import roles
    from users.models import User

    rng = random.Random(20261201)
    now = datetime.now(UTC)
    states, weights = list(STATE_WEIGHTS), list(STATE_WEIGHTS.values())
    from django.contrib.auth.hashers import make_password

    password = make_password("Bench-mot-de-passe-42")  # hashed once, not 205 times
    with transaction.atomic():
        tech_group, _ = Group.objects.get_or_create(name=roles.TECHNICIAN)
        req_group, _ = Group.objects.get_or_create(name=roles.REQUESTER)
        techs = User.objects.bulk_create(
            User(
                email=TECH_EMAIL if n == 0 else f"tech{n}@example.com",
                password=password,
                first_name="Tech",
                last_name=f"Banc {n}",
                is_staff=True,
            )
            for n in range(5)
        )
        requesters = User.objects.bulk_create(
            User(
                email=f"demandeur{n}@example.com",
                password=password,
                first_name=f"Prénom{n}",
                last_name=f"Demandeur{n}",
            )
            for n in range(200)
        )
        tech_group.user_set.add(*techs)
        req_group.user_set.add(*requesters)
        batch: list[Request] = []
        for n in range(requests):
            state = rng.choices(states, weights)[0]
            filed = now - timedelta(minutes=requests - n)
            siren = rng.choice(SIRENS) if n % 50 else f"{100000000 + n:09d}"
            is_open = state not in {"resolved", "closed"}
            due = filed + timedelta(days=rng.randint(1, 10))
            batch.append(
                Request(
                    number=f"DEM-2026-{n + 1:06d}",
                    type_key=rng.choice(TYPES),
                    requester=rng.choice(requesters),
                    siret=f"{siren}00011" if n % 3 else "",
                    siren=siren,
                    subject=f"Demande {n} : accès au compte de l'entreprise",
                    state=state,
                    assignee=None if state == "submitted" else rng.choice(techs),
                    sla_status=rng.choice(["on_time", "on_time", "at_risk", "breached"])
                    if is_open
                    else "met",
                    resolution_due=None if state == "awaiting_requester" else due,
                    data={"company_name": f"Société {siren}"},
                    filed_at=filed,
                )
            )
        Request.objects.bulk_create(batch, batch_size=2000)
        ids = list(Request.objects.values_list("pk", flat=True)[::10])
        Message.objects.bulk_create(
            [
                Message(
                    request_id=pk,
                    body=f"Bonjour, les minutes du greffe {pk} sont jointes.",
                    created_at=now,
                )
                for pk in ids
            ],
            batch_size=2000,
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE lifecycle_request")
        cursor.execute("VACUUM ANALYZE lifecycle_message")


def _variants() -> dict[str, str]:
    from lifecycle.queues import all_views

    variants = {f"view {view.key}": f"view={view.key}" for view in all_views()}
    variants.update(
        {
            "filter SIREN": "company=732829320",
            "filter SIRET": "company=73282932000011",
            "filter text (thread)": "q=minutes+du+greffe+4242",
            "filter requester": "requester=demandeur42",
            "filter state+type+sla": "state=in_progress&type=question&sla=at_risk",
            "filter mine, by update": "view=mine&sort=updated",
        }
    )
    return variants


def _measure(rounds: int) -> tuple[dict[str, list[float]], dict[str, int], dict[str, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from users.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(email=TECH_EMAIL))
    urls: dict[str, str] = {}
    for name, query in _variants().items():
        urls[name] = f"/espace/guichet/?{query}"
        if name.startswith("view "):  # follow the cursor to a page deep in the list
            url = urls[name]
            for _ in range(DEEP_PAGES):
                found = NEXT_LINK.search(client.get(url).content.decode())
                if found is None:
                    break
                url = html.unescape(found.group(1))
            urls[f"{name} (deep)"] = url
    queries: dict[str, int] = {}
    rows: dict[str, int] = {}
    for name, url in urls.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        queries[name] = len(captured)
        rows[name] = response.content.count(b'data-number="')
    samples: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(rounds):
        for name, url in urls.items():
            started = time.perf_counter()
            response = client.get(url)
            samples[name].append((time.perf_counter() - started) * 1000)
    return samples, queries, rows


def run(*, requests: int, rounds: int, keep: bool) -> int:
    os.environ.setdefault("DEBUG", "false")
    with bench_database(keep=keep):
        print(f"seeding {requests} requests ...", flush=True)
        started = time.perf_counter()
        _seed(requests=requests)
        print(f"seeded in {time.perf_counter() - started:.1f} s", flush=True)
        load_before = os.getloadavg()[0]
        samples, queries, rows = _measure(rounds)
        load_after = os.getloadavg()[0]
        database = postgres_version()

    by_page = {name: summary(values) for name, values in samples.items()}
    print(f"\n{'page':<34} {'rows':>5} {'SQL':>4} {'p50 ms':>8} {'p95 ms':>8}")
    for name, row in by_page.items():
        print(
            f"{name:<34} {rows[name]:>5} {queries[name]:>4} "
            f"{row['p50_ms']:>8.2f} {row['p95_ms']:>8.2f}"
        )
    worst = max(row["p95_ms"] for row in by_page.values())
    verdict = "PASS" if worst <= TARGET_P95_MS else "FAIL"
    print(f"\nload average (1 min) before/after: {load_before:.2f} / {load_after:.2f}")
    print(f"SQL queries per page: {sorted(set(queries.values()))}")
    print(f"worst p95 {worst} ms (target <= {TARGET_P95_MS} ms): {verdict}")
    write_report(
        "queues",
        {
            "scenario": "technicians' queues page (test client: middleware + view + template)",
            **environment(database=database, load_before=load_before, load_after=load_after),
            "requests_in_table": requests,
            "rounds": rounds,
            "target_p95_ms": TARGET_P95_MS,
            "queries_per_page": queries,
            "rows_per_page": rows,
            "by_page": by_page,
            "verdict": verdict,
        },
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(run(requests=100_000, rounds=20, keep=False))
