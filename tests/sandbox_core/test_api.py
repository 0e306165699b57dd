"""The sandbox API's HTTP details the adapter relies on."""

import json

import pytest

from tests.accounts_bridge.conftest import SIRET
from tests.conftest import SANDBOX_TOKEN

AUTH = {"HTTP_AUTHORIZATION": f"Bearer {SANDBOX_TOKEN}"}
LINK_BODY = {
    "siret": SIRET,
    "administrator": {"last_name": "Durand", "first_name": "Alice"},
    "recipient_email": "liam@example.com",
    "request_ref": "R-1",
}


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


def test_a_body_nested_a_thousand_levels_is_invalid_input_not_a_500(client, sandbox):
    body = '{"siret": "' + SIRET + '", "x": ' + "[" * 1000 + "]" * 1000 + "}"

    response = post(client, "reset-links", body)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert "imbriqué trop profondément" in response.json()["message"]


def test_a_modest_nesting_is_read_as_before(client, sandbox):
    body = {**LINK_BODY, "request_ref": "R-9", "context": {"a": [{"b": [1]}]}}

    assert post(client, "reset-links", body).status_code == 200


# --- Who may call it --------------------------------------------------------------------------
def test_the_former_built_in_token_opens_nothing(client, sandbox):
    from django.core import mail

    response = post(client, "reset-links", LINK_BODY, HTTP_AUTHORIZATION="Bearer sandbox-token")

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert mail.outbox == []


@pytest.mark.parametrize("header", ["", "Bearer ", "Bearer x", f"Basic {SANDBOX_TOKEN}"])
def test_every_call_needs_the_installations_token(client, sandbox, header):
    response = client.get(f"/sandbox/api/v1/establishments/{SIRET}", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401


def test_without_a_generated_token_the_api_refuses_everyone(client, sandbox, settings):
    settings.SANDBOX_CORE_API_TOKEN = ""

    response = client.get(f"/sandbox/api/v1/establishments/{SIRET}", HTTP_AUTHORIZATION="Bearer ")

    assert response.status_code == 401


@pytest.mark.parametrize("address", ["203.0.113.7", "10.0.0.2", "::ffff:198.51.100.1", ""])
def test_the_api_answers_only_this_machine(client, sandbox, address):
    from django.core import mail

    response = post(client, "reset-links", LINK_BODY, REMOTE_ADDR=address)
    read = client.get(f"/sandbox/api/v1/establishments/{SIRET}", REMOTE_ADDR=address, **AUTH)

    assert (response.status_code, read.status_code) == (404, 404)
    assert mail.outbox == []


def test_a_forwarded_header_does_not_make_a_remote_client_local(client, sandbox):
    response = client.get(
        f"/sandbox/api/v1/establishments/{SIRET}",
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="127.0.0.1",
        **AUTH,
    )

    assert response.status_code == 404


def test_loopback_clients_with_the_token_are_served(client, sandbox):
    for address in ("127.0.0.1", "::1"):
        response = client.get(
            f"/sandbox/api/v1/establishments/{SIRET}", REMOTE_ADDR=address, **AUTH
        )
        assert response.status_code == 200
