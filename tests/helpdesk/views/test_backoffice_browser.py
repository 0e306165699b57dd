"""A technician works a request in a real browser: the buttons ask for what they need."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.test import Client

from lifecycle.models import Request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_technician_takes_asks_and_sees_the_log(page, live_server, alice, tess, file_request):
    request = file_request(alice)
    client = Client()
    client.force_login(tess)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    host = live_server.url.split("//", 1)[1].split(":", 1)[0]
    page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "domain": host, "path": "/"}]
    )

    page.goto("/espace/guichet/")
    page.get_by_role("link", name=request.number).click()
    page.locator('form[data-transition="take"] button[type=submit]').click()

    assert "Action « Prendre en charge » effectuée." in page.locator(".messages").inner_text()
    ask = page.locator('form[data-transition="request_info"]')
    ask.get_by_label("Message au demandeur").fill("Merci de joindre les minutes du greffe.")
    ask.locator("button[type=submit]").click()

    assert "effectuée" in page.locator(".messages").inner_text()
    assert page.locator('[data-state="awaiting_requester"]').count() == 1
    assert "Merci de joindre les minutes du greffe." in page.locator(".thread").inner_text()
    journal = page.locator("#journal ~ table").inner_text()
    assert "Prise en charge par Tess Technicienne" in journal
    assert "Complément demandé au demandeur par Tess Technicienne" in journal
    assert "request_info" not in journal
    page.screenshot(path="/tmp/filing/backoffice_journal.png", full_page=True)
    assert Request.objects.get(pk=request.pk).state == "awaiting_requester"
