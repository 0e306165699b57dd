"""Role × route × method × ownership → status, for every route of the desk's namespaces.

A route added to helpdesk/urls.py or helpdesk/api_urls.py without a row here fails the first
test. Out-of-scope objects are 404, never 403; the API denies anonymous users (403).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from helpdesk import api_urls, urls
from lifecycle import registry
from tests.documents.files import pdf_upload
from tests.helpdesk.views.test_filing import FormType
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db

WHO = ("anonymous", "owner", "other", "technician")

# (namespace:name, method): expected status for anonymous, owner (alice), other (bob), tess.
MATRIX: dict[tuple[str, str], tuple[int, int, int, int]] = {
    ("helpdesk:portal", "GET"): (302, 200, 200, 200),
    ("helpdesk:request_new", "GET"): (302, 200, 200, 200),
    ("helpdesk:request_form", "GET"): (302, 200, 200, 200),
    ("helpdesk:request_detail", "GET"): (302, 200, 404, 200),
    ("helpdesk:request_action", "POST"): (302, 302, 404, 302),
    ("helpdesk:attachment_download", "GET"): (302, 200, 404, 200),
    ("helpdesk:backoffice_list", "GET"): (302, 404, 404, 200),
    ("helpdesk:backoffice_take_next", "POST"): (302, 404, 404, 302),
    ("helpdesk:backoffice_detail", "GET"): (302, 404, 404, 200),
    ("helpdesk:backoffice_transition", "POST"): (302, 404, 404, 302),
    ("helpdesk:backoffice_message", "POST"): (302, 404, 404, 302),
    ("api:index", "GET"): (200, 200, 200, 200),
    ("api:schema", "GET"): (200, 200, 200, 200),
    ("api:docs", "GET"): (200, 200, 200, 200),
    ("api:redoc", "GET"): (200, 200, 200, 200),
    ("api:request_list", "GET"): (403, 200, 200, 200),
    ("api:request_list", "POST"): (403, 201, 201, 403),
    ("api:request_take_next", "POST"): (403, 403, 403, 200),
    ("api:request_detail", "GET"): (403, 200, 404, 200),
    ("api:request_transition", "POST"): (403, 403, 404, 200),
    ("api:request_messages", "GET"): (403, 200, 404, 200),
    ("api:request_messages", "POST"): (403, 403, 404, 201),
}


def test_every_route_is_in_the_matrix():
    routes = {f"helpdesk:{p.name}" for p in urls.urlpatterns} | {
        f"api:{p.name}" for p in api_urls.urlpatterns
    }
    assert routes == {name for name, _method in MATRIX}


@pytest.fixture(autouse=True)
def private_storage(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "location": str(tmp_path)},
        },
    }


@pytest.fixture(autouse=True)
def a_type_with_a_form():
    registry.register(FormType)
    yield
    registry.unregister(FormType.key)


def target(name: str, request, attachment) -> tuple[str, dict]:
    """The URL and the body of one call, on a request alice filed."""
    number = request.number
    if name == "helpdesk:request_action":
        return reverse(name, args=[number, "answer"]), {"version": request.version, "message": "x"}
    if name == "helpdesk:backoffice_transition":
        return reverse(name, args=[number, "take"]), {"version": request.version}
    if name == "helpdesk:backoffice_message":
        return reverse(name, args=[number]), {"body": "Note.", "internal": "on"}
    if name == "api:request_transition":
        return reverse(name, args=[number, "take"]), {"version": request.version}
    if name == "api:request_messages":
        return reverse(name, args=[number]), {"body": "Note.", "internal": True}
    if name == "api:request_list":
        return reverse(name), {"type": FormType.key, "siret": "73282932000074", "question": "?"}
    if name == "helpdesk:request_form":
        return reverse(name, args=[FormType.key]), {}
    if name == "helpdesk:attachment_download":
        return reverse(name, args=[attachment.token]), {}
    if name in {"helpdesk:request_detail", "helpdesk:backoffice_detail", "api:request_detail"}:
        return reverse(name, args=[number]), {}
    return reverse(name), {}


@pytest.mark.parametrize(("name", "method"), list(MATRIX))
@pytest.mark.parametrize("who", WHO)
def test_the_authorization_matrix(name, method, who, alice, bob, tess, file_request):
    request = file_request(alice, files=[pdf_upload()])
    if name == "helpdesk:request_action":
        request = move(request, "take", "request_info", tech=tess)
    user = {"anonymous": None, "owner": alice, "other": bob, "technician": tess}[who]
    client = APIClient()
    if user is not None:
        client.force_login(user)
    url, body = target(name, request, request.attachments.get())

    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, body, format="json" if name.startswith("api:") else None)

    assert response.status_code == MATRIX[(name, method)][WHO.index(who)]
