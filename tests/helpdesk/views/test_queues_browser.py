"""A technician finds a request by SIREN in the queues, on a wide and a narrow screen."""

from __future__ import annotations

import os

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.support.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    host = live_server.url.split("//", 1)[1].split(":", 1)[0]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "domain": host, "path": "/"}]
    )


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 375])
def test_a_technician_finds_a_request_by_siren_and_opens_it(
    page, live_server, alice, bob, tess, file_request, width
):
    wanted = file_request(alice, data={"company_name": "Boulangerie Martin"})
    other = file_request(bob, siret="35600000000048")
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, tess)

    page.goto("/espace/guichet/")
    page.get_by_label("SIRET ou SIREN").fill("732 829 320")
    page.get_by_role("button", name="Appliquer les filtres").click()

    rows = page.locator("tr[data-number]")
    assert rows.count() == 1
    assert "Boulangerie Martin" in rows.first.inner_text()
    assert other.number not in page.content()
    assert no_sideways_scroll(page)
    assert_accessible(page)
    shots = os.environ.get("GUICHET_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/queues-{width}.png", full_page=True)
    page.get_by_role("link", name=wanted.number).click()
    assert page.url.endswith(f"/espace/guichet/demandes/{wanted.number}/")


def test_a_bulk_take_from_the_list_reports_what_was_refused(
    page, live_server, alice, tess, theo, file_request
):
    from tests.lifecycle.conftest import move

    free = file_request(alice)
    other = file_request(alice)
    sign_in(page, live_server, tess)
    page.goto("/espace/guichet/?view=unassigned")
    move(other, "take", tech=theo)  # taken by Théo while Tess looks at the list

    page.get_by_label(f"Sélectionner {free.number}").check()
    page.get_by_label(f"Sélectionner {other.number}").check()
    page.get_by_label("Action", exact=True).select_option("take")
    page.get_by_role("button", name="Appliquer à la sélection").click()

    text = page.locator(".messages").inner_text()
    assert f"1 demande traitée : {free.number}." in text
    assert f"{other.number} non traitée : La demande a été modifiée entre-temps" in text
    assert_accessible(page)
    shots = os.environ.get("GUICHET_SCREENSHOTS")
    if shots:
        page.screenshot(path=f"{shots}/queues-bulk.png", full_page=True)
