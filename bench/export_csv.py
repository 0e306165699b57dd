"""``python -m bench export_csv``: the supervisors' CSV export of requests, streamed, at two sizes.

The export is « Demandes déposées » over the last 366 days (the longest period the desk allows),
``/espace/pilotage/export/demandes.csv?liste=deposees``, read by ``django.test.Client`` as a
supervisor, up to ``rows`` lines. Each size runs in a fresh process (``--child``), so that its
peak RSS (``wait4``'s ``ru_maxrss``) is its own: a streamed export keeps the same peak at 10,000
and 100,000 rows. On a desk with fewer requests in the year, fewer rows are exported (the
report says how many). Writes ``bench/results/export_csv.json``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SIZES = (10_000, 100_000)


def child(*, requests: int, rows: int) -> int:
    """In the child process: one export of up to ``rows`` rows; prints its figures as JSON."""
    os.environ.setdefault("DEBUG", "false")
    from bench.desk_pages import desk_setup

    desk_setup(requests=requests)
    from django.test import Client
    from django.utils import timezone

    from users.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(email="bench.sup0@example.com"))
    today = timezone.localdate()
    since = today - timedelta(days=365)
    url = f"/espace/pilotage/export/demandes.csv?liste=deposees&du={since}&au={today}"
    started = time.perf_counter()
    response = client.get(url)
    if response.status_code != 200 or not response.streaming:
        raise SystemExit(f"{url}: {response.status_code}, streamed: {response.streaming}")
    lines = -1  # the header
    size = 0
    stream = iter(response.streaming_content)  # type: ignore[attr-defined]
    for chunk in stream:
        size += len(chunk)
        lines += chunk.count(b"\n")
        if lines >= rows:
            break
    response.close()
    seconds = time.perf_counter() - started
    print(json.dumps({"rows": min(lines, rows), "bytes": size, "seconds": round(seconds, 2)}))
    return 0


def run(*, requests: int, sizes: tuple[int, ...] = SIZES) -> int:
    from bench.common import write_report

    results: list[dict[str, Any]] = []
    for rows in sizes:
        print(f"… CSV export, up to {rows} rows", flush=True)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench",
                "export_csv",
                "--child",
                "--requests",
                str(requests),
                "--rows",
                str(rows),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
        )
        assert process.stdout is not None
        output = process.stdout.read().decode()
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise SystemExit(f"the export's process failed ({process.returncode})")
        figures = json.loads(output.strip().splitlines()[-1])
        figures["asked_rows"] = rows
        figures["peak_rss_mib"] = round(usage.ru_maxrss / 1024, 1)  # KiB on Linux
        figures["rows_per_second"] = round(figures["rows"] / max(figures["seconds"], 0.001))
        results.append(figures)
    print(
        f"{'rows asked':>10} {'rows':>8} {'MB':>6} {'seconds':>8} {'rows/s':>8} "
        f"{'peak RSS MiB':>13}"
    )
    for row in results:
        print(
            f"{row['asked_rows']:>10} {row['rows']:>8} {row['bytes'] / 1e6:>6.1f} "
            f"{row['seconds']:>8.2f} {row['rows_per_second']:>8} {row['peak_rss_mib']:>13.1f}"
        )
    flat = len(results) < 2 or results[-1]["peak_rss_mib"] <= results[0]["peak_rss_mib"] * 1.15
    print(f"memory flat (largest peak within 15 % of the smallest): {flat}")
    write_report(
        "export_csv",
        {
            "requests": requests,
            "url": "export/demandes.csv?liste=deposees",
            "flat": flat,
            "scenarios": results,
        },
    )
    return 0
