"""Health of the services the desk depends on: database, broker, cache."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from celery import current_app as celery_app
from django.core.cache import cache
from django.db import connection


@dataclass(frozen=True)
class Probe:
    name: str
    ok: bool
    detail: str = ""


def probe_database() -> Probe:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # a health probe reports, it does not raise
        return Probe("database", False, type(exc).__name__)
    return Probe("database", True, connection.vendor)


def probe_broker() -> Probe:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:
        return Probe("broker", False, type(exc).__name__)
    return Probe("broker", True, str(transport))


def probe_cache() -> Probe:
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=5)
        ok = cache.get(key) == "ok"
        cache.delete(key)
    except Exception as exc:
        return Probe("cache", False, type(exc).__name__)
    return Probe("cache", ok, "" if ok else "read-back mismatch")


def run_probes() -> list[Probe]:
    return [probe_database(), probe_broker(), probe_cache()]
