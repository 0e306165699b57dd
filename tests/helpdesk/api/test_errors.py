# ruff: noqa: F811 - pytest fixtures imported from the request types' conftest
"""Every error the API answers has one shape, ``{"code", "message", "fields"}``, in French.

Bad input is a 4xx and saves nothing.
"""

from __future__ import annotations

import pytest
from django.db import OperationalError
from rest_framework.test import APIClient

from lifecycle import selectors
from lifecycle.models import Message, Request, TransitionLog
from tests.documents.files import pdf_upload
from tests.helpdesk.api.test_request_create_api import REMOVAL
from tests.lifecycle.conftest import move
from tests.lifecycle.types.conftest import companies  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["message"]
    assert isinstance(body["fields"], dict)
    if code is not None:
        assert body["code"] == code
    return body


def transition_url(request, name: str) -> str:
    return f"/api/v1/requests/{request.number}/transitions/{name}/"


def test_it_names_a_wrongly_typed_field_and_moves_nothing(alice, tess, file_request):
    request = file_request(alice)

    response = client_for(tess).post(transition_url(request, "take"), {"version": "abc"}, "json")

    body = assert_error_shape(response, 400, "invalid")
    assert body["fields"]["version"] == ["Un nombre entier valide est requis."]
    assert Request.objects.get(pk=request.pk).state == "submitted"


def test_it_refuses_an_unknown_field_by_name_instead_of_ignoring_it(alice, tess, file_request):
    request = file_request(alice)

    response = client_for(tess).post(
        transition_url(request, "take"), {"version": request.version, "assign_to": 1}, "json"
    )

    body = assert_error_shape(response, 400, "invalid")
    assert body["fields"] == {"assign_to": ["Ce champ n'existe pas ici."]}
    assert not TransitionLog.objects.filter(request=request, name="take").exists()


@pytest.mark.parametrize("body", [b"[1, 2]", b"null", b'"texte"', b"42"])
def test_it_refuses_a_body_that_is_not_an_object(alice, tess, file_request, body):
    request = file_request(alice)

    response = client_for(tess).post(
        transition_url(request, "take"), body, content_type="application/json"
    )

    assert_error_shape(response, 400)
    assert Request.objects.get(pk=request.pk).state == "submitted"


def test_it_refuses_an_unknown_field_when_filing_and_files_nothing(alice, companies):
    response = client_for(alice).post(
        "/api/v1/requests/", {**REMOVAL, "priority": "urgent"}, format="json"
    )

    body = assert_error_shape(response, 400, "invalid")
    assert body["fields"] == {"priority": ["Ce champ n'existe pas ici."]}
    assert not Request.objects.exists()


@pytest.mark.parametrize("value", [{"nested": "x"}, ["73282932000074"]])
def test_it_refuses_an_object_or_array_where_one_value_is_expected(alice, companies, value):
    response = client_for(alice).post(
        "/api/v1/requests/", {**REMOVAL, "siret": value}, format="json"
    )

    body = assert_error_shape(response, 400, "invalid")
    assert list(body["fields"]) == ["siret"]
    assert not Request.objects.exists()


@pytest.mark.parametrize("body", [b'[{"type": "admin_removal"}]', b'"texte"', b"null"])
def test_it_refuses_a_filing_body_that_is_not_an_object(alice, companies, body):
    response = client_for(alice).post("/api/v1/requests/", body, content_type="application/json")

    assert_error_shape(response, 400, "invalid")
    assert not Request.objects.exists()


def test_an_unknown_request_type_is_a_404_in_the_error_shape(alice):
    response = client_for(alice).post("/api/v1/requests/", {"type": "nope"}, format="json")

    assert_error_shape(response, 404, "not_found")


def test_invalid_utf8_is_a_400_parse_error(alice, tess, file_request):
    request = file_request(alice)

    response = client_for(tess).post(
        transition_url(request, "take"), b'{"comment": "\xff\xfe"}', content_type="application/json"
    )

    body = assert_error_shape(response, 400, "parse_error")
    assert "n'a pas pu être lu" in body["message"]


def test_a_huge_string_is_refused_not_saved(alice, tess, file_request):
    request = file_request(alice)

    response = client_for(tess).post(
        f"/api/v1/requests/{request.number}/messages/", {"body": "x" * 200_000}, format="json"
    )

    body = assert_error_shape(response, 400, "invalid")
    assert list(body["fields"]) == ["body"]
    assert not Message.objects.filter(request=request, body__startswith="xxx").exists()


def test_a_stale_version_is_a_409_conflict(alice, tess, file_request):
    request = file_request(alice)

    response = client_for(tess).post(
        transition_url(request, "take"), {"version": request.version + 5}, format="json"
    )

    assert_error_shape(response, 409, "conflict")
    assert Request.objects.get(pk=request.pk).state == "submitted"


def test_a_wrong_method_is_a_405_in_french(tess):
    response = client_for(tess).get("/api/v1/requests/take-next/")

    body = assert_error_shape(response, 405, "method_not_allowed")
    assert "méthode" in body["message"]


def test_a_missing_csrf_token_is_refused_in_french(alice, tess, file_request):
    request = file_request(alice)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(tess)

    response = client.post(transition_url(request, "take"), {"version": 1}, format="json")

    body = assert_error_shape(response, 403, "csrf_failed")
    assert body["message"].startswith("Jeton CSRF absent ou incorrect")
    assert Request.objects.get(pk=request.pk).state == "submitted"


def test_an_oversize_file_is_a_413_and_moves_nothing(alice, tess, file_request, settings):
    request = move(file_request(alice), "take", "request_info", tech=tess)
    settings.GUICHET_UPLOAD_MAX_BYTES = 64

    response = client_for(alice).post(
        transition_url(request, "answer"),
        {"message": "Voici.", "files": [pdf_upload()]},
        format="multipart",
    )

    assert_error_shape(response, 413, "too_large")
    assert Request.objects.get(pk=request.pk).state == "awaiting_requester"


def test_the_database_away_in_a_view_is_a_503_with_retry_after(alice, monkeypatch):
    def database_gone(user):
        raise OperationalError("connection refused")

    monkeypatch.setattr(selectors, "requests_visible_to", database_gone)

    response = client_for(alice).get("/api/v1/requests/")

    body = assert_error_shape(response, 503, "unavailable")
    assert "indisponible" in body["message"]
    assert int(response["Retry-After"]) > 0
