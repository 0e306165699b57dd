"""The supervisors' desk over N requests (default 100,000), on PostgreSQL, measured in-process.

Uses its own database (``<name>_bench`` on the server of DATABASE_URL), created, migrated, seeded
with ``bulk_create`` (requests spread over 400 days, 5 % open, the SLA fields set as the SLA
computation would), measured, then dropped. Measures the whole page through Django's test client
(middleware, session, the view, the template) for the last 30 days and for one year, and the
CSV export of the per-day figure; prints p50/p95/p99 and the SQL queries of each, and writes
bench/results/desk.json. Targets (issue 11, at 1,000,000 requests): 30 days <= 300 ms, one year
<= 1 s, the same query count whatever the data.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta

from bench.common import bench_database, environment, postgres_version, summary, write_report

TARGETS_MS = {"30 days": 300.0, "one year": 1000.0}  # issue 11, at 1,000,000 requests
SUPERVISOR_EMAIL = "bench.superviseur@example.com"
TECHNICIANS = 20
TYPES = ["question", "admin_removal", "enrolment_cancellation", "liquidator_access"]
OPEN_STATES = ["submitted", "in_progress", "awaiting_requester", "updated", "executing"]
BATCH = 5000


def _variants(today: date) -> dict[str, str]:
    return {
        "30 days": "",
        "one year": f"?du={(today - timedelta(days=364)).isoformat()}&au={today.isoformat()}",
        "one type, a year": (
            f"?du={(today - timedelta(days=364)).isoformat()}&au={today.isoformat()}&type=question"
        ),
    }


def _seed(*, requests: int) -> None:
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from kb.models import SearchLog
    from lifecycle.models import Request, TransitionLog
    from users import roles
    from users.models import User

    rng = random.Random(20261201)
    now = datetime.now(UTC)
    with transaction.atomic():
        requester = User.objects.create_user(
            email="bench.demandeur@example.com",
            password="Bench-mot-de-passe-42",
            first_name="Banc",
            last_name="Demandeur",
            email_verified_at=now,
        )
        requester.groups.add(Group.objects.get_or_create(name=roles.REQUESTER)[0])
        supervisor = User.objects.create_user(
            email=SUPERVISOR_EMAIL,
            password="Bench-mot-de-passe-42",
            first_name="Banc",
            last_name="Superviseur",
            email_verified_at=now,
            is_staff=True,
        )
        supervisor.groups.add(Group.objects.get_or_create(name=roles.SUPERVISOR)[0])
        tech_group = Group.objects.get_or_create(name=roles.TECHNICIAN)[0]
        technicians = []
        for n in range(TECHNICIANS):
            tech = User.objects.create_user(
                email=f"tech{n}@example.com",
                password="Bench-mot-de-passe-42",
                first_name="Technicien",
                last_name=f"Numéro {n:02d}",
                email_verified_at=now,
                is_staff=True,
            )
            tech.groups.add(tech_group)
            technicians.append(tech)

    made = 0
    while made < requests:
        size = min(BATCH, requests - made)
        batch: list[Request] = []
        for n in range(made, made + size):
            filed = now - timedelta(minutes=rng.randint(0, 400 * 24 * 60))
            due = filed + timedelta(days=rng.choice([1, 3, 5, 7]))
            is_open = rng.random() < 0.05
            assignee = rng.choice(technicians) if rng.random() < 0.85 else None
            answered = filed + timedelta(minutes=rng.randint(10, 3 * 24 * 60))
            fields: dict[str, object] = {}
            if is_open:
                state = rng.choice(OPEN_STATES)
                late = due < now
                fields["sla_status"] = (
                    "breached" if late else rng.choice(["on_time", "on_time", "at_risk"])
                )
                fields["first_response_at"] = answered if answered < now else None
            else:
                state = rng.choice(["resolved", "closed", "closed", "closed"])
                resolved = answered + timedelta(minutes=rng.randint(0, 6 * 24 * 60))
                fields.update(
                    first_response_at=answered,
                    resolved_at=min(resolved, now),
                    sla_status="missed" if resolved > due else "met",
                    reopened_count=1 if rng.random() < 0.04 else 0,
                )
                assignee = assignee or technicians[n % TECHNICIANS]
            batch.append(
                Request(
                    number=f"DEM-{filed.year}-{n + 1:07d}",
                    type_key=rng.choice(TYPES),
                    requester=requester,
                    subject="Demande de banc d'essai",
                    state=state,
                    assignee=assignee,
                    filed_at=filed,
                    first_response_due=filed + timedelta(hours=9, minutes=30),
                    resolution_due=due,
                    **fields,
                )
            )
        with transaction.atomic():
            created = Request.objects.bulk_create(batch, batch_size=BATCH)
            TransitionLog.objects.bulk_create(
                [
                    TransitionLog(
                        request=request,
                        name="take",
                        from_state="submitted",
                        to_state="in_progress",
                        actor=request.assignee,
                        actor_role="technician",
                        at=request.first_response_at or request.filed_at,
                    )
                    for request in created
                    if request.assignee is not None
                ],
                batch_size=BATCH,
            )
        made += size
        print(f"  {made} requests", flush=True)
    SearchLog.objects.bulk_create(
        [
            SearchLog(
                query="résilier",
                normalised_query="resilier",
                results_count=3,
                created_at=now - timedelta(minutes=rng.randint(0, 400 * 24 * 60)),
                followed_by_request=rng.random() < 0.3,
            )
            for _ in range(max(1000, requests // 2))
        ],
        batch_size=BATCH,
    )
    with connection.cursor() as cursor:
        for table in ("lifecycle_request", "lifecycle_transitionlog", "kb_searchlog"):
            cursor.execute(f"VACUUM ANALYZE {table}")


def _measure(rounds: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from users.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(email=SUPERVISOR_EMAIL))
    pages = {
        name: f"/espace/pilotage/{query}" for name, query in _variants(timezone.localdate()).items()
    }
    pages["CSV per day, a year"] = (
        "/espace/pilotage/export/par-jour.csv" + pages["one year"][len("/espace/pilotage/") :]
    )
    client.get(pages["30 days"])  # the calendar is built once per process: not counted
    queries: dict[str, int] = {}
    for name, url in pages.items():  # warm-up, and the query count of each
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert response.status_code == 200, (name, response.status_code)
        queries[name] = len(captured)
    samples: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(rounds):
        for name, url in pages.items():
            started = time.perf_counter()
            response = client.get(url)
            if response.streaming:
                b"".join(response.streaming_content)  # type: ignore[attr-defined]
            samples[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return samples, queries


def run(*, requests: int, rounds: int, keep: bool) -> int:
    os.environ.setdefault("DEBUG", "false")
    with bench_database(keep=keep):
        print(f"seeding {requests} requests ...", flush=True)
        started = time.perf_counter()
        _seed(requests=requests)
        seeded_in = time.perf_counter() - started
        print(f"seeded in {seeded_in:.1f} s", flush=True)
        load_before = os.getloadavg()[0]
        samples, queries = _measure(rounds)
        load_after = os.getloadavg()[0]
        database = postgres_version()

    by_page = {name: summary(values) for name, values in samples.items()}
    print()
    print(
        f"{'page':<22} {'SQL':>4} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'target':>7}"
    )
    for name, row in by_page.items():
        target = TARGETS_MS.get(name)
        print(
            f"{name:<22} {queries[name]:>4} {row['n']:>4} {row['p50_ms']:>8.2f} "
            f"{row['p95_ms']:>8.2f} {row['p99_ms']:>8.2f} {target or '':>7}"
        )
    page_queries = {queries[name] for name in _variants(date.today())}
    constant = len(page_queries) == 1
    met = all(by_page[name]["p95_ms"] <= target for name, target in TARGETS_MS.items())
    verdict = "PASS" if met and constant else "FAIL"
    print(f"\nload average (1 min) before/after: {load_before:.2f} / {load_after:.2f}")
    print(f"SQL queries per page: {sorted(page_queries)} (same for 30 days and a year: {constant})")
    print(f"{verdict} (targets are for 1,000,000 requests; measured with {requests})")
    write_report(
        "desk",
        {
            "scenario": "supervisors' desk /espace/pilotage/ (test client: middleware + view + "
            "template), and its per-day CSV export",
            **environment(database=database, load_before=load_before, load_after=load_after),
            "requests": requests,
            "seed_seconds": round(seeded_in, 1),
            "rounds": rounds,
            "targets_p95_ms": TARGETS_MS,
            "queries": queries,
            "by_page": by_page,
            "verdict": verdict,
        },
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(run(requests=100_000, rounds=20, keep=False))
