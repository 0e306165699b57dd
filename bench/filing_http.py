"""``python -m bench filing_http``: filing over HTTP, gunicorn with 4 workers on loopback.

On the seeded desk (``<name>_bench_desk``, see ``bench.desk_pages``), starts gunicorn
(``config/gunicorn.conf.py``, ``WEB_CONCURRENCY=4``, ``DEBUG=false``) on ``127.0.0.1``, signs in
one requester per client (a session made directly, no password round trip), and lets C clients
(``bench.load``) file for a bounded time and count:

- ``filing: question`` — the question form (theme, subtheme, subject, text);
- ``filing: liquidator, 1 MB PDF`` — the liquidator's form with 1 MB minutes of the court,
  checked in full by the upload gate (signature, libmagic, PDF rebuilt, antivirus if enabled)
  and stored; every filing names another company (one open request per liquidator and company).

A filing answered ``302`` (to the new request's page) counts; anything else is an error. For
each: requests per second, p50/p95/max latency, errors, the workers' CPU per filing (their
``/proc`` user + system time over the run, divided by the filings), and the workers' RSS at the
end (target: a web worker ≤ 150 MB). The requests filed are deleted afterwards, so the desk
stays the seeded one. Writes ``bench/results/filing_http.json``.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.load import LoadResult, load_run, process_cpu_seconds, process_rss_mib

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
WORKERS = 4
WARMUP_PER_WORKER = 5
TARGETS_PER_SECOND = {"filing: question": 150.0, "filing: liquidator, 1 MB PDF": 50.0}
WORKER_RSS_TARGET_MIB = 150.0


def gunicorn_start(*, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "GUICHET_BIND": f"{HOST}:{port}",
        "WEB_CONCURRENCY": str(WORKERS),
        "DEBUG": "false",
        "ALLOWED_HOSTS": f"{HOST},localhost",
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "-c",
                str(ROOT / "config/gunicorn.conf.py"),
                "config.wsgi",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_ready(port: int, *, seconds: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://{HOST}:{port}/compte/connexion/", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {HOST}:{port} within {seconds:.0f} s")


def worker_pids(master: int) -> list[int]:
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def session_cookie(user: Any) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class Filer:
    """One signed-in requester's connection: its session and CSRF cookies, and the form."""

    def __init__(self, base: str, cookie: str, form_path: str) -> None:
        import httpx
        from django.conf import settings

        self.client = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
        self.form_path = form_path
        page = self.client.get(form_path, headers={"Cookie": cookie})
        if page.status_code != 200:
            raise SystemExit(f"{form_path}: {page.status_code} for the signed-in requester")
        match = re.search(
            rf"{settings.CSRF_COOKIE_NAME}=([^;]+)", page.headers.get("set-cookie", "")
        )
        if match is None:
            raise SystemExit(f"{form_path}: no CSRF cookie")
        self.token = match.group(1)
        self.headers = {
            "Cookie": f"{cookie}; {settings.CSRF_COOKIE_NAME}={self.token}",
            "X-CSRFToken": self.token,
            "Referer": base + form_path,
        }

    def post(self, data: dict[str, str], files: dict[str, Any] | None = None) -> int:
        response = self.client.post(self.form_path, data=data, files=files, headers=self.headers)
        return response.status_code


def _measure(
    name: str,
    *,
    master: int,
    filers: list[Filer],
    body: Any,
    seconds: float,
    max_requests: int,
) -> dict[str, Any]:
    # Warm-up, not counted: enough filings for every worker to have loaded its templates and
    # translations (the kernel, not us, picks the worker of a connection). Negative sequences.
    load_run(
        lambda client, sequence: filers[client].post(*body(client, -1 - sequence)),
        clients=len(filers),
        seconds=30,
        max_requests=WARMUP_PER_WORKER * WORKERS,
    )
    pids = worker_pids(master)
    cpu_before = sum(process_cpu_seconds(pid) for pid in pids)
    result: LoadResult = load_run(
        lambda client, sequence: filers[client].post(*body(client, sequence)),
        clients=len(filers),
        seconds=seconds,
        max_requests=max_requests,
    )
    cpu = sum(process_cpu_seconds(pid) for pid in pids) - cpu_before
    row = {"scenario": name, **result.as_row()}
    row["worker_cpu_ms_per_filing"] = round(cpu * 1000 / max(result.ok, 1), 1)
    row["worker_rss_mib"] = [round(process_rss_mib(pid), 1) for pid in worker_pids(master)]
    row["target_per_second"] = TARGETS_PER_SECOND[name]
    return row


