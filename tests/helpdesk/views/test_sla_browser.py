"""A technician and the requester read the SLA in a real browser: words, no raw keys, no
sideways scroll, on a desktop and a phone width."""

from __future__ import annotations

import os
import re
from datetime import UTC

import pytest
from django.conf import settings as django_settings
from django.test import Client

from lifecycle.services.sla_scan import sla_scan
from tests.lifecycle.conftest import move, sla_policy_for_tests
from tests.sla.conftest import paris

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RAW = re.compile(r"\b(on_time|at_risk|breached|paused|outside_hours|waiting_requester)\b")
SHOTS = os.environ.get("GUICHET_SCREENSHOTS", "")


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    host = live_server.url.split("//", 1)[1].split(":", 1)[0]
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "domain": host, "path": "/"}]
    )


def read(page, url: str, name: str) -> str:
    text = ""
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        page.locator("details").evaluate_all("els => els.forEach(e => e.open = true)")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        wide = page.evaluate(
            """[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right
            > document.documentElement.clientWidth + 1).slice(0, 8).map(e => e.tagName + '.' +
            e.className + '#' + e.id + ' ' + (e.closest('section') || {}).id)"""
        )
        assert overflow <= 0, f"{name} scrolls sideways at {width}px: {wide}"
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        text = page.locator("main").inner_text()
        assert not RAW.search(text), RAW.search(text)
    return text


def test_the_staff_and_the_requester_read_why_a_request_is_late(
    page, live_server, clock, alice, tess, file_request
):
    sla_policy_for_tests()
    clock.current = paris(2026, 4, 3, 17, 0).astimezone(UTC)  # Friday before Easter Monday
    request = move(file_request(alice), "take", tech=tess)
    clock.current = paris(2026, 4, 7, 10, 0).astimezone(UTC)
    request = move(request, "request_info", tech=tess)
    clock.current = paris(2026, 4, 8, 9, 0).astimezone(UTC)
    request = move(request, "answer", requester=alice)
    clock.current = paris(2026, 4, 10, 11, 0).astimezone(UTC)
    sla_scan()

    sign_in(page, live_server, tess)
    listing = read(page, "/espace/guichet/?sort=due", "staff-list")
    assert "1 demande en retard, 0 à risque." in listing
    assert "En retard" in listing
    detail = read(page, f"/espace/guichet/demandes/{request.number}/", "staff-detail")
    assert "Jour férié : Lundi de Pâques" in detail
    assert "En attente du demandeur" in detail
    assert "en retard de" in detail

    sign_in(page, live_server, alice)
    portal = read(page, f"/espace/demandes/{request.number}/", "requester-detail")
    assert "Le délai annoncé est dépassé" in portal
    assert "Jour férié (non décompté) : Lundi de Pâques" in portal
