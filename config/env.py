"""Reading settings from the environment (12-factor).

With nothing set, Guichet runs on the *embedded default*: SQLite, a server-less Celery broker,
the sandbox account core in-process and e-mails written to files. In the production profile
every required variable must be present: a missing or malformed one stops start-up with one
line naming it.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import environ

env = environ.Env()


def fail(name: str, problem: str) -> NoReturn:
    """Stop start-up with one line naming the variable."""
    sys.stderr.write(f"Guichet configuration error: {name} {problem}\n")
    raise SystemExit(2)


def required(name: str) -> str:
    value = env.str(name, default="").strip()
    if not value:
        fail(name, "is required in the production profile and is not set")
    return value
