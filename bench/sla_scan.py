"""The SLA scan over tens of thousands of open requests, on PostgreSQL, measured in-process.

Seeds N open requests with stored deadlines spread from two days ago to ten days ahead, as the
scan of a minute ago left them (the rows already late or at risk are marked and their alerts
claimed), then times ``sla_scan``:

- **steady minute**: the next minute: both set-based UPDATEs over every open request, and the
  alerts of the few rows that crossed a threshold in that minute. Target <= 5 s.
- **idle**: the same minute again (a second scheduler, a retried task): nothing to claim.
- **all statuses**: every stored status reset to on time (claims kept): the two UPDATEs move
  every late and at-risk row at once (thousands), no alert. Target <= 5 s.
- **backlog** (informational): every claim released, as after a first deployment: the scan
  claims up to ``--limit`` alerts of each kind, one compare-and-swap each, and the next runs take
  the rest. Its time grows with the backlog, not with the open requests.

Writes bench/results/sla_scan.json.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta

from bench.common import bench_database, environment, postgres_version, write_report

TARGET_S = 5.0
OPEN_STATES = ["submitted", "in_progress", "updated", "executing"]


def _seed(*, requests: int, now: datetime) -> None:
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from lifecycle.models import Request
    from users import roles
    from users.models import User

    rng = random.Random(20261201)
    with transaction.atomic():
        owner = User.objects.create_user(
            email="bench.sla@example.com", password="Bench-mot-de-passe-42", email_verified_at=now
        )
        owner.groups.add(Group.objects.get_or_create(name=roles.REQUESTER)[0])
        supervisor = User.objects.create_user(
            email="bench.supervisor@example.com", password="Bench-mot-de-passe-42"
        )
        supervisor.groups.add(Group.objects.get_or_create(name=roles.SUPERVISOR)[0])
        batch = []
        for n in range(requests):
            # Due from 2 days ago to 10 days ahead: ~1/6 overdue, at risk 1 day before due.
            due = now + timedelta(minutes=rng.randint(-2 * 24 * 60, 10 * 24 * 60))
            risk = due - timedelta(days=1)
            status = "breached" if due < now else "at_risk" if risk <= now else "on_time"
            batch.append(
                Request(
                    number=f"DEM-2026-{n + 1:06d}",
                    type_key="question",
                    requester=owner,
                    state=rng.choice(OPEN_STATES),
                    filed_at=due - timedelta(days=3),
                    first_response_due=due - timedelta(days=2),
                    first_response_at=due - timedelta(days=2, hours=1),
                    resolution_due=due,
                    sla_at_risk_at=risk,
                    sla_status=status,
                    sla_at_risk_notified_at=now if status != "on_time" else None,
                    sla_breach_notified_at=now if status == "breached" else None,
                )
            )
        Request.objects.bulk_create(batch, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE lifecycle_request")


def _reset_statuses() -> None:
    from lifecycle.models import Request

    Request.objects.update(sla_status="on_time")


def _release_claims() -> None:
    from lifecycle.models import Request

    Request.objects.update(sla_at_risk_notified_at=None, sla_breach_notified_at=None)


def _timed(now: datetime, limit: int) -> tuple[float, dict[str, int]]:
    from lifecycle.services.sla_scan import sla_scan

    started = time.perf_counter()
    result = sla_scan(now=now, limit=limit)
    elapsed = time.perf_counter() - started
    return elapsed, {
        "breached": result.breached,
        "at_risk": result.at_risk,
        "breach_alerts": result.breach_alerts,
        "at_risk_alerts": result.at_risk_alerts,
    }


def run(*, requests: int, limit: int, keep: bool) -> int:
    os.environ.setdefault("DEBUG", "false")
    now = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
    with bench_database(keep=keep):
        print(f"seeding {requests} open requests ...", flush=True)
        _seed(requests=requests, now=now)
        load_before = os.getloadavg()[0]
        runs = {
            "steady minute": _timed(now + timedelta(minutes=1), limit),
            "idle": _timed(now + timedelta(minutes=1), limit),
        }
        _reset_statuses()
        runs["all statuses"] = _timed(now + timedelta(minutes=1), limit)
        _release_claims()
        runs["backlog"] = _timed(now + timedelta(minutes=1), limit)
        load_after = os.getloadavg()[0]
        database = postgres_version()
    for name, (seconds, counts) in runs.items():
        print(f"{name:<14} {seconds:6.2f} s  {counts}")
    measured = [runs["steady minute"][0], runs["idle"][0], runs["all statuses"][0]]
    verdict = "PASS" if all(s <= TARGET_S for s in measured) else "FAIL"
    print(f"target <= {TARGET_S} s for all but the backlog run: {verdict}")
    write_report(
        "sla_scan",
        {
            "scenario": "sla_scan over N open requests (set-based statuses, CAS per alert)",
            **environment(database=database, load_before=load_before, load_after=load_after),
            "open_requests": requests,
            "alert_limit_per_run": limit,
            "target_s": TARGET_S,
            "runs": {name: {"seconds": round(s, 3), **c} for name, (s, c) in runs.items()},
            "verdict": verdict,
        },
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(run(requests=30000, limit=500, keep=False))
