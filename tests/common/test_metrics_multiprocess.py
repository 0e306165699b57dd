"""prometheus-client's multiprocess mode: figures counted in several processes (gunicorn's
workers) are added up by the scrape, whichever process answers it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COUNT = "from common import metrics; metrics.upload_refused('type')"
SCRAPE = (
    "from common import metrics\n"
    "registry = metrics.registry_for_scrape()\n"
    "print(registry.get_sample_value('guichet_uploads_refused_total', {'reason': 'type'}))"
)


def run(code: str, directory: Path) -> str:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_it_adds_up_the_counts_of_every_process(tmp_path):
    for _ in range(3):
        run(COUNT, tmp_path)

    assert run(SCRAPE, tmp_path) == "3.0"
