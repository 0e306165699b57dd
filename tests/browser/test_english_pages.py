"""The desk walked in chromium by a browser that asks for English: the requester files a removal
and follows it, the technician reads it, on a wide and a narrow screen; no French from the layout,
no sideways scroll; what the filing stores stays the desk's French. (French stays the default: the
other browser tests run in fr-FR.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from lifecycle.models import Request
from tests.accounts_bridge.conftest import make_companies
from tests.test_translations import layout_strings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/english"
SIRET = "73282932000074"


@pytest.fixture
def english_page(chromium, live_server, settings) -> Iterator[Any]:
    settings.GUICHET_BASE_URL = live_server.url
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    host = live_server.url.split("//", 1)[1].split(":", 1)[0]
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "domain": host, "path": "/"}]
    )


def check_english(page: Any, name: str, width: int) -> str:
    """The page is English, shows none of the layout's French and fits the screen."""
    html = page.content()
    text = page.inner_text("body")
    assert page.get_attribute("html", "lang") == "en", name
    assert [french for french in layout_strings() if french in text] == [], name
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    page.screenshot(path=f"{SHOTS}/{name}_{width}.png", full_page=True)
    return html


@pytest.mark.parametrize("width", [1280, 390])
def test_an_english_browser_files_and_follows_a_removal_in_english(
    english_page, live_server, alice, tess, width
):
    page = english_page
    page.set_viewport_size({"width": width, "height": 900})
    make_companies()
    sign_in(page, live_server, alice)

    page.goto("/")
    check_english(page, "home", width)
    page.goto("/espace/demandes/nouvelle/")
    check_english(page, "request_new", width)
    page.goto("/espace/demandes/nouvelle/admin_removal/")
    page.get_by_label("Company SIRET").fill(SIRET)
    page.get_by_label("Administrator to remove: last name").fill("Lefèvre")
    page.get_by_label("Administrator to remove: first name").fill("Jean-François")
    page.get_by_label("Beneficiary of the transferred rights: last name").fill("Durand")
    page.get_by_label("Beneficiary of the transferred rights: first name").fill("Alice")
    page.fill("#id_reason", "Left the company.")
    page.check("#id_acknowledgement")
    check_english(page, "removal_form", width)
    page.get_by_role("button", name="Send").click()

    ticket = Request.objects.get()
    assert f"Your request {ticket.number} has been recorded." in page.inner_text(".messages")
    check_english(page, "portal_request", width)
    # What the filing stored is the desk's French, whatever the page's language.
    assert "Radiation de l'administrateur LEFÈVRE Jean-François" in page.inner_text("main")
    assert "Request filed: Not resolved" in page.inner_text("main")
    page.goto("/espace/")
    assert "Not resolved" in page.inner_text("main")
    check_english(page, "portal", width)

    sign_in(page, live_server, tess)
    page.goto("/espace/guichet/")
    check_english(page, "backoffice_list", width)
    page.goto(f"/espace/guichet/demandes/{ticket.number}/")
    text = page.inner_text("main")
    assert "Administrator to remove" in text
    assert "Request filed by Alice Durand" in page.inner_text("#journal ~ table")
    check_english(page, "backoffice_detail", width)