def run(*, requests: int, clients: int, seconds: float, max_requests: int, port: int) -> int:
    os.environ.setdefault("DEBUG", "false")
    from bench.desk_pages import desk_setup

    desk_setup(requests=requests)
    from bench.cleanup import requests_filed_delete
    from bench.common import environment, postgres_version, write_report
    from bench.seeding.documents import pdf_of_size
    from bench.seeding.people import load_world, luhn_complete
    from lifecycle.models import Request, Theme
    from users.models import User

    employers = list(User.objects.filter(email__startswith="bench.emp").order_by("id")[:clients])
    liquidators = list(User.objects.filter(email__startswith="bench.liq").order_by("id")[:clients])
    sirets = [luhn_complete(siren + "0001") for siren in load_world().sirens]
    subtheme = Theme.objects.filter(parent__isnull=False, is_active=True).order_by("id").first()
    if subtheme is None or not employers or not liquidators or not sirets:
        raise SystemExit("the desk has no theme, employer, liquidator or establishment")
    minutes = pdf_of_size(1024 * 1024)
    started_at = Request.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def question(client: int, sequence: int) -> tuple[dict[str, str], None]:
        return (
            {
                "theme": str(subtheme.parent_id),
                "subtheme": str(subtheme.pk),
                "subject": f"Question de charge {sequence}",
                "question": "Bonjour, comment ajouter un second administrateur ? Merci. " * 4,
                "siret": "",
            },
            None,
        )

    def liquidator(client: int, sequence: int) -> tuple[dict[str, str], dict[str, Any]]:
        # Every filing a company of its own (sequences are unique across the clients; the
        # warm-ups' negative ones take the last companies).
        siret = sirets[sequence % len(sirets)]
        return (
            {
                "siret": siret,
                "recipient_email": f"liquidateur.{client}@example.com",
                "comment": "Minutes du jugement jointes.",
            },
            {"minutes": ("minutes-du-greffe.pdf", minutes, "application/pdf")},
        )

    log = Path(os.environ.get("GUICHET_VAR_DIR") or tempfile.gettempdir()) / "bench-gunicorn.log"
    server = gunicorn_start(port=port, log=log)
    rows: list[dict[str, Any]] = []
    load_before = os.getloadavg()[0]
    try:
        wait_ready(port)
        base = f"http://{HOST}:{port}"
        plans = [
            ("filing: question", employers, "/espace/demandes/nouvelle/question/", question),
            (
                "filing: liquidator, 1 MB PDF",
                liquidators,
                "/espace/demandes/nouvelle/liquidator_access/",
                liquidator,
            ),
        ]
        for name, people, path, body in plans:
            print(f"… {name}", flush=True)
            filers = [
                Filer(base, session_cookie(people[n % len(people)]), path) for n in range(clients)
            ]
            rows.append(
                _measure(
                    name,
                    master=server.pid,
                    filers=filers,
                    body=body,
                    seconds=seconds,
                    max_requests=max_requests,
                )
            )
            time.sleep(1)  # nothing in flight when the next one starts
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        print(f"cleanup: {requests_filed_delete(after_id=started_at)} filed requests deleted")
    load_after = os.getloadavg()[0]
    print_table(rows)
    write_report(
        "filing_http",
        {
            **environment(
                database=postgres_version(), load_before=load_before, load_after=load_after
            ),
            "requests": requests,
            "tool": f"gunicorn {WORKERS} sync workers, {clients} httpx client threads, loopback",
            "worker_rss_target_mib": WORKER_RSS_TARGET_MIB,
            "scenarios": rows,
        },
    )
    return 0


def print_table(rows: list[dict[str, Any]]) -> None:
    print(
        f"{'scenario':<30} {'per s':>7} {'target':>7} {'p50':>7} {'p95':>7} {'max':>7} "
        f"{'errors':>6} {'CPU ms':>7} {'RSS MiB (max)':>13}"
    )
    for row in rows:
        print(
            f"{row['scenario']:<30} {row['per_second']:>7.1f} {row['target_per_second']:>7.0f} "
            f"{row.get('p50_ms', 0):>7.1f} {row.get('p95_ms', 0):>7.1f} "
            f"{row.get('max_ms', 0):>7.1f} "
            f"{row['errors']:>6} {row['worker_cpu_ms_per_filing']:>7.1f} "
            f"{max(row['worker_rss_mib'] or [0]):>13.1f}"
        )


if __name__ == "__main__":
    sys.exit(run(requests=20_000, clients=8, seconds=15, max_requests=5000, port=8766))
