"""``python -m bench profile_filing``: where one filing's CPU goes, in-process (cProfile).

On the seeded desk, files ``--filings`` questions and as many liquidator requests with a 1 MB
PDF through ``django.test.Client`` (middleware, form, service, template of the redirect), after
a warm-up, under cProfile; prints the CPU per filing (``time.process_time``) and the functions
with the most cumulative time, and writes ``bench/results/profile_filing.json``. The profiler
slows the calls down: read the shares, not the absolute times (the HTTP scenario measures those).
"""

from __future__ import annotations

import cProfile
import io
import itertools
import os
import pstats
import time
from typing import Any

TOP = 25


def _filings(desk_client: Any, *, path: str, bodies: list[dict[str, Any]]) -> float:
    started = time.process_time()
    for body in bodies:
        response = desk_client.post(path, body)
        if response.status_code != 302:
            raise AssertionError(f"{path}: {response.status_code}")
    return (time.process_time() - started) * 1000 / len(bodies)


def run(*, requests: int, filings: int) -> int:
    os.environ.setdefault("DEBUG", "false")
    from bench.desk_pages import desk_setup

    desk_setup(requests=requests)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from bench.cleanup import requests_filed_delete
    from bench.common import write_report
    from bench.seeding.documents import pdf_of_size
    from bench.seeding.people import load_world, luhn_complete
    from lifecycle.models import Request, Theme
    from users.models import User

    first_id = Request.objects.order_by("-id").values_list("id", flat=True).first() or 0
    subtheme = Theme.objects.filter(parent__isnull=False, is_active=True).order_by("id").first()
    assert subtheme is not None
    sirets = [luhn_complete(siren + "0001") for siren in load_world().sirens]
    minutes = pdf_of_size(1024 * 1024)
    employer = Client(SERVER_NAME="localhost")
    employer.force_login(User.objects.get(email="bench.emp1@example.com"))
    liquidator = Client(SERVER_NAME="localhost")
    liquidator.force_login(User.objects.get(email="bench.liq0@example.com"))

    def questions(n: int) -> list[dict[str, Any]]:
        return [
            {
                "theme": str(subtheme.parent_id),
                "subtheme": str(subtheme.pk),
                "subject": f"Question profilée {k}",
                "question": "Bonjour, comment ajouter un second administrateur ? Merci.",
            }
            for k in range(n)
        ]

    companies = itertools.count()  # a company of its own for every filing

    def liquidations(n: int) -> list[dict[str, Any]]:
        return [
            {
                "siret": sirets[next(companies) % len(sirets)],
                "recipient_email": "liquidateur@example.com",
                "comment": "",
                "minutes": SimpleUploadedFile("minutes.pdf", minutes, "application/pdf"),
            }
            for _k in range(n)
        ]

    plans = {
        "question": (employer, "/espace/demandes/nouvelle/question/", questions),
        "liquidator, 1 MB PDF": (
            liquidator,
            "/espace/demandes/nouvelle/liquidator_access/",
            liquidations,
        ),
    }
    report: dict[str, Any] = {"requests": requests, "filings": filings, "profiles": {}}
    try:
        for name, (client, path, bodies) in plans.items():
            _filings(client, path=path, bodies=bodies(2))  # warm-up: templates, caches
            cpu_ms = _filings(client, path=path, bodies=bodies(filings))
            profiler = cProfile.Profile(time.process_time)  # CPU, not waits on the database
            profiler.enable()
            _filings(client, path=path, bodies=bodies(filings))
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
            stats.print_stats(TOP)
            print(f"\n=== filing: {name} — {cpu_ms:.1f} ms CPU per filing (unprofiled)")
            print(out.getvalue())
            report["profiles"][name] = {
                "cpu_ms_per_filing": round(cpu_ms, 1),
                "top": out.getvalue(),
            }
    finally:
        print(f"cleanup: {requests_filed_delete(after_id=first_id)} filed requests deleted")
    write_report("profile_filing", report)
    return 0
