"""The requester's request page and the file downloads' headers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from documents.pdf import rebuild_pdf
from lifecycle.models import AuditEvent
from tests.documents.files import pdf_bytes, pdf_upload
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "location": str(tmp_path)},
        },
    }


def test_a_download_is_an_attachment_never_rendered(client, alice, file_request):
    attachment = file_request(alice, files=[pdf_upload()]).attachments.get()
    client.force_login(alice)

    response = client.get(reverse("helpdesk:attachment_download", args=[attachment.token]))

    assert response.status_code == 200
    # The PDF as filed, rebuilt into one clean revision (documents.pdf).
    assert b"".join(response.streaming_content) == rebuild_pdf(pdf_bytes())
    assert response["Content-Disposition"].startswith("attachment;")
    assert "minutes" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(kind="attachment.downloaded").count() == 1


def test_another_users_file_is_404_and_logged(client, alice, bob, file_request):
    attachment = file_request(alice, files=[pdf_upload()]).attachments.get()
    client.force_login(bob)

    response = client.get(reverse("helpdesk:attachment_download", args=[attachment.token]))

    assert response.status_code == 404
    assert AuditEvent.objects.get().kind == "attachment.denied"


def test_the_requester_answers_and_reopens_from_his_page(client, alice, tess, file_request):
    request = move(file_request(alice), "take", "request_info", tech=tess)
    client.force_login(alice)
    page = client.get(reverse("helpdesk:request_detail", args=[request.number]))
    assert 'data-transition="answer"' in page.content.decode()
    assert "En attente" in page.content.decode()

    answered = client.post(
        reverse("helpdesk:request_action", args=[request.number, "answer"]),
        {"version": request.version, "message": "Voici le document."},
        follow=True,
    )

    assert "Votre réponse a été transmise au guichet." in answered.content.decode()
    assert "Mis à jour" in answered.content.decode()


def test_the_requester_page_of_another_user_is_404(client, alice, bob, file_request):
    request = file_request(alice)
    client.force_login(bob)

    assert client.get(reverse("helpdesk:request_detail", args=[request.number])).status_code == 404
    response = client.post(
        reverse("helpdesk:request_action", args=[request.number, "answer"]),
        {"version": 1, "message": "x"},
    )
    assert response.status_code == 404


def test_a_requesters_stale_action_never_names_the_staff(client, alice, tess, sam, file_request):
    from django.urls import reverse

    from lifecycle.services import requests as request_services
    from tests.lifecycle.conftest import move

    request = move(file_request(alice), "take", "request_info", tech=tess)
    seen = request.version
    request_services.request_assign(request=request, actor=sam, technician=tess)
    client.force_login(alice)

    page = client.post(
        reverse("helpdesk:request_action", args=[request.number, "answer"]),
        {"version": seen, "message": "Voici le document."},
        follow=True,
    ).content.decode()

    assert "modifiée entre-temps" in page
    assert "Depuis l&#x27;ouverture de la page" not in page
    assert "Sam Superviseur" not in page
