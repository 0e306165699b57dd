"""The upload limits on the real pages and API: French 413s, nothing filed.

One byte over 10 Mo is 413 ``too_large`` (it used to be a 400/422 form error after the whole
file was read); more than 10 files is 413 ``too_many_files`` (it used to be Django's raw
« Bad Request » page from ``TooManyFilesSent``).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lifecycle.models import Attachment, Request
from tests.documents.files import pdf_bytes
from tests.helpdesk.views.test_filing import FormType, form_type  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

TEN_MIB = 10 * 1024 * 1024
FILING = {"type": FormType.key, "siret": "73282932000074", "question": "Comment faire ?"}


def pdfs(count: int) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(f"piece-{n}.pdf", pdf_bytes()) for n in range(count)]


def one_byte_too_many() -> SimpleUploadedFile:
    data = pdf_bytes()
    return SimpleUploadedFile("gros.pdf", data + b"\n" * (TEN_MIB + 1 - len(data)))


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
def signed_in(alice) -> Client:
    client = Client()
    client.force_login(alice)
    return client


def filing_page() -> str:
    return reverse("helpdesk:request_form", args=[FormType.key])


def test_eleven_files_on_a_page_get_a_french_413_page_and_nothing_is_filed(signed_in):
    response = signed_in.post(filing_page(), {**FILING, "piece": pdfs(11)})

    assert response.status_code == 413
    page = response.content.decode()
    assert "Vous ne pouvez pas joindre plus de 10 fichiers à la fois." in page
    assert 'class="site-header"' in page
    assert "TooManyFilesSent" not in page
    assert not Request.objects.exists()


def test_one_byte_over_ten_megabytes_on_a_page_is_a_413(signed_in):
    response = signed_in.post(filing_page(), {**FILING, "piece": one_byte_too_many()})

    assert response.status_code == 413
    assert "Le fichier dépasse la taille maximale de 10 Mo." in response.content.decode()
    assert not Request.objects.exists()


def test_eleven_files_in_the_api_are_a_413_with_a_code(signed_in):
    response = signed_in.post("/api/v1/requests/", {**FILING, "piece": pdfs(11)})

    assert response.status_code == 413
    assert response.json() == {
        "code": "too_many_files",
        "message": "Vous ne pouvez pas joindre plus de 10 fichiers à la fois.",
        "fields": {},
    }
    assert not Request.objects.exists()


def test_one_byte_over_ten_megabytes_in_the_api_is_a_413_with_a_code(signed_in):
    response = signed_in.post("/api/v1/requests/", {**FILING, "piece": one_byte_too_many()})

    assert response.status_code == 413
    assert response.json() == {
        "code": "too_large",
        "message": "Le fichier dépasse la taille maximale de 10 Mo.",
        "fields": {},
    }
    assert not Attachment.objects.exists()


def test_ten_files_are_still_read(signed_in):
    response = signed_in.post(filing_page(), {**FILING, "piece": pdfs(10)})

    assert response.status_code == 302  # the form keeps one; the limit let all ten through
