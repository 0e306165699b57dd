"""The staff see which documents no antivirus has read (the demo runs without clamd)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lifecycle.models import Attachment
from tests.documents.files import pdf_upload

pytestmark = pytest.mark.django_db

UNSCANNED = "non analysé par l'antivirus"


@pytest.fixture(autouse=True)
def private_storage(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "location": str(tmp_path)},
        },
    }


def staff_page(client, tess, request) -> str:
    client.force_login(tess)
    response = client.get(reverse("helpdesk:backoffice_detail", args=[request.number]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_document_filed_without_antivirus_is_marked_not_scanned(
    client, alice, tess, file_request, settings
):
    settings.GUICHET_CLAMD_ADDRESS = ""
    request = file_request(alice, files=[pdf_upload()])

    assert request.attachments.get().antivirus_scanned is False
    assert UNSCANNED in staff_page(client, tess, request)


def test_a_scanned_document_carries_no_warning(client, alice, tess, file_request):
    request = file_request(alice, files=[pdf_upload()])
    Attachment.objects.filter(request=request).update(antivirus_scanned=True)

    assert UNSCANNED not in staff_page(client, tess, request)
