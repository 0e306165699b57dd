# ruff: noqa: F811 - pytest fixtures imported from the request types' conftest
"""A stream of executions while the pool child running them is SIGKILLed: every core action is
applied once, none lost, none twice — counted in the (sandbox) core's idempotency rows.

The lighter version of `python -m bench faults --only workers` (20 + 20 kills, 60 executions);
tests/outbox/test_worker.py proves the same one effect at a time with a fake core."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter
from datetime import timedelta

import pytest

from core_contract import normalise_name
from lifecycle.models import Request
from lifecycle.services import requests as services
from sandbox_core.models import SandboxActor, SandboxCompany, SandboxIdempotencyRecord
from tests.lifecycle.types.conftest import companies  # noqa: F401 - fixture
from tests.support.worker import pump_outbox, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

EXECUTIONS = 30
KILLS = 3
SIRET = "73282932000074"


def letters(n: int) -> str:
    return "".join("abcdefghijklmnopqrstuvwxyz"[int(d)] for d in str(n)).capitalize()


def removals_taken(alice, tess, count: int) -> list[Request]:
    """``count`` removals, each of an administrator of its own (past the core's limit of 3)."""
    company = SandboxCompany.objects.get(siren=SIRET[:9])
    taken = []
    for n in range(count):
        last = f"Radie {letters(n)}"
        SandboxActor.objects.create(
            company=company,
            last_name=last,
            first_name="Paul",
            last_name_key=normalise_name(last),
            first_name_key=normalise_name("Paul"),
            role=SandboxActor.Role.ADMINISTRATOR,
        )
        ticket = services.request_file(
            requester=alice,
            type_key="admin_removal",
            description=f"Radiation de {last}.",
            siret=SIRET,
            data={
                "removed": {"last_name": last, "first_name": "Paul"},
                "beneficiary": {"last_name": "Durand", "first_name": "Alice"},
                "reason": "Départ de l'entreprise.",
            },
        )
        taken.append(services.request_take(request=ticket, actor=tess))
    return taken


def core_rows_per_request() -> Counter[int]:
    keys = SandboxIdempotencyRecord.objects.filter(key__startswith="request.core_action:")
    return Counter(int(key.split(":")[1]) for key in keys.values_list("key", flat=True))


def test_executions_survive_pool_children_killed_mid_stream(
    celery_worker_factory, companies, alice, tess
):
    worker = celery_worker_factory(concurrency=2)
    tickets = removals_taken(alice, tess, EXECUTIONS)
    kills = 0
    for n, ticket in enumerate(tickets):
        services.request_execute(request=ticket, actor=tess)
        if n % (EXECUTIONS // KILLS) == EXECUTIONS // KILLS - 1:
            pump_outbox()
            time.sleep(0.3)  # let a child pick up a task
            children = worker.child_pids()
            if children:
                os.kill(children[0], signal.SIGKILL)
                kills += 1

    pks = [t.pk for t in tickets]
    wait_until(
        lambda: Request.objects.filter(pk__in=pks, state="resolved").count() == EXECUTIONS,
        timeout=90,
        interval=0.5,
        pump=lambda: pump_outbox(stuck_after=timedelta(seconds=5)),
        message="every execution to be confirmed by the core",
    )

    rows = core_rows_per_request()
    assert kills == KILLS
    assert [rows[pk] for pk in pks] == [1] * EXECUTIONS, "each core action applied exactly once"
    assert not SandboxActor.objects.filter(last_name__startswith="Radie ").exists()
    assert worker.alive()
