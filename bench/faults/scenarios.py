"""The six faults under load. Each takes the running :class:`Stack` and returns its figures and
the guarantees it saw broken (an empty list: all held)."""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from typing import Any

from django.db import connection
from django.utils import timezone

from bench.faults import counts
from bench.faults.load import Load
from bench.faults.stack import Stack

Result = tuple[dict[str, Any], list[str]]


def _load(stack: Stack, threads: int = 8) -> Load:
    employer, _tech = counts.users()
    return Load(stack.base_url, counts.token_for(employer), threads=threads)


def redis_down(stack: Stack, *, filings: int, outage: float) -> Result:
    """Redis stopped while ``filings`` arrive over ``outage`` seconds, then started again."""
    load, since, mail0 = _load(stack), timezone.now(), counts.mail_lines(stack.mail_log)
    stack.services("redis-stop")
    load.stream([counts.question_body(n) for n in range(filings)], over=outage)
    stack.services("redis-start")
    settled = counts.wait_effects_settled(since, timeout=240)
    time.sleep(3)  # the last e-mails reach the sink
    figures = {
        **load.summary(),
        **counts.requests_since(since),
        **counts.effects_since(since),
        **counts.mails(stack.mail_log, after_line=mail0),
        "recovery_s": settled,
    }
    broken = []
    if figures["created"] != filings:
        broken.append(f"{filings - figures['created']} filings did not succeed")
    if figures["5xx"]:
        broken.append(f"{figures['5xx']} answers 5xx")
    if settled is None or figures["dead"]:
        broken.append("effects not all delivered after Redis returned")
    if figures["mails_duplicated"]:
        broken.append("e-mails delivered twice")
    return figures, broken


def postgres_restart(stack: Stack, *, seconds: float, down_for: float) -> Result:
    """Filings for ``seconds``; PostgreSQL stopped ``down_for`` seconds in the middle."""
    load, since = _load(stack, threads=4), timezone.now()
    bodies = [counts.question_body(n) for n in range(int(seconds * 4))]
    feeder = threading.Thread(target=load.stream, args=(bodies,), kwargs={"over": seconds})
    feeder.start()
    time.sleep((seconds - down_for) / 2)
    stack.services("pg-stop")
    time.sleep(down_for)
    stack.services("pg-start")
    connection.close()  # the bench's own connection died with the server
    feeder.join(seconds * 3)
    probe = load.file(counts.question_body(-1))  # a filing after the restart, and its effect
    settled = counts.wait_effects_settled(since, timeout=180)
    figures = {
        **load.summary(),
        **counts.requests_since(since),
        **counts.effects_since(since),
        "recovery_s": settled,
        "probe_after": probe.status,
    }
    broken = []
    if figures["bare_5xx"]:
        broken.append(f"{figures['bare_5xx']} bare 5xx (500, or 503 without Retry-After)")
    if figures["half_saved"]:
        broken.append(f"{figures['half_saved']} half-saved requests")
    if figures["saved"] != figures["created"]:
        broken.append("saved requests differ from the 201 answers")
    if settled is None or probe.status != 201:
        broken.append("the desk or the workers did not resume")
    return figures, broken


def letters(n: int) -> str:
    """A name made of letters only (the core's names are compared once normalised)."""
    word = ""
    while True:
        n, digit = divmod(n, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[digit] + word
        if n == 0:
            return word.capitalize()


def _removals(stack: Stack, n: int) -> list[Any]:
    """``n`` administrator removals taken by the technician, each of a distinct core actor."""
    from core_contract import normalise_name
    from lifecycle.services import requests as services
    from sandbox_core.models import SandboxActor, SandboxCompany

    employer, technician = counts.users()
    company = SandboxCompany.objects.get(siren=counts.DEMO_SIRET[:9])
    taken = []
    stamp = time.time_ns() % 10**9
    for i in range(n):
        # Straight into the core's table: past its limit of 3 administrators, on purpose.
        last = f"Charge {letters(stamp)} {letters(i)}"
        SandboxActor.objects.create(
            company=company,
            last_name=last,
            first_name="Bench",
            last_name_key=normalise_name(last),
            first_name_key=normalise_name("Bench"),
            role="administrator",
        )
        ticket = services.request_file(
            requester=employer,
            type_key="admin_removal",
            description=f"Radiation de {last}.",
            siret=counts.DEMO_SIRET,
            data={
                "removed": {"last_name": last, "first_name": "Bench"},
                "beneficiary": {"last_name": "Durand", "first_name": "Alice"},
                "reason": "Départ.",
            },
        )
        taken.append(services.request_take(request=ticket, actor=technician))
    return taken


def _core_counts(tickets: list[Any]) -> dict[str, int]:
    from lifecycle.models import Request
    from sandbox_core.models import SandboxIdempotencyRecord

    keys = list(
        SandboxIdempotencyRecord.objects.filter(key__startswith="request.core_action:").values_list(
            "key", flat=True
        )
    )
    per_request: dict[int, int] = {}
    for key in keys:
        pk = int(key.split(":")[1])
        per_request[pk] = per_request.get(pk, 0) + 1
    pks = [t.pk for t in tickets]
    states = list(Request.objects.filter(pk__in=pks).values_list("state", flat=True))
    return {
        "executions": len(pks),
        "core_applied": sum(1 for pk in pks if per_request.get(pk)),
        "core_lost": sum(1 for pk in pks if not per_request.get(pk)),
        "core_duplicated": sum(
            per_request.get(pk, 0) - 1 for pk in pks if per_request.get(pk, 0) > 1
        ),
        "resolved": states.count("resolved"),
    }


def _execute_all(tickets: list[Any], *, over: float) -> None:
    from lifecycle.services import requests as services

    _employer, technician = counts.users()
    gap = over / max(len(tickets), 1)
    for ticket in tickets:
        services.request_execute(request=ticket, actor=technician)
        time.sleep(gap)


def worker_kills(stack: Stack, *, executions: int, child_kills: int, whole_kills: int) -> Result:
    """Executions stream in while pool children, then whole workers, are SIGKILLed."""
    tickets, since = _removals(stack, executions), timezone.now()
    over = (child_kills + whole_kills * 4) * 1.5
    feeder = threading.Thread(target=_execute_all, args=(tickets,), kwargs={"over": over})
    feeder.start()
    killed_children = killed_workers = 0
    for _ in range(child_kills):
        worker = stack.processes[random.choice(["worker1", "worker2"])]
        children = worker.children()
        if children:
            os.kill(random.choice(children), signal.SIGKILL)
            killed_children += 1
        time.sleep(1.5)
    for n in range(whole_kills):
        name = ["worker1", "worker2"][n % 2]
        stack.processes[name].signal_group(signal.SIGKILL)
        stack.processes[name].popen.wait(10)
        killed_workers += 1
        stack.start_worker(name)
        time.sleep(4)
    feeder.join(over * 3 + 60)
    settled = counts.wait_effects_settled(since, timeout=300)
    figures = {
        "child_kills": killed_children,
        "worker_kills": killed_workers,
        **_core_counts(tickets),
        **counts.effects_since(since),
        "recovery_s": settled,
    }
    broken = []
    if figures["core_lost"]:
        broken.append(f"{figures['core_lost']} executions lost")
    if figures["core_duplicated"]:
        broken.append(f"{figures['core_duplicated']} executions duplicated in the core")
    if settled is None:
        broken.append("effects not all settled")
    return figures, broken
