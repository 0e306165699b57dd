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


@scenario("request page, 50 messages", peer="detail", target_ms=40)
def request_page(desk: Any) -> Sample:
    return _get(desk.requester_client(desk.heavy_owner), f"/espace/demandes/{desk.heavy_number}/")


@scenario("Mon espace, 500 requests", target_ms=30)
def mon_espace(desk: Any) -> Sample:
    return _get(desk.requester_client(desk.portal_owner), "/espace/")


@scenario("API list, first page", peer="api_list", target_ms=50)
def api_first(desk: Any) -> Sample:
    return _get(desk.technician_client(), "/api/v1/requests/")


@scenario("API list, deep page", target_ms=50)
def api_deep(desk: Any) -> Sample:
    client = desk.technician_client()
    url = "/api/v1/requests/"
    for _ in range(20):  # the "next" cursor followed 20 times
        following = client.get(url).json()["next"]
        if not following:
            break
        url = following
    return _get(client, url)


@scenario("admin request list", target_ms=200)
def admin_list(desk: Any) -> Sample:
    return _get(desk.admin_client(), "/admin/lifecycle/request/")


@scenario("admin search by e-mail", peer="list_json_search", target_ms=200)
def admin_search(desk: Any) -> Sample:
    return _get(desk.admin_client(), f"/admin/lifecycle/request/?q={desk.portal_owner_email}")


@scenario("admin search by number", target_ms=200)
def admin_search_number(desk: Any) -> Sample:
    return _get(desk.admin_client(), f"/admin/lifecycle/request/?q={desk.heavy_number}")
