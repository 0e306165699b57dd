"""Seeds a desk of N requests for the benchmarks, fast (PostgreSQL COPY) and resumable.

What it writes looks like a real desk: employers (many companies), liquidators (many companies
each), technicians and supervisors; companies and establishments in the sandbox core; every
request type; states spread as a desk of some years (most closed or resolved, a live backlog of
a few per cent); for every request a valid path of the state machine in the transition log,
messages, and for liquidator requests the court minutes (a few hundred tiny real PDFs, reused);
and the SLA fields computed by the real clock (``sla.clock.sla_compute``, per request, in memory).

Requests go in chunks of ``CHUNK``, each one transaction (its requests, logs, messages and
attachments): re-running continues after the last complete chunk. Run it through
``manage.py seed_bench --requests N`` (``python -m bench seed`` does the same). The pieces live
in ``bench/seeding/``: ``people`` (once), ``requests`` (by chunks), ``documents`` (the PDFs).
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from typing import Any

from bench.seeding.people import Sizes, load_world, seed_people
from bench.seeding.requests import TYPE_WEIGHTS, seed_chunk

CHUNK = 10_000


def seeded_count() -> int:
    from lifecycle.models import Request

    return Request.objects.filter(data__bench=True).count()


def seed(*, requests: int, progress: bool = True) -> int:
    """Seeds up to ``requests`` bench requests (continuing a partial run); returns how many
    were added."""
    from django.db import connection, transaction
    from tqdm import tqdm

    from sla.selectors import calendar_load, policy_load

    if connection.vendor != "postgresql":
        raise SystemExit("seed_bench writes with COPY: DATABASE_URL must be PostgreSQL.")
    now = datetime.now(UTC).replace(microsecond=0)
    rng = random.Random(20261201)
    sizes = Sizes(requests)
    with transaction.atomic():
        seed_people(sizes, rng, now)
    world = load_world()
    policies: dict[str, Any] = {}
    for type_key in TYPE_WEIGHTS:
        policy = policy_load(type_key)
        if policy is not None:
            policies[type_key] = (policy, calendar_load(policy.calendar_id))
    done = seeded_count()
    bar = tqdm(total=requests, initial=done, unit="req", disable=not progress)
    added = 0
    while done < requests:
        count = min(CHUNK, requests - done)
        with transaction.atomic():
            seed_chunk(
                start=done,
                count=count,
                total=requests,
                world=world,
                now=now,
                policies=policies,
                heavy_thread=min(requests - 1, 123),
            )
        done += count
        added += count
        bar.update(count)
    bar.close()
    with connection.cursor() as cursor:
        for table in ("lifecycle_request", "lifecycle_transitionlog", "lifecycle_message"):
            cursor.execute(f"ANALYZE {table}")
    # The desk's daily roll-up, built by the real code (as the nightly task would).
    # Today too, in part, as the five-minute beat task keeps it.
    from lifecycle.services.figures import figures_rebuild_due, figures_rebuild_today

    started = time.perf_counter()
    built = figures_rebuild_due(now=datetime.now(UTC))
    figures_rebuild_today(now=datetime.now(UTC))
    if progress:
        print(f"daily figures: {built.days} days in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        for table in ("dailyfigures", "dailyduration", "monthlyduration", "figuresday"):
            cursor.execute(f"ANALYZE lifecycle_{table}")
    return added
