"""Two technicians open the same request in two browsers: each sees the other, and the one
who acts second on the old page is refused with the lifecycle's conflict message."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client

from lifecycle.models import Request
from lifecycle.services import requests as request_services
from tests.support.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in_page(chromium, live_server, user):
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    host = live_server.url.split("//", 1)[1].split(":", 1)[0]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "domain": host, "path": "/"}])
    return context, context.new_page()


def test_two_browsers_see_each_other_and_the_stale_action_is_refused(
    chromium, live_server, settings, alice, tess, theo
):
    settings.GUICHET_BASE_URL = live_server.url
    cache.clear()
    request = request_services.request_file(
        requester=alice, type_key="question", description="Bonjour.", siret="73282932000074"
    )
    url = f"/espace/guichet/demandes/{request.number}/"
    tess_context, tess_page = signed_in_page(chromium, live_server, tess)
    theo_context, theo_page = signed_in_page(chromium, live_server, theo)
    try:
        tess_page.goto(url)
        theo_page.goto(url)
        # Théo's page beat on load and saw Tess; Tess's next beat (10 s) sees Théo: reload
        # instead of waiting.
        tess_page.reload()

        assert (
            "Théo Technicien consulte aussi cette demande."
            in tess_page.locator("[data-presence]").inner_text()
        )
        assert (
            "Tess Technicienne consulte aussi cette demande."
            in theo_page.locator("[data-presence]").inner_text()
        )
        assert_accessible(tess_page)

        tess_page.locator('form[data-transition="take"] button[type=submit]').click()
        assert "effectuée" in tess_page.locator(".messages").inner_text()
        theo_page.locator('form[data-transition="take"] button[type=submit]').click()

        refusal = theo_page.locator(".messages").inner_text()
        assert "modifiée entre-temps" in refusal
        # ... and says what changed: who did what, when.
        assert "Depuis l'ouverture de la page : Tess Technicienne a effectué « " in refusal
        assert_accessible(theo_page)
        assert Request.objects.get(pk=request.pk).assignee == tess
    finally:
        tess_context.close()
        theo_context.close()
        cache.clear()
