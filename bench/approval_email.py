"""``python -m bench approval_email``: from a technician's approval of a liquidator request to
the reset e-mail written, end to end with a real Celery worker.

On the seeded desk: files ``--approvals`` liquidator requests (each on a company of its own,
given one administrator in the sandbox core), has a technician take them, then starts a Celery
worker with its beat (``celery -A config worker -B``: Redis broker, the outbox relay every 0.5 s)
and, one request at a time, calls ``request_execute`` (« Envoyer au liquidateur le lien… ») and
waits for the reset e-mail to the request's recipient to exist in ``EMAIL_FILE_PATH`` (the
file backend of the embedded profile). Latency = approve call → e-mail file seen (polled every
10 ms). Bounded: ``--approvals`` calls, 20 s per e-mail at most (a miss counts as an error).
Target: p95 ≤ 1 s. The relay's period (``GUICHET_OUTBOX_RELAY_SECONDS``, 0.5 s by default) is
the larger part of the wait; each approval comes at a random moment of it.
Writes ``bench/results/approval_email.json``.
"""

from __future__ import annotations

import io
import os
import random
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 1000.0
WAIT_SECONDS = 20.0


def _worker(log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                str(ROOT / ".venv/bin/celery"),
                "-A",
                "config",
                "worker",
                "-B",
                "--concurrency",
                "2",
                "--loglevel",
                "WARNING",
                "--schedule",
                str(Path(tempfile.mkdtemp()) / "beat-schedule"),
            ],
            cwd=ROOT,
            env={**os.environ, "DEBUG": "false"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # stopped as a group: the worker's children go with it
        )


def _mail_containing(directory: Path, seen: set[str], needle: str) -> bool:
    """Whether a file not yet in ``seen`` names ``needle``; the files read are added to it."""
    if not directory.exists():
        return False
    for path in directory.iterdir():
        if path.name in seen:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if "\n\n" not in text and not text.endswith("\n"):
            continue  # still being written: read again next time
        seen.add(path.name)
        if needle in text:
            return True
    return False


def _prepare(count: int, run_id: str) -> list[tuple[Any, str]]:
    """``count`` liquidator requests taken by a technician, each with its recipient."""
    from django.core.files import File

    from bench.seeding.documents import tiny_pdf
    from bench.seeding.people import load_world, luhn_complete
    from lifecycle.services.requests import request_file, request_take
    from sandbox_core.models import SandboxActor, SandboxCompany
    from sandbox_core.services.accounts import actor_add
    from users.models import User

    world = load_world()
    liquidator = User.objects.get(email="bench.liq1@example.com")
    technician = User.objects.get(email="bench.tech1@example.com")
    prepared = []
    for k in range(count):
        siren = world.sirens[-1 - k]  # the filing scenario takes companies from the start
        company = SandboxCompany.objects.get(siren=siren)
        if not SandboxActor.objects.filter(company=company).exists():
            actor_add(
                company=company,
                last_name="Administrateur",
                first_name=f"Banc {k}",
                email=f"admin.{siren}@example.com",
                role=SandboxActor.Role.ADMINISTRATOR,
            )
        recipient = f"liquidateur.{run_id}.{k}@example.com"
        request = request_file(
            requester=liquidator,
            type_key="liquidator_access",
            description=f"SIRET concerné : {luhn_complete(siren + '0001')}",
            siret=luhn_complete(siren + "0001"),
            data={"recipient_email": recipient, "company_name": company.name},
            files=[File(io.BytesIO(tiny_pdf(k)), name="minutes-du-greffe.pdf")],
        )
        prepared.append((request_take(request=request, actor=technician), recipient))
    return prepared


def run(*, requests: int, approvals: int) -> int:
    os.environ.setdefault("DEBUG", "false")
    from bench.desk_pages import desk_setup

    desk_setup(requests=requests)
    from django.conf import settings

    from bench.cleanup import requests_filed_delete
    from bench.common import environment, postgres_version, summary, write_report
    from lifecycle.models import Request
    from lifecycle.services.requests import request_execute
    from users.models import User

    if not settings.CELERY_BROKER_URL.startswith("redis"):
        raise SystemExit("CELERY_BROKER_URL must be Redis (scripts/services.sh env)")
    mail_dir = Path(getattr(settings, "EMAIL_FILE_PATH", "") or "")
    if settings.EMAIL_BACKEND != "django.core.mail.backends.filebased.EmailBackend":
        raise SystemExit("the e-mails must be written to files: leave EMAIL_URL empty")
    technician = User.objects.get(email="bench.tech1@example.com")
    first_id = Request.objects.order_by("-id").values_list("id", flat=True).first() or 0
    run_id = uuid.uuid4().hex[:8]
    warmup = 2
    log = Path(os.environ.get("GUICHET_VAR_DIR") or tempfile.gettempdir()) / "bench-celery.log"
    latencies: list[float] = []
    missed = 0
    worker = None
    load_before = os.getloadavg()[0]
    try:
        prepared = _prepare(approvals + warmup, run_id)
        worker = _worker(log)
        seen = {p.name for p in mail_dir.iterdir()} if mail_dir.exists() else set()
        pause = random.Random(20261202)
        for index, (request, recipient) in enumerate(prepared):
            # Approvals come at any moment of the relay's period, as a technician's do; back to
            # back, each would start just after the tick that sent the previous e-mail and wait
            # a whole period (the first run measured p50 = the period: 2,000 ms).
            time.sleep(pause.uniform(0, settings.GUICHET_OUTBOX_RELAY_SECONDS))
            started = time.perf_counter()
            request_execute(request=request, actor=technician)
            deadline = time.monotonic() + WAIT_SECONDS
            found = False
            while not found and time.monotonic() < deadline:
                found = _mail_containing(mail_dir, seen, recipient)
                if not found:
                    time.sleep(0.01)
            elapsed_ms = (time.perf_counter() - started) * 1000
            if index < warmup:
                continue
            if found:
                latencies.append(elapsed_ms)
            else:
                missed += 1
                print(f"no e-mail to {recipient} in {WAIT_SECONDS:.0f} s (see {log})", flush=True)
    finally:
        if worker is not None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        print(f"cleanup: {requests_filed_delete(after_id=first_id)} filed requests deleted")
    load_after = os.getloadavg()[0]
    row: dict[str, Any] = {
        "scenario": "approval to reset e-mail",
        "approvals": len(latencies) + missed,
        "missed": missed,
        "relay_seconds": settings.GUICHET_OUTBOX_RELAY_SECONDS,
        "target_p95_ms": TARGET_P95_MS,
    }
    if latencies:
        row.update(summary(latencies))
        print(
            f"approval → reset e-mail: n={row['n']} p50={row['p50_ms']:.0f} ms "
            f"p95={row['p95_ms']:.0f} ms max={row['max_ms']:.0f} ms missed={missed} "
            f"(target p95 ≤ {TARGET_P95_MS:.0f} ms)"
        )
    write_report(
        "approval_email",
        {
            **environment(
                database=postgres_version(), load_before=load_before, load_after=load_after
            ),
            "requests": requests,
            "worker": "celery -A config worker -B --concurrency 2 (Redis broker)",
            "scenarios": [row],
        },
    )
    return 0 if latencies else 1
