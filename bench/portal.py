""" "Mon espace" with 500 requests in one requester's account, on PostgreSQL, measured in-process.

Uses its own database (``<name>_bench`` on the server of DATABASE_URL, as ``bench search`` does),
created, migrated, seeded, measured, then dropped. Measures the whole page through Django's test
client (middleware, session, user, the list view, the template): the first page, a status filter,
a middle page and the last page; prints p50/p95/p99 and the SQL queries per page, and writes
bench/results/portal.json.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from bench.common import bench_database, environment, postgres_version, summary, write_report

TARGET_P95_MS = 30.0
REQUESTER_EMAIL = "bench.requester@example.com"
VARIANTS = {
    # name: query string of the page
    "first page": "",
    "status filter": "?statut=unresolved",
    "middle page": "?page=13",
    "last page": "?page=25",
}
# How the account's requests are spread over the states (a long-lived account: mostly done).
STATE_WEIGHTS = {
    "submitted": 4,
    "in_progress": 6,
    "awaiting_requester": 3,
    "updated": 2,
    "executing": 1,
    "resolved": 14,
    "closed": 70,
}


def _seed(*, requests: int, other_requesters: int) -> None:
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from lifecycle.models import Request
    from users import roles
    from users.models import User

    rng = random.Random(20261122)
    group, _created = Group.objects.get_or_create(name=roles.REQUESTER)
    now = datetime.now(UTC)
    states = list(STATE_WEIGHTS)
    weights = list(STATE_WEIGHTS.values())
    # The types an employer files (liquidator access is for liquidators, one open per SIRET).
    types = ["question", "admin_removal", "enrolment_cancellation"]
    with transaction.atomic():
        owners = [
            User.objects.create_user(
                email=REQUESTER_EMAIL if n == 0 else f"autre{n}@example.com",
                password="Bench-mot-de-passe-42",
                first_name="Banc",
                last_name=f"Essai {n}",
                profile=User.Profile.EMPLOYER,
                email_verified_at=now,
            )
            for n in range(other_requesters + 1)
        ]
        for owner in owners:
            owner.groups.add(group)
        counter = 0
        batch: list[Request] = []
        for owner in owners:  # every account holds as many requests as the measured one
            for n in range(requests):
                counter += 1
                filed = now - timedelta(days=2 * (requests - n), minutes=rng.randint(0, 600))
                batch.append(
                    Request(
                        number=f"DEM-{filed.year}-{counter:06d}",
                        type_key=rng.choice(types),
                        requester=owner,
                        siret="73282932000074",
                        subject=f"Demande {n} : accès au compte de l'entreprise",
                        state=rng.choices(states, weights)[0],
                        data={"note": "x" * rng.randint(50, 400)},
                        filed_at=filed,
                    )
                )
        Request.objects.bulk_create(batch, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE lifecycle_request")


def _measure(rounds: int) -> tuple[dict[str, list[float]], dict[str, int], dict[str, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from users.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(email=REQUESTER_EMAIL))
    queries: dict[str, int] = {}
    rows: dict[str, int] = {}
    for name, query in VARIANTS.items():  # warm-up, and the query count of each page
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/espace/{query}")
        assert response.status_code == 200, response.status_code
        queries[name] = len(captured)
        rows[name] = response.content.count(b'<th scope="row">')
    samples: dict[str, list[float]] = {name: [] for name in VARIANTS}
    for _ in range(rounds):
        for name, query in VARIANTS.items():
            started = time.perf_counter()
            response = client.get(f"/espace/{query}")
            samples[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return samples, queries, rows


def run(*, requests: int, other_requesters: int, rounds: int, keep: bool) -> int:
    os.environ.setdefault("DEBUG", "false")  # as served: no query log kept per request
    with bench_database(keep=keep):
        total = requests * (other_requesters + 1)
        print(f"seeding {total} requests ({requests} in the measured account) ...", flush=True)
        started = time.perf_counter()
        _seed(requests=requests, other_requesters=other_requesters)
        print(f"seeded in {time.perf_counter() - started:.1f} s", flush=True)
        load_before = os.getloadavg()[0]
        samples, queries, rows = _measure(rounds)
        load_after = os.getloadavg()[0]
        database = postgres_version()

    by_variant = {variant: summary(values) for variant, values in samples.items()}
    overall = summary([v for values in samples.values() for v in values])
    print()
    header = (
        f"{'page':<14} {'rows':>5} {'SQL':>4} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    )
    print(header)
    for variant, row in [*by_variant.items(), ("ALL", overall)]:
        print(
            f"{variant:<14} {rows.get(variant, ''):>5} {queries.get(variant, ''):>4} "
            f"{row['n']:>5} {row['p50_ms']:>8.2f} {row['p95_ms']:>8.2f} {row['p99_ms']:>8.2f}"
        )
    constant = len(set(queries.values())) == 1
    verdict = "PASS" if overall["p95_ms"] <= TARGET_P95_MS and constant else "FAIL"
    print(f"\nload average (1 min) before/after: {load_before:.2f} / {load_after:.2f}")
    print(f"SQL queries per page: {sorted(set(queries.values()))} (constant: {constant})")
    print(f"p95 {overall['p95_ms']} ms (target <= {TARGET_P95_MS} ms): {verdict}")

    write_report(
        "portal",
        {
            "scenario": '"Mon espace" list page (test client: middleware + view + template)',
            **environment(database=database, load_before=load_before, load_after=load_after),
            "requests_in_account": requests,
            "requests_in_table": requests * (other_requesters + 1),
            "rounds": rounds,
            "target_p95_ms": TARGET_P95_MS,
            "queries_per_page": queries,
            "rows_per_page": rows,
            "overall": overall,
            "by_page": by_variant,
            "verdict": verdict,
        },
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(run(requests=500, other_requesters=9, rounds=200, keep=False))
