"""Every HTML page carries the strict Content-Security-Policy; signed-in pages are not cached."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from tests.documents.files import pdf_upload

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
STYLE = re.compile(r"<style\b|\sstyle=")


def plain_routes(patterns=None, prefix: str = "") -> list[str]:
    """Every URL of the project that takes no argument (admin pages included)."""
    found: list[str] = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if not isinstance(pattern.pattern, RoutePattern) or "<" in str(pattern.pattern):
            continue
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += plain_routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            found.append("/" + route)
    return found


def assert_strict_csp(response) -> None:
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert "unsafe" not in policy


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


@pytest.fixture(autouse=True)
def private_storage(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "location": str(tmp_path)},
        },
    }


@pytest.fixture
def superuser(tess):
    tess.is_superuser = True
    tess.save(update_fields=["is_superuser"])
    return tess


API_READERS = {"/api/v1/docs/", "/api/v1/redoc/"}


def test_every_page_without_arguments_has_the_csp_for_everyone(superuser):
    routes = plain_routes()
    assert "/compte/connexion/" in routes
    assert "/admin/login/" in routes
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(superuser)

    pages = 0
    for client in (anonymous, signed_in):
        for route in routes:
            response = client.get(route)
            if route in API_READERS:
                # Swagger UI and Redoc run their bundles (served from the project) under a
                # policy of their own; it still names no source but the desk itself.
                policy = response["Content-Security-Policy"]
                assert "http" not in policy, (route, policy)
                assert "*" not in policy, (route, policy)
                continue
            if is_html(response):
                pages += 1
                assert_strict_csp(response)

    assert pages > 20


def test_request_pages_and_the_404_page_have_the_csp(alice, tess, file_request):
    request = file_request(alice, files=[pdf_upload()])
    owner, staff = Client(), Client()
    owner.force_login(alice)
    staff.force_login(tess)

    for client, url in (
        (owner, f"/espace/demandes/{request.number}/"),
        (staff, f"/espace/guichet/{request.number}/"),
        (owner, "/nulle-part/"),
    ):
        response = client.get(url)
        assert is_html(response), url
        assert_strict_csp(response)


def test_a_download_keeps_its_own_sandbox_policy(alice, file_request):
    request = file_request(alice, files=[pdf_upload()])
    client = Client()
    client.force_login(alice)

    response = client.get(f"/espace/pieces-jointes/{request.attachments.get().token}/")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox"


def test_no_template_holds_an_inline_script_or_style():
    offenders = []
    for directory in TEMPLATE_DIRS:
        for template in directory.rglob("*.html"):
            if "emails" in template.parts:  # read in a mail client, never under our CSP
                continue
            text = template.read_text(encoding="utf-8")
            if INLINE_SCRIPT.search(text) or STYLE.search(text):
                offenders.append(str(template))
    assert offenders == []


def test_a_signed_in_page_is_private_and_not_stored(alice):
    client = Client()
    client.force_login(alice)

    for url in ("/espace/", "/compte/profil/", "/api/v1/requests/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url


def test_a_public_page_seen_anonymously_is_left_alone(db):
    response = Client().get("/")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
