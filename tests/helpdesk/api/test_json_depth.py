"""A JSON body nested too deep is a 400 in the API's error shape, never a 500."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def deep(levels: int) -> str:
    return '{"version": 1, "x": ' + "[" * levels + "]" * levels + "}"


def test_a_body_nested_a_thousand_levels_is_a_400_with_a_code(alice, tess, file_request):
    request = file_request(alice)
    client = Client(raise_request_exception=False)
    client.force_login(tess)

    response = client.post(
        f"/api/v1/requests/{request.number}/transitions/take/",
        deep(1000),
        content_type="application/json",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "json_too_deep"
    assert "imbriqué trop profondément" in body["message"]
    request.refresh_from_db()
    assert request.assignee_id is None  # nothing taken


def test_the_filing_endpoint_refuses_it_too(alice):
    client = Client(raise_request_exception=False)
    client.force_login(alice)

    response = client.post("/api/v1/requests/", deep(1000), content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "json_too_deep"


def test_a_modest_nesting_is_read_then_judged_on_its_fields(alice, tess, file_request):
    request = file_request(alice)
    client = Client()
    client.force_login(tess)
    body = {"version": 1, "context": {"source": [{"kind": "queue", "tags": [["a"]]}]}}

    response = client.post(
        f"/api/v1/requests/{request.number}/transitions/take/",
        json.dumps(body),
        content_type="application/json",
    )

    # Parsed (not "too deep"): refused only because v1 names the unknown field.
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "context" in response.json()["fields"]
