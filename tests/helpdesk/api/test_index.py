"""/api/v1/ lists the resources; the schema, Swagger UI and Redoc are served by the desk."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_it_lists_the_resources_urls():
    response = APIClient().get("/api/v1/")

    assert response.status_code == 200
    index = response.json()
    assert index["requests"] == "http://testserver/api/v1/requests/"
    assert index["schema"] == "http://testserver/api/v1/schema/"
    assert index["docs"] == "http://testserver/api/v1/docs/"


@pytest.mark.parametrize(
    ("old", "new"), [("/api/", "/api/v1/"), ("/api/schema/", "/api/v1/schema/")]
)
def test_it_leads_the_unversioned_addresses_to_version_1(old, new):
    response = APIClient().get(old)

    assert response.status_code == 302
    assert response["Location"] == new


def test_it_serves_the_openapi_schema():
    response = APIClient().get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert "/api/v1/requests/" in response.json()["paths"]


@pytest.mark.parametrize("page", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_it_serves_the_documentation_pages_from_its_own_static_files(page):
    response = APIClient().get(page)

    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert scripts
    for src in scripts:
        assert src.startswith("/static/"), src  # no CDN
        assert finders.find(src.removeprefix("/static/")), src
