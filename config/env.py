"""Reading settings from the environment (12-factor).

With nothing set, Guichet runs on the *embedded default*: SQLite, a server-less Celery broker,
the sandbox account core in-process and e-mails written to files. In the production profile
every required variable must be present: a missing or malformed one stops start-up with one
line naming it (and never echoing its value, which may be a secret).
"""

from __future__ import annotations

import os
import secrets
import sys
import time
from collections.abc import Collection
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import environ

_BOOLEANS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


# gunicorn's WORKER_BOOT_ERROR: its arbiter stops instead of respawning workers that cannot start.
EXIT_CONFIGURATION_ERROR = 3


def fail(name: str, problem: str) -> NoReturn:
    """Stop start-up with one line naming the variable."""
    sys.stderr.write(f"Guichet configuration error: {name} {problem}\n")
    sys.stderr.flush()
    raise SystemExit(EXIT_CONFIGURATION_ERROR)


class StrictEnv(environ.Env):
    """django-environ, but a missing or malformed variable stops start-up with one line.

    Differences from ``environ.Env``: a value is never expanded as a ``$PROXY`` reference (a
    secret may start with ``$``); booleans accept only 1/0, true/false, yes/no, on/off; any
    value that does not parse as asked names its variable instead of raising a traceback.
    """

    def get_value(
        self, var: str, cast: Any = None, default: Any = environ.Env.NOTSET, parse_default=False
    ) -> Any:
        if var in self.ENVIRON:
            value: Any = self.ENVIRON[var]
        elif default is self.NOTSET:
            fail(var, "is required and is not set")
        elif parse_default and isinstance(default, str):
            value = default
        else:
            return default
        if cast is bool:
            return _parse_bool(var, value)
        try:
            return self.parse_value(value, cast)
        except (ValueError, TypeError):
            fail(var, f"is malformed: expected {_KINDS.get(cast, 'a valid value')}")


def _parse_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    parsed = _BOOLEANS.get(str(value).strip().lower())
    if parsed is None:
        fail(name, "is malformed: expected true or false")
    return parsed


_KINDS: dict[Any, str] = {int: "an integer", float: "a number", list: "a comma-separated list"}

env = StrictEnv()


def required(name: str) -> str:
    """A variable the production profile cannot do without."""
    value = os.environ.get(name, "").strip()
    if not value:
        fail(name, "is required in the production profile and is not set")
    return value


def url(name: str, value: str, *, schemes: Collection[str], require_host: bool = True) -> str:
    """Check that ``value`` (read from ``name``) is a URL with one of ``schemes`` and a host."""
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        fail(name, f"is malformed: expected a URL starting with {_prefixes(schemes)}")
    has_host = bool(parts.hostname) or (parts.scheme == "unix" and bool(parts.path))
    if parts.scheme not in schemes or not (has_host or not require_host) or not port_ok:
        fail(name, f"is malformed: expected a URL starting with {_prefixes(schemes)}")
    return value


def _prefixes(schemes: Collection[str]) -> str:
    return ", ".join(f"{scheme}://" for scheme in sorted(schemes))


def secret_key(name: str, value: str) -> str:
    """Django's own rule for a strong key (security.W009), checked before anything runs."""
    if len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure"):
        fail(name, "is too weak: use at least 50 random characters")
    return value


def generated_secret(name: str, path: Path) -> str:
    """The secret kept in ``path``, generated there at the first start (owner only). Several
    processes of one installation may start at once: the first writes it, the others read it."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _attempt in range(40):  # another process of this installation is writing it
            value = path.read_text().strip()
            if value:
                return value
            time.sleep(0.05)
        fail(name, f"{path} is empty: delete it to have a new one generated")
    except FileNotFoundError:  # its directory does not exist yet
        path.parent.mkdir(parents=True, exist_ok=True)
        return generated_secret(name, path)
    value = secrets.token_urlsafe(50)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(value)
    return value


def int_between(name: str, default: int, high: int, unit: str) -> int:
    """A whole number of ``unit`` between 1 and ``high``; anything else stops start-up."""
    value = env.int(name, default=default)
    if not 1 <= value <= high:
        fail(name, f"is malformed: expected a number of {unit} between 1 and {high}")
    return value
