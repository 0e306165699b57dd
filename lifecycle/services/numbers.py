"""Request numbers: ``DEM-2026-000123``, sequential per year."""

from __future__ import annotations

from django.db.models import F

from lifecycle.models import RequestCounter


def request_number_next(year: int) -> str:
    """The next number of ``year``, taken under the counter row's lock (caller's transaction)."""
    RequestCounter.objects.get_or_create(year=year)
    RequestCounter.objects.filter(year=year).update(last=F("last") + 1)
    last = RequestCounter.objects.select_for_update().get(year=year).last
    return f"DEM-{year}-{last:06d}"
