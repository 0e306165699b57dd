from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.documents import samples, urls

pytestmark = pytest.mark.urls("tests.documents.urls")


@pytest.fixture(autouse=True)
def _reset_calls():
    urls.calls.clear()


def post(client: Client, *files: SimpleUploadedFile, **extra):
    return client.post("/upload/", {"files": list(files)}, **extra)


def pdf(name: str = "minutes.pdf", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data if data is not None else samples.valid_pdf())


def test_an_accepted_upload_reaches_the_view(client):
    response = post(client, pdf("../Minutes.pdf"))
    assert response.status_code == 200
    assert response.content.decode() == "Minutes.pdf"


def test_a_file_over_the_limit_is_stopped_while_streaming_with_413(client, settings):
    settings.GUICHET_UPLOAD_MAX_BYTES = 4096
    response = post(client, pdf(data=b"%PDF-" + b"0" * 4092))

    assert response.status_code == 413
    assert "Le fichier dépasse la taille maximale de" in response.content.decode()
    assert urls.calls == [], "the view never ran"


def test_a_body_announcing_more_than_the_allowance_is_refused_before_reading(client, settings):
    settings.GUICHET_UPLOAD_MAX_BYTES = 1024
    response = post(client, pdf(), CONTENT_LENGTH=str(50 * 1024 * 1024))

    assert response.status_code == 413
    assert urls.calls == []


def test_101_files_in_one_request_get_413(client):
    files = [pdf(f"f{n}.pdf", b"%PDF-1.4") for n in range(101)]

    response = post(client, *files)

    assert response.status_code == 413
    assert "Vous ne pouvez pas joindre plus de 10 fichiers à la fois." in response.content.decode()
    assert urls.calls == []


def test_our_own_file_count_limit_answers_413_too(client, settings):
    settings.GUICHET_UPLOAD_MAX_FILES = 2
    response = post(client, pdf("a.pdf"), pdf("b.pdf"), pdf("c.pdf"))
    assert response.status_code == 413
    assert "plus de 2 fichiers" in response.content.decode()


def test_a_refused_file_is_a_422_with_the_rule_that_failed(client):
    response = post(client, pdf(data=samples.ACTIVE_PDFS["launch"]()))
    assert response.status_code == 422
    assert "JavaScript ou des fichiers incorporés" in response.content.decode()


def test_the_view_still_checks_csrf():
    client = Client(enforce_csrf_checks=True)
    response = post(client, pdf())
    assert response.status_code == 403
    assert urls.calls == []
