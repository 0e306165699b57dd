"""The pages that exist today, in-process (django.test.Client: middleware, view, template)."""

from __future__ import annotations

from typing import Any

from bench.registry import Sample, scenario


def _get(client: Any, url: str, *, status: int = 200) -> Sample:
    def sample() -> None:
        response = client.get(url)
        if response.status_code != status:
            raise AssertionError(f"{url}: {response.status_code}")

    return sample


def _deep_page(per_page: int, count: int, fraction: float) -> int:
    return max(1, int(count * fraction) // per_page)


@scenario("staff list, first page", peer="list_json", target_ms=50)
def staff_first(desk: Any) -> Sample:
    return _get(desk.technician_client(), "/espace/guichet/")


@scenario("staff list, page 200", target_ms=50)
def staff_deep(desk: Any) -> Sample:
    return _get(desk.technician_client(), "/espace/guichet/?page=200")


@scenario("staff list, type question", target_ms=50)
def staff_type(desk: Any) -> Sample:
    return _get(desk.technician_client(), "/espace/guichet/?type=question")


@scenario("request page, 50 messages", peer="detail", target_ms=40)
def request_page(desk: Any) -> Sample:
    return _get(desk.requester_client(desk.heavy_owner), f"/espace/demandes/{desk.heavy_number}/")


@scenario("Mon espace, 500 requests", target_ms=30)
def mon_espace(desk: Any) -> Sample:
    return _get(desk.requester_client(desk.portal_owner), "/espace/")


@scenario("API list, first page", peer="api_list", target_ms=50)
def api_first(desk: Any) -> Sample:
    return _get(desk.technician_client(), "/api/requests/")


@scenario("API list, page 200", target_ms=50)
def api_deep(desk: Any) -> Sample:
    return _get(desk.technician_client(), "/api/requests/?page=200")


@scenario("admin request list", target_ms=200)
def admin_list(desk: Any) -> Sample:
    return _get(desk.admin_client(), "/admin/lifecycle/request/")


@scenario("admin search by e-mail", peer="list_json_search", target_ms=200)
def admin_search(desk: Any) -> Sample:
    return _get(desk.admin_client(), f"/admin/lifecycle/request/?q={desk.portal_owner_email}")


@scenario("admin search by number", target_ms=200)
def admin_search_number(desk: Any) -> Sample:
    return _get(desk.admin_client(), f"/admin/lifecycle/request/?q={desk.heavy_number}")


@scenario("desk, 30 days", target_ms=300)
def desk_30_days(desk: Any) -> Sample:
    return _get(desk.supervisor_client(), "/espace/pilotage/")


@scenario("desk, one year", target_ms=1000)
def desk_one_year(desk: Any) -> Sample:
    from datetime import datetime, timedelta

    from sla.calendar import PARIS

    today = datetime.now(PARIS).date()
    since = (today - timedelta(days=364)).isoformat()
    return _get(desk.supervisor_client(), f"/espace/pilotage/?du={since}&au={today.isoformat()}")
