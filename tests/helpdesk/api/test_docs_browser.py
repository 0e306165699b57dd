"""Swagger UI and Redoc load in a real browser from the desk's own static files, no CDN."""

from __future__ import annotations

import os

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("path", "ready"), [("/api/v1/docs/", ".opblock"), ("/api/v1/redoc/", "h1")]
)
def test_the_api_documentation_renders_the_schema_offline(chromium, live_server, path, ready):
    # Its own page, not the ``page`` fixture: here the policy is expected to block one request
    # (Redoc's CDN logo), which that fixture would count as a failure.
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    page = context.new_page()
    outside: dict[str, str] = {}

    def note(request):
        if not request.url.startswith((live_server.url, "data:", "blob:")):
            outside[request.url] = request.failure or "sent"

    # Redoc's footer asks for a logo on a CDN: the page's CSP must stop it in the browser.
    page.on("requestfinished", note)
    page.on("requestfailed", note)

    response = page.goto(path)
    page.wait_for_selector(ready)

    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "Guichet API" in page.content()
    assert "/api/v1/requests/" in page.content()
    assert all(why == "csp" for why in outside.values()), outside
    context.close()
    if os.environ.get("GUICHET_SCREENSHOTS"):
        name = path.strip("/").replace("/", "-")
        page.screenshot(path=f"{os.environ['GUICHET_SCREENSHOTS']}/{name}.png")
