"""config.urls_sandbox: the process that serves only the sandbox core (scripts/prodlike.sh)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import SANDBOX_TOKEN

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sandbox_only(settings) -> None:
    settings.ROOT_URLCONF = "config.urls_sandbox"
    settings.SANDBOX_CORE_ENABLED = True


def test_it_serves_the_cores_api_to_the_desk_with_its_token():
    response = Client().get(
        "/sandbox/api/v1/establishments/73282932000074",
        HTTP_AUTHORIZATION=f"Bearer {SANDBOX_TOKEN}",
    )

    assert response.status_code in {200, 404}  # an answer of the core (no company made here)
    assert response["Content-Type"] == "application/json"


def test_it_serves_none_of_the_desks_pages():
    client = Client()

    assert client.get("/espace/").status_code == 404
    assert client.get("/compte/connexion/").status_code == 404
    assert client.get("/metrics").status_code == 404
    assert client.get("/sante/").status_code in {200, 503}
