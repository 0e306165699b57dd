"""The presence heartbeat answers a small fragment: who else is here, what changed."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def beat(client, request, version) -> str:
    url = reverse("helpdesk:backoffice_presence", args=[request.number])
    response = client.post(url, {"version": version})
    assert response.status_code == 200
    return response.content.decode()


def test_two_technicians_on_one_request_see_each_other_and_the_change(
    client, alice, tess, theo, file_request
):
    request = file_request(alice)
    client.force_login(tess)
    alone = beat(client, request, request.version)
    client.force_login(theo)
    with_tess = beat(client, request, request.version)
    move(request, "take", tech=tess)
    after_take = beat(client, request, 1)

    assert "consulte aussi" not in alone
    assert "Tess Technicienne consulte aussi cette demande." in with_tess
    assert "Tess Technicienne a effectué « Prendre en charge »" in after_take
    assert "Rechargez la page avant d" in after_take


def test_the_request_page_polls_with_htmx_and_a_csrf_header(client, alice, tess, file_request):
    request = file_request(alice)
    client.force_login(tess)

    page = client.get(reverse("helpdesk:backoffice_detail", args=[request.number])).content.decode()

    assert 'hx-trigger="load, every 10s"' in page
    assert "X-CSRFToken" in page
    assert reverse("helpdesk:backoffice_presence", args=[request.number]) in page
