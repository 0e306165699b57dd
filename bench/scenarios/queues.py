"""The technicians' queues (``/espace/guichet/``) on the seeded desk, in-process, as a technician.

Every view's first page and a page deep in it (the "next" cursor followed ``DEEP_PAGES`` times,
i.e. rows 1,000–1,050 at 50 a page), then the filters of issue 12 alone and combined. Each
sample checks the page answered 200 and, for the deep pages, that the cursor was really followed.
The side-menu counts and the banner are kept a few seconds (``common.short_cache``), so after
the first sample they are read from Redis, as for a technician clicking through his queues;
« counts not kept » is the same page with them counted again at every sample.
"""

from __future__ import annotations

import html
import re
from typing import Any

from bench.registry import Sample, scenario

DEEP_PAGES = 20
NEXT_LINK = re.compile(r'<a href="([^"]+)" rel="next">')
VIEWS = ("mine", "unassigned", "late", "waiting", "open", "type:question", "resolved", "closed")


def _page(client: Any, url: str) -> Sample:
    def sample() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"{url}: {response.status_code}")

    return sample


def _page_nothing_kept(client: Any, url: str) -> Sample:
    """The page as the first click after the kept figures expired (``common.short_cache``): the
    side-menu counts and the banner are counted again in every sample."""
    import uuid

    from django.conf import settings

    def sample() -> None:
        settings.GUICHET_CACHE_NAMESPACE = uuid.uuid4().hex
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"{url}: {response.status_code}")

    return sample


def deep_url(client: Any, url: str, pages: int = DEEP_PAGES) -> str:
    """The address of the page reached by following "next" ``pages`` times (or the last one)."""
    for _ in range(pages):
        found = NEXT_LINK.search(client.get(url).content.decode())
        if found is None:
            break
        url = html.unescape(found.group(1))
    return url


def _register_view(view: str) -> None:
    url = f"/espace/guichet/?view={view}"

    @scenario(
        f"queue {view}, first page",
        peer="list_json" if view == "open" else None,
        target_ms=50,
        rounds=20,
    )
    def first(desk: Any) -> Sample:
        return _page(desk.technician_client(), url)

    @scenario(f"queue {view}, deep page", target_ms=50, rounds=20)
    def deep(desk: Any) -> Sample:
        client = desk.technician_client()
        return _page(client, deep_url(client, url))


for _view in VIEWS:
    _register_view(_view)


@scenario("queue open, first, counts not kept", target_ms=50, rounds=20)
def open_nothing_kept(desk: Any) -> Sample:
    return _page_nothing_kept(desk.technician_client(), "/espace/guichet/?view=open")


def _filtered(name: str, query: Any) -> None:
    @scenario(f"queue filter {name}", target_ms=50, rounds=20)
    def build(desk: Any) -> Sample:
        return _page(desk.technician_client(), f"/espace/guichet/?{query(desk)}")


_filtered("SIREN", lambda desk: f"company={desk.sample_request.siren}")
_filtered("SIRET", lambda desk: f"company={desk.sample_request.siret}")
_filtered("requester e-mail", lambda desk: f"requester={desk.portal_owner_email}")
_filtered("number", lambda desk: f"number={desk.sample_request.number}")
_filtered("text, common word", lambda desk: "q=accéder")
_filtered("text, no match", lambda desk: "q=kangourou")
_filtered("state+type+sla", lambda desk: "state=in_progress&type=question&sla=at_risk")
_filtered("mine, by update", lambda desk: "view=mine&sort=updated")
_filtered("all closed, by filing", lambda desk: "view=closed&sort=filed")
