# ruff: noqa: F811 - pytest fixtures imported from the request types' conftest
"""Documents in S3-compatible object storage (a real moto server on loopback): stored under the
server's name, streamed back through the desk's checks, purged with the request, and a store that
is down answered 503 with nothing saved — then working again by itself."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from documents.pdf import rebuild_pdf
from lifecycle.models import Attachment, AuditEvent, Message, Request
from lifecycle.services import requests as services
from lifecycle.services.retention import requests_purge_expired
from tests.documents.files import pdf_bytes, pdf_upload
from tests.lifecycle.conftest import move
from tests.lifecycle.types.conftest import companies  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

REMOVAL = {
    "type": "admin_removal",
    "siret": "73282932000074",
    "removed_last_name": "Lefèvre",
    "removed_first_name": "Jean-François",
    "beneficiary_last_name": "Durand",
    "beneficiary_first_name": "Alice",
    "reason": "Départ de l'entreprise.",
    "acknowledgement": "on",
}
STORE_DOWN = "Le stockage des documents est momentanément indisponible ; réessayez plus tard."


def api_for(user) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


def download(user, attachment: Attachment):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client.get(reverse("helpdesk:attachment_download", args=[attachment.token]))


def test_it_stores_a_filed_document_in_the_bucket_under_the_servers_name(
    alice, companies, s3_documents
):
    response = api_for(alice).post(
        "/api/v1/requests/", {**REMOVAL, "attachments": [pdf_upload("minutes.pdf")]}, "multipart"
    )

    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get()
    assert s3_documents.keys() == [attachment.file.name]
    assert attachment.file.name.startswith("attachments/")
    assert "minutes" not in attachment.file.name
    stored = s3_documents.store.client().get_object(
        Bucket=s3_documents.bucket, Key=attachment.file.name
    )
    assert stored["Body"].read() == rebuild_pdf(pdf_bytes())
    assert "x-amz-acl" not in stored["ResponseMetadata"]["HTTPHeaders"]


def test_a_download_is_streamed_from_the_store_with_the_desks_headers(
    alice, file_request, s3_documents
):
    attachment = file_request(alice, files=[pdf_upload()]).attachments.get()

    response = download(alice, attachment)

    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == rebuild_pdf(pdf_bytes())
    assert response["Content-Length"] == str(len(rebuild_pdf(pdf_bytes())))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert "Location" not in response  # never a redirect to a bucket URL
    assert s3_documents.store.endpoint.encode() not in response.serialize_headers()
    assert AuditEvent.objects.filter(kind="attachment.downloaded").count() == 1


def test_another_users_download_is_refused_without_asking_the_store(
    alice, bob, file_request, s3_documents
):
    attachment = file_request(alice, files=[pdf_upload()]).attachments.get()
    s3_documents.store.stop()  # the store is not even needed to refuse

    response = download(bob, attachment)

    assert response.status_code == 404
    assert AuditEvent.objects.get().kind == "attachment.denied"


def test_the_retention_purge_deletes_the_object(alice, tess, file_request, clock, s3_documents):
    request = file_request(alice, files=[pdf_upload()])
    move(request, "take", "resolve", tech=tess)
    clock.advance(days=16)
    assert services.request_close_due() == 1
    assert len(s3_documents.keys()) == 1

    clock.advance(days=3 * 365)
    assert requests_purge_expired()["documents"] == 1

    assert s3_documents.keys() == []
    assert Attachment.objects.get().file.name == ""


def test_a_purge_while_the_store_is_down_keeps_everything_for_the_next_run(
    alice, tess, file_request, clock, s3_documents
):
    request = file_request(alice, files=[pdf_upload()])
    move(request, "take", "resolve", tech=tess)
    clock.advance(days=16)
    services.request_close_due()
    clock.advance(days=3 * 365)
    name = Attachment.objects.get().file.name
    s3_documents.store.stop()

    assert requests_purge_expired()["documents"] == 0

    assert Attachment.objects.get().file.name == name  # the row still names the object
    assert Request.objects.get().documents_purged_at is None


def test_filing_with_a_document_while_the_store_is_down_is_a_french_503_and_saves_nothing(
    alice, companies, s3_documents
):
    s3_documents.store.stop()

    response = api_for(alice).post(
        "/api/v1/requests/", {**REMOVAL, "attachments": [pdf_upload()]}, "multipart"
    )

    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json() == {"code": "unavailable", "message": STORE_DOWN, "fields": {}}
    assert not Request.objects.exists()
    assert not Message.objects.exists()
    assert not Attachment.objects.exists()

    s3_documents.store.start()
    s3_documents.store.create_bucket(s3_documents.bucket)  # moto forgets everything on restart
    again = api_for(alice).post(
        "/api/v1/requests/", {**REMOVAL, "attachments": [pdf_upload()]}, "multipart"
    )
    assert again.status_code == 201, again.content
    assert s3_documents.keys() == [Attachment.objects.get().file.name]


def test_the_filing_page_says_so_in_french_when_the_store_is_down(alice, companies, s3_documents):
    s3_documents.store.stop()
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    form = {key: value for key, value in REMOVAL.items() if key != "type"}

    response = client.post(
        reverse("helpdesk:request_form", args=["admin_removal"]),
        {**form, "attachments": [pdf_upload()]},
    )

    assert response.status_code == 503
    assert STORE_DOWN in response.content.decode()
    assert not Request.objects.exists()


def test_a_download_while_the_store_is_down_is_a_503_and_works_again_after(
    alice, file_request, s3_documents
):
    attachment = file_request(alice, files=[pdf_upload()]).attachments.get()
    content = (
        s3_documents.store.client()
        .get_object(Bucket=s3_documents.bucket, Key=attachment.file.name)["Body"]
        .read()
    )
    s3_documents.store.stop()

    response = download(alice, attachment)

    assert response.status_code == 503
    assert response["Retry-After"]
    assert STORE_DOWN in response.content.decode()
    assert not AuditEvent.objects.filter(kind="attachment.downloaded").exists()

    s3_documents.store.start()  # back, empty: the object is put back as a restore would
    s3_documents.store.create_bucket(s3_documents.bucket)
    s3_documents.store.client().put_object(
        Bucket=s3_documents.bucket, Key=attachment.file.name, Body=content
    )
    again = download(alice, attachment)
    assert again.status_code == 200
    assert b"".join(again.streaming_content) == content
