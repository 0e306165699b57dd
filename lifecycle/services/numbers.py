"""Request numbers: ``DEM-2026-000123``, sequential per year.

On PostgreSQL each year has its own sequence (``lifecycle_request_number_<year>``, created on
demand, starting after the year's old counter): ``nextval`` locks no row, so concurrent filings
no longer wait for each other's commit. A number taken by a filing that rolls back is skipped
(a gap, as with any sequence). Elsewhere (SQLite, the embedded default) the per-year counter row
is kept, incremented under its lock in the caller's transaction.
"""

from __future__ import annotations

from django.db import DatabaseError, connection, transaction
from django.db.models import F

from lifecycle.models import RequestCounter


def request_number_next(year: int) -> str:
    """The next number of ``year`` (inside the caller's transaction)."""
    last = _sequence_next(year) if connection.vendor == "postgresql" else _counter_next(year)
    return f"DEM-{year}-{last:06d}"


def sequence_name(year: int) -> str:
    return f"lifecycle_request_number_{int(year)}"


def _sequence_next(year: int) -> int:
    name = sequence_name(year)
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():  # a savepoint: a missing sequence must not abort ours
                cursor.execute("SELECT nextval(%s)", [name])
                return int(cursor.fetchone()[0])
        except DatabaseError:
            pass
        start = (
            RequestCounter.objects.filter(year=year).values_list("last", flat=True).first() or 0
        ) + 1
        try:
            with transaction.atomic():
                cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {name} START WITH {int(start)}")
        except DatabaseError:
            pass  # created meanwhile by a concurrent filing (now committed): use it
        cursor.execute("SELECT nextval(%s)", [name])
        return int(cursor.fetchone()[0])


def _counter_next(year: int) -> int:
    RequestCounter.objects.get_or_create(year=year)
    RequestCounter.objects.filter(year=year).update(last=F("last") + 1)
    return RequestCounter.objects.select_for_update().get(year=year).last
