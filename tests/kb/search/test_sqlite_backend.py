"""Runs the French matching rules against the embedded default: SQLite (in memory) + FTS5."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_the_french_rules_hold_on_sqlite(tmp_path):
    env = {
        **os.environ,
        # pytest-django gives SQLite an in-memory test database whatever the file name.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kb.sqlite3'}",
        "GUICHET_VAR_DIR": str(tmp_path),
        "KB_EXPECTED_VENDOR": "sqlite",
    }
    env.pop("REDIS_URL", None)
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/kb/search/test_french_rules.py",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert completed.returncode == 0, completed.stdout[-4000:] + completed.stderr[-2000:]
    passed = re.search(r"(\d+) passed", completed.stdout)
    assert passed is not None
    assert int(passed.group(1)) >= 25
    assert " failed" not in completed.stdout
