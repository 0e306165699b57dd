"""Test-only outbox handlers, imported by the real worker through GUICHET_OUTBOX_HANDLER_MODULES.

``test.core_call`` plays an account core: it writes on its OWN connection (outside the consumer's
transaction, as a remote system would), logs every call it receives in ``outbox_test_call`` and
applies each idempotency key once in ``outbox_test_effect`` (primary key = the key), as the core
does with ``Idempotency-Key``. Its payload steers it: ``fail_times`` transient failures first,
``permanent`` to refuse, ``sleep_before`` / ``sleep_after`` seconds around applying the effect
during the first ``sleep_calls`` calls (so a test can kill the process at a chosen moment).
"""

from __future__ import annotations

import os
import time
from typing import Any

import psycopg
from django.db import connection

from outbox.errors import PermanentError, TransientError
from outbox.models import OutboxEffect
from outbox.registry import effect_handler

TABLES = {
    "outbox_test_call": "id serial PRIMARY KEY, key text NOT NULL, pid int NOT NULL",
    "outbox_test_effect": "key text PRIMARY KEY",
    "outbox_test_dead": "id serial PRIMARY KEY, key text NOT NULL",
}


def create_tables() -> None:
    """Create (or empty) the fake core's tables in the test database."""
    with connection.cursor() as cursor:
        for name, columns in TABLES.items():
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {name} ({columns})")
            cursor.execute(f"TRUNCATE {name}")


def core_connection() -> psycopg.Connection[Any]:
    settings = connection.settings_dict
    return psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    )


def record_dead(effect: OutboxEffect) -> None:
    # In the consumer's transaction, as a real on_dead hook would write (e.g. a request's state).
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO outbox_test_dead (key) VALUES (%s)", [effect.idempotency_key])


@effect_handler("test.core_call", on_dead=record_dead)
def core_call(effect: OutboxEffect) -> dict[str, Any]:
    payload = effect.payload
    with core_connection() as core:
        core.execute(
            "INSERT INTO outbox_test_call (key, pid) VALUES (%s, %s)",
            [effect.idempotency_key, os.getpid()],
        )
        row = core.execute(
            "SELECT count(*) FROM outbox_test_call WHERE key = %s", [effect.idempotency_key]
        ).fetchone()
        calls = int(row[0]) if row else 0
        if calls <= payload.get("fail_times", 0):
            raise TransientError(f"core unavailable (call {calls})")
        if payload.get("permanent"):
            raise PermanentError("core refused: 422 not an administrator")
        slow = calls <= payload.get("sleep_calls", 1)
        if slow:
            time.sleep(payload.get("sleep_before", 0))
        core.execute(
            "INSERT INTO outbox_test_effect (key) VALUES (%s) ON CONFLICT (key) DO NOTHING",
            [effect.idempotency_key],
        )
        if slow:
            time.sleep(payload.get("sleep_after", 0))
    return {"calls": calls}
