"""Lists cost the same number of queries whatever the number of rows (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


def queries_for(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200
    return len(captured)


def test_the_staff_list_page_and_the_api_list_do_not_grow_with_rows(
    client, alice, tess, file_request
):
    client.force_login(tess)
    api = APIClient()
    api.force_authenticate(tess)
    for _ in range(2):
        move(file_request(alice), "take", tech=tess)
    # The first page loads the working calendar once (then only its fingerprint is read): warm it.
    client.get(reverse("helpdesk:backoffice_list"))
    page_few = queries_for(lambda: client.get(reverse("helpdesk:backoffice_list")))
    api_few = queries_for(lambda: api.get("/api/v1/requests/"))

    for _ in range(6):
        move(file_request(alice), "take", tech=tess)

    assert queries_for(lambda: client.get(reverse("helpdesk:backoffice_list"))) == page_few
    assert queries_for(lambda: api.get("/api/v1/requests/")) == api_few


def test_the_staff_request_page_does_not_grow_with_the_thread(
    client, alice, tess, file_request, forget_kept_figures
):
    from lifecycle.services import messages as message_services

    request = move(file_request(alice), "take", tech=tess)
    client.force_login(tess)
    url = reverse("helpdesk:backoffice_detail", args=[request.number])
    few = queries_for(lambda: client.get(url))

    for i in range(5):
        message_services.message_post(request=request, author=tess, body=f"Note {i}", internal=True)
    forget_kept_figures()

    assert queries_for(lambda: client.get(url)) == few
