# ruff: noqa: F811 - pytest fixtures imported from the knowledge base's conftest
"""Role × route × method × ownership → status, for every route of the desk's namespaces.

A route added to helpdesk/urls.py or helpdesk/api_urls.py without a row here fails the first
test. Out-of-scope objects are 404, never 403. The API is called with personal tokens (the
callers' own, and a revoked one of the owner's): without a credential, or with a revoked
token, it answers 401; the pages ignore tokens and send the visitor to the sign-in page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from helpdesk import api_urls, urls
from lifecycle import registry
from lifecycle.services.four_eyes import execution_approval_ask
from tests.documents.files import pdf_upload
from tests.helpdesk.views.test_filing import FormType
from tests.kb.conftest import category, make_article  # noqa: F401 - fixtures
from tests.lifecycle.conftest import move
from users.api_tokens import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

WHO = ("anonymous", "other", "owner", "technician", "supervisor", "revoked")

# (namespace:name, method): the status for each caller of WHO, on a request the owner filed.
MATRIX: dict[tuple[str, str], tuple[int, int, int, int, int, int]] = {
    ("helpdesk:portal", "GET"): (302, 200, 200, 200, 200, 302),
    ("helpdesk:request_new", "GET"): (302, 200, 200, 200, 200, 302),
    ("helpdesk:request_form", "GET"): (302, 200, 200, 200, 200, 302),
    ("helpdesk:request_detail", "GET"): (302, 404, 200, 200, 200, 302),
    ("helpdesk:request_action", "POST"): (302, 404, 302, 302, 302, 302),
    ("helpdesk:attachment_download", "GET"): (302, 404, 200, 200, 200, 302),
    ("helpdesk:backoffice_list", "GET"): (302, 404, 404, 200, 200, 302),
    ("helpdesk:backoffice_take_next", "POST"): (302, 404, 404, 302, 302, 302),
    ("helpdesk:backoffice_detail", "GET"): (302, 404, 404, 200, 200, 302),
    ("helpdesk:backoffice_transition", "POST"): (302, 404, 404, 302, 302, 302),
    ("helpdesk:backoffice_message", "POST"): (302, 404, 404, 302, 302, 302),
    ("helpdesk:liquidator_lift_cap", "POST"): (302, 404, 404, 302, 302, 302),
    ("helpdesk:backoffice_checklist", "POST"): (302, 404, 404, 302, 302, 302),
    ("helpdesk:backoffice_presence", "POST"): (302, 404, 404, 200, 200, 302),
    ("helpdesk:backoffice_approval", "POST"): (302, 404, 404, 302, 302, 302),
    ("helpdesk:queue_save", "POST"): (302, 404, 404, 302, 302, 302),
    ("helpdesk:queue_bulk", "POST"): (302, 404, 404, 302, 302, 302),
    ("helpdesk:queue_delete", "POST"): (302, 404, 404, 302, 302, 302),
    # The supervisors' desk: a French 403 page for everyone signed in but supervisors.
    ("helpdesk:desk", "GET"): (302, 403, 403, 403, 200, 302),
    ("helpdesk:desk_assign", "POST"): (302, 403, 403, 403, 302, 302),
    ("helpdesk:desk_export", "GET"): (302, 403, 403, 403, 200, 302),
    ("api:index", "GET"): (200, 200, 200, 200, 200, 200),
    ("api:schema", "GET"): (200, 200, 200, 200, 200, 200),
    ("api:docs", "GET"): (200, 200, 200, 200, 200, 200),
    ("api:redoc", "GET"): (200, 200, 200, 200, 200, 200),
    ("api:me", "GET"): (401, 200, 200, 200, 200, 401),
    ("api:token_list", "GET"): (401, 200, 200, 200, 200, 401),
    ("api:token_list", "POST"): (401, 201, 201, 201, 201, 401),
    ("api:token_detail", "DELETE"): (401, 404, 204, 404, 404, 401),
    ("api:request_type_list", "GET"): (401, 200, 200, 200, 200, 401),
    ("api:request_type_detail", "GET"): (401, 200, 200, 200, 200, 401),
    ("api:document", "GET"): (401, 404, 200, 200, 200, 401),
    ("api:kb_search", "GET"): (200, 200, 200, 200, 200, 401),
    ("api:kb_article", "GET"): (200, 200, 200, 200, 200, 401),
    ("api:not_found", "GET"): (404, 404, 404, 404, 404, 404),
    # The supervisors' figures: a 403 in the error shape for everyone signed in but supervisors.
    ("api:figures", "GET"): (401, 403, 403, 403, 200, 401),
    ("api:request_list", "GET"): (401, 200, 200, 200, 200, 401),
    ("api:request_list", "POST"): (401, 201, 201, 403, 403, 401),
    ("api:request_take_next", "POST"): (401, 403, 403, 200, 200, 401),
    ("api:request_detail", "GET"): (401, 404, 200, 200, 200, 401),
    ("api:request_transitions", "GET"): (401, 404, 200, 200, 200, 401),
    ("api:request_transition", "POST"): (401, 404, 403, 200, 200, 401),
    ("api:request_messages", "GET"): (401, 404, 200, 200, 200, 401),
    ("api:request_messages", "POST"): (401, 404, 403, 201, 201, 401),
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


def target(name: str, request, attachment, owner_token: str, article) -> tuple[str, dict]:
    """The URL and the body of one call, on a request the owner filed."""
    number = request.number
    if name == "api:request_type_detail":
        return reverse(name, args=[FormType.key]), {}
    if name == "api:document":
        return reverse(name, args=[attachment.token]), {}
    if name == "api:kb_search":
        return reverse(name) + "?q=inscription", {}
    if name == "api:not_found":
        return "/api/v1/nowhere/", {}
    if name == "api:kb_article":
        return reverse(name, args=[article.slug]), {}
    if name == "helpdesk:request_action":
        return reverse(name, args=[number, "answer"]), {"version": request.version, "message": "x"}
    if name == "helpdesk:backoffice_transition":
        return reverse(name, args=[number, "take"]), {"version": request.version}
    if name == "helpdesk:liquidator_lift_cap":
        return reverse(name, args=[number]), {"reason": "Motif."}
    if name == "helpdesk:backoffice_approval":
        return reverse(name, args=[number, "ask"]), {"version": request.version}
    if name in {"helpdesk:backoffice_checklist", "helpdesk:backoffice_presence"}:
        return reverse(name, args=[number]), {}
    if name == "helpdesk:backoffice_message":
        return reverse(name, args=[number]), {"body": "Note.", "internal": "on"}
    if name == "helpdesk:queue_save":
        return reverse(name), {"name": "Mes urgences", "view": "late"}
    if name == "helpdesk:queue_delete":
        return reverse(name, args=[1]), {}
    if name == "api:request_transition":
        return reverse(name, args=[number, "take"]), {"version": request.version}
    if name == "api:request_messages":
        return reverse(name, args=[number]), {"body": "Note.", "internal": True}
    if name == "api:request_list":
        return reverse(name), {"type": FormType.key, "siret": "73282932000074", "question": "?"}
    if name == "api:token_list":
        return reverse(name), {"name": "Logiciel du cabinet"}
    if name == "api:token_detail":
        return reverse(name, args=[owner_token]), {}
    if name == "helpdesk:request_form":
        return reverse(name, args=[FormType.key]), {}
    if name == "helpdesk:desk_export":
        return reverse(name, args=["par-jour"]), {}
    if name == "helpdesk:desk_assign":
        return reverse(name), {"demandes": [number], "technicien": "1"}
    if name == "helpdesk:attachment_download":
        return reverse(name, args=[attachment.token]), {}
    if name in {
        "helpdesk:request_detail",
        "helpdesk:backoffice_detail",
        "api:request_detail",
        "api:request_transitions",
    }:
        return reverse(name, args=[number]), {}
    return reverse(name), {}


def caller(who: str, name: str, cast: dict) -> APIClient:
    client = APIClient()
    if who == "revoked":
        token, raw = api_token_create(user=cast["owner"], name="Ancien jeton")
        api_token_revoke(user=cast["owner"], prefix=token.prefix)
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    elif who != "anonymous" and name.startswith("api:"):
        _token, raw = api_token_create(user=cast[who], name="Jeton de test")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    elif who != "anonymous":
        client.force_login(cast[who])
    return client


@pytest.mark.parametrize(("name", "method"), list(MATRIX))
@pytest.mark.parametrize("who", WHO)
def test_the_authorization_matrix(
    name, method, who, alice, bob, tess, sam, file_request, make_article
):
    request = file_request(alice, files=[pdf_upload()])
    if name == "helpdesk:request_action":
        request = move(request, "take", "request_info", tech=tess)
    cast = {"owner": alice, "other": bob, "technician": tess, "supervisor": sam}
    owner_token, _raw = api_token_create(user=alice, name="Le jeton à révoquer")
    client = caller(who, name, cast)
    article = make_article("Résilier une inscription")
    url, body = target(name, request, request.attachments.get(), owner_token.prefix, article)

    if method == "GET":
        response = client.get(url)
    elif method == "DELETE":
        response = client.delete(url)
    else:
        response = client.post(url, body, format="json" if name.startswith("api:") else None)

    assert response.status_code == MATRIX[(name, method)][WHO.index(who)]


# The four-eyes approval over the API, once the technician (Tess) has asked: the requester may not,
# the one who asked may not, a supervisor may.
APPROVAL = dict(zip(WHO, (401, 404, 403, 403, 200, 401), strict=True))


@pytest.mark.parametrize("who", WHO)
def test_the_four_eyes_approval_over_the_api(who, settings, alice, bob, tess, sam, file_request):
    settings.GUICHET_FOUR_EYES_TYPES = ["test_core"]
    request = file_request(alice, type_key="test_core", data={"documents_checked": True})
    request = move(request, "take", tech=tess)
    execution_approval_ask(request=request, actor=tess, version=request.version)
    client = caller(
        who,
        "api:request_transition",
        {"owner": alice, "other": bob, "technician": tess, "supervisor": sam},
    )

    response = client.post(
        reverse("api:request_transition", args=[request.number, "approve_execution"]),
        {"version": request.version},
        format="json",
    )

    assert response.status_code == APPROVAL[who]
