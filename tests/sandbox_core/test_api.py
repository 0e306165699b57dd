"""The sandbox API's HTTP details the adapter relies on."""

import json

import pytest

from tests.accounts_bridge.conftest import SIRET

AUTH = {"HTTP_AUTHORIZATION": "Bearer sandbox-token"}
LINK_BODY = {
    "siret": SIRET,
    "administrator": {"last_name": "Durand", "first_name": "Alice"},
    "recipient_email": "liam@example.com",
    "request_ref": "R-1",
}


@pytest.fixture(autouse=True)
def _token(settings):
    settings.SANDBOX_CORE_API_TOKEN = "sandbox-token"


def post(client, path: str, body, key: str | None = "k-1", **extra: str):
    headers = {**AUTH, **extra}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(f"/sandbox/api/v1/{path}", data, content_type="application/json", **headers)


def test_an_issued_link_is_described_without_its_token(client, sandbox):
    response = post(
        client,
        "reset-links",
        LINK_BODY,
    )

    assert response.status_code == 200
    assert set(response.json()) == {"link_id", "issued_at", "expires_at", "status"}
    assert response["Cache-Control"] == "no-store"


def test_a_write_without_an_idempotency_key_is_refused(client, sandbox):
    response = post(
        client, "enrolment-cancellations", {"scope": "company", "identifier": SIRET[:9]}, key=None
    )

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


def test_a_body_that_is_not_json_is_refused_in_french(client, sandbox):
    response = post(client, "reset-links", "{pas du json")

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid_input",
        "message": "Le corps de la requête n'est pas du JSON valide.",
        "retryable": False,
    }


def test_a_missing_field_is_named(client, sandbox):
    response = post(client, "administrator-removals", {"siret": SIRET})

    assert response.status_code == 400
    assert "removed" in response.json()["message"]


def test_an_unknown_scope_is_refused(client, sandbox):
    response = post(client, "enrolment-cancellations", {"scope": "tout", "identifier": SIRET})

    assert response.status_code == 400


def test_reads_do_not_accept_writes(client, sandbox):
    response = client.post(f"/sandbox/api/v1/establishments/{SIRET}", **AUTH)

    assert response.status_code == 405


def test_listing_actors_costs_a_fixed_number_of_queries(client, sandbox, django_assert_num_queries):
    with django_assert_num_queries(3):
        response = client.get(f"/sandbox/api/v1/establishments/{SIRET}/actors", **AUTH)

    assert len(response.json()["actors"]) == 3


def test_the_link_base_url_comes_from_settings_never_from_the_host_header(
    client, sandbox, settings
):
    from django.core import mail

    settings.ALLOWED_HOSTS = ["*"]
    settings.SANDBOX_RESET_BASE_URL = "https://comptes.example"

    post(
        client,
        "reset-links",
        LINK_BODY,
        HTTP_HOST="attacker.example",
    )

    body = str(mail.outbox[-1].body)
    assert "https://comptes.example/sandbox/reinitialisation/" in body
    assert "attacker.example" not in body
