"""The supervisors' desk (``/espace/pilotage/``) on the seeded desk, and its per-day CSV export.

Replaces ``python -m bench desk`` and its own seeding: the same pages, on seed_bench's desk.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bench.registry import Sample, scenario


def _year_query() -> str:
    from django.utils import timezone

    today = timezone.localdate()
    return f"du={(today - timedelta(days=364)).isoformat()}&au={today.isoformat()}"


def _get(client: Any, url: str) -> Sample:
    def sample() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"{url}: {response.status_code}")
        if response.streaming:
            b"".join(response.streaming_content)

    return sample


@scenario("supervisors' desk, 30 days", peer="dashboard", target_ms=300)
def desk_30_days(desk: Any) -> Sample:
    return _get(desk.supervisor_client(), "/espace/pilotage/")


@scenario("supervisors' desk, one year", target_ms=1000)
def desk_one_year(desk: Any) -> Sample:
    return _get(desk.supervisor_client(), f"/espace/pilotage/?{_year_query()}")


@scenario("supervisors' desk, one type, a year", target_ms=1000)
def desk_one_type(desk: Any) -> Sample:
    return _get(desk.supervisor_client(), f"/espace/pilotage/?{_year_query()}&type=question")


@scenario("desk CSV per day, a year", rounds=10)
def desk_csv_per_day(desk: Any) -> Sample:
    return _get(desk.supervisor_client(), f"/espace/pilotage/export/par-jour.csv?{_year_query()}")
