# ruff: noqa: F811 - pytest fixtures imported from the knowledge base's conftest
"""Request types with their fields' schema, documents, and the knowledge base over the API."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from lifecycle.models import AuditEvent
from tests.documents.files import pdf_upload
from tests.kb.conftest import category, make_article  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_request_types_carry_the_json_schema_of_their_forms(alice):
    types = {t["key"]: t for t in client_for(alice).get("/api/v1/request-types/").json()}

    removal = types["admin_removal"]["fields"]
    assert removal["additionalProperties"] is False
    assert removal["properties"]["acknowledgement"]["type"] == "boolean"
    assert removal["properties"]["siret"]["type"] == "string"
    assert {"siret", "removed_last_name", "acknowledgement"} <= set(removal["required"])
    assert "liquidator_access" not in types  # alice is an employer: not her procedure


def test_a_type_the_user_may_not_file_is_not_found(alice, liam):
    assert client_for(liam).get("/api/v1/request-types/liquidator_access/").status_code == 200
    assert client_for(alice).get("/api/v1/request-types/liquidator_access/").status_code == 404
    assert client_for(alice).get("/api/v1/request-types/nope/").status_code == 404


def test_a_document_downloads_with_the_pages_headers_and_is_audited(alice, file_request):
    request = file_request(alice, files=[pdf_upload()])
    detail = client_for(alice).get(f"/api/v1/requests/{request.number}/").json()
    (document,) = detail["messages"][0]["attachments"]

    response = client_for(alice).get(document["api_url"])

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert response.getvalue().startswith(b"%PDF-")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ATTACHMENT_DOWNLOADED).count() == 1


def test_another_users_document_is_not_found_and_the_refusal_audited(alice, bob, file_request):
    request = file_request(alice, files=[pdf_upload()])
    token = request.attachments.get().token

    response = client_for(bob).get(f"/api/v1/documents/{token}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ATTACHMENT_DENIED).count() == 1


def test_the_knowledge_base_searches_in_french_and_serves_an_article(db, make_article):
    article = make_article("Résiliation de l'inscription", "Pour résilier votre inscription.")

    found = client_for(None).get("/api/v1/kb/search/?q=résilier").json()
    read = client_for(None).get(f"/api/v1/kb/articles/{article.slug}/")

    assert [hit["slug"] for hit in found["results"]] == [article.slug]
    assert "<mark>" not in found["results"][0]["excerpt"]
    assert read.status_code == 200
    assert read.json()["title"] == "Résiliation de l'inscription"


def test_a_draft_article_is_not_found(db, make_article):
    draft = make_article("Brouillon", publish=False)

    response = client_for(None).get(f"/api/v1/kb/articles/{draft.slug}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
