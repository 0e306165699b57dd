"""The requests API: scoped querysets (404 outside), transitions with 409/403 codes."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from lifecycle.models import Request, TransitionLog
from tests.documents.files import html_upload, pdf_upload
from tests.lifecycle.conftest import move, pending_effects

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def url(request, name=None) -> str:
    base = f"/api/v1/requests/{request.number}/"
    return f"{base}transitions/{name}/" if name else base


def test_anonymous_users_get_nothing(alice, file_request):
    request = file_request(alice)

    for path in ("/api/v1/requests/", url(request), url(request, "take")):
        response = client_for(None).get(path)
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert client_for(None).post(url(request, "take")).status_code == 401


def test_a_requester_lists_only_his_requests_and_sees_no_internal_state(alice, bob, file_request):
    mine = file_request(alice)
    file_request(bob)

    response = client_for(alice).get("/api/v1/requests/")

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["number"] == mine.number
    assert row["public_status_label"] == "Non résolu"
    assert "state" not in row
    assert "assignee" not in row


def test_another_users_request_is_not_found(alice, bob, file_request):
    request = file_request(alice)

    assert client_for(bob).get(url(request)).status_code == 404
    assert client_for(bob).post(url(request, "answer"), {"message": "x"}).status_code == 404
    assert client_for(bob).get(f"{url(request)}messages/").status_code == 404


def test_staff_list_newest_first_and_filter_by_type_and_state(alice, tess, file_request, clock):
    older = file_request(alice, type_key="test_core")
    clock.advance(minutes=1)
    newer = file_request(alice)
    move(older, "take", tech=tess)

    everything = client_for(tess).get("/api/v1/requests/").json()["results"]
    by_type = client_for(tess).get("/api/v1/requests/?type=test_core").json()["results"]
    by_state = client_for(tess).get("/api/v1/requests/?state=submitted").json()["results"]

    assert [r["number"] for r in everything] == [newer.number, older.number]
    assert [r["number"] for r in by_type] == [older.number]
    assert [r["number"] for r in by_state] == [newer.number]
    assert everything[1]["assignee"] == "tess@example.com"


def test_the_detail_lists_exactly_the_allowed_transitions(alice, tess, sam, file_request):
    request = file_request(alice)

    for_tess = client_for(tess).get(url(request)).json()
    for_sam = client_for(sam).get(url(request)).json()
    for_alice = client_for(alice).get(url(request)).json()

    assert [t["name"] for t in for_tess["allowed_transitions"]] == ["take"]
    assert [t["name"] for t in for_sam["allowed_transitions"]] == ["take", "assign"]
    assert for_sam["allowed_transitions"][1]["needs"] == ["comment", "technician"]
    assert for_alice["allowed_transitions"] == []
    assert [h["name"] for h in for_tess["history"]] == ["file"]
    assert "history" not in for_alice


def test_a_technician_takes_through_the_api(alice, tess, file_request):
    request = file_request(alice)

    response = client_for(tess).post(url(request, "take"), {"version": 1}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "in_progress"
    assert body["version"] == 2
    assert body["assignee"] == "tess@example.com"


def test_a_wrong_state_is_409_with_a_code_and_nothing_changes(alice, tess, file_request):
    request = file_request(alice)

    response = client_for(tess).post(
        url(request, "resolve"), {"outcome": "refused", "message": "x"}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_state"
    assert "Déposée" in response.json()["message"]
    assert Request.objects.get(pk=request.pk).state == "submitted"
    assert TransitionLog.objects.filter(request=request).count() == 1


def test_a_wrong_role_is_403_with_a_code(alice, tess, file_request):
    request = move(file_request(alice), "take", tech=tess)

    response = client_for(alice).post(
        url(request, "resolve"), {"outcome": "refused", "message": "x"}
    )

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert Request.objects.get(pk=request.pk).state == "in_progress"


def test_a_stale_version_is_409_conflict(alice, tess, theo, file_request):
    request = file_request(alice)
    client_for(tess).post(url(request, "take"), {"version": 1}, format="json")

    response = client_for(theo).post(url(request, "take"), {"version": 1}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert Request.objects.get(pk=request.pk).assignee == tess


def test_a_condition_not_met_is_409_with_its_code(alice, tess, file_request):
    request = move(file_request(alice, type_key="test_core"), "take", tech=tess)

    response = client_for(tess).post(url(request, "execute"))

    assert response.status_code == 409
    assert response.json() == {
        "code": "documents_not_checked",
        "message": "Les pièces n'ont pas été vérifiées.",
        "fields": {},
    }


def test_missing_input_is_400_and_system_or_unknown_transitions_are_404(alice, tess, file_request):
    request = move(file_request(alice), "take", tech=tess)

    missing = client_for(tess).post(url(request, "request_info"), {"message": ""})
    system = client_for(tess).post(url(request, "close"))
    unknown = client_for(tess).post(url(request, "delete"))

    assert (missing.status_code, missing.json()["code"]) == (400, "message_required")
    assert system.status_code == 404
    assert unknown.status_code == 404


def test_the_requester_answers_with_a_file_and_reopens(
    alice, tess, file_request, tmp_path, settings
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "location": str(tmp_path)},
        },
    }
    request = move(file_request(alice), "take", "request_info", tech=tess)

    answered = client_for(alice).post(
        url(request, "answer"),
        {"message": "Le voici.", "files": [pdf_upload()]},
        format="multipart",
    )
    assert answered.status_code == 200, answered.json()
    assert answered.json()["public_status"] == "updated"
    files = answered.json()["messages"][-1]["attachments"]
    assert [f["display_name"] for f in files] == ["minutes du greffe.pdf"]

    move(Request.objects.get(pk=request.pk), "take", "resolve", tech=tess)
    reopened = client_for(alice).post(url(request, "reopen"), {"message": "Le lien a expiré."})
    assert reopened.status_code == 200
    assert reopened.json()["public_status"] == "updated"


def test_a_refused_file_type_is_415_with_a_code(alice, tess, file_request):
    request = move(file_request(alice), "take", "request_info", tech=tess)

    response = client_for(alice).post(
        url(request, "answer"), {"message": "Voici.", "files": [html_upload()]}, format="multipart"
    )

    assert response.status_code == 415
    assert response.json()["code"] in {"type", "extension", "mismatch"}
    assert Request.objects.get(pk=request.pk).state == "awaiting_requester"


def test_messages_internal_notes_are_hidden_from_the_requester(alice, tess, file_request):
    request = file_request(alice)

    posted = client_for(tess).post(
        f"{url(request)}messages/", {"body": "Note.", "internal": True}, format="json"
    )
    refused = client_for(alice).post(
        f"{url(request)}messages/", {"body": "Bonjour", "internal": False}, format="json"
    )

    assert posted.status_code == 201
    assert refused.status_code == 409  # nothing asked of him yet: the portal offers no reply
    assert len(client_for(tess).get(f"{url(request)}messages/").json()) == 2
    assert len(client_for(alice).get(f"{url(request)}messages/").json()) == 1


def test_the_core_action_is_recorded_by_the_execute_call(alice, tess, file_request):
    request = move(
        file_request(alice, type_key="test_core", data={"documents_checked": True}),
        "take",
        tech=tess,
    )

    response = client_for(tess).post(url(request, "execute"), {"comment": "Minutes vérifiées."})

    assert response.status_code == 200
    assert response.json()["state"] == "executing"
    assert len(pending_effects(request, "request.core_action")) == 1


def test_a_supervisor_assigns_through_the_api_and_a_non_technician_is_refused(
    alice, bob, tess, sam, file_request
):
    request = file_request(alice)

    refused = client_for(sam).post(url(request, "assign"), {"technician": bob.pk}, format="json")
    assigned = client_for(sam).post(url(request, "assign"), {"technician": tess.pk}, format="json")

    assert (refused.status_code, refused.json()["code"]) == (400, "not_a_technician")
    assert assigned.status_code == 200
    assert assigned.json()["assignee"] == "tess@example.com"


def test_take_next_claims_the_oldest_request_then_answers_204(alice, tess, file_request, clock):
    oldest = file_request(alice)
    clock.advance(minutes=1)
    file_request(alice, type_key="test_core")

    first = client_for(tess).post("/api/v1/requests/take-next/?type=test_plain")
    empty = client_for(tess).post("/api/v1/requests/take-next/?type=test_plain")

    assert first.status_code == 200
    assert (first.json()["number"], first.json()["state"]) == (oldest.number, "in_progress")
    assert empty.status_code == 204


def test_the_requester_answers_through_the_messages_as_on_his_portal(alice, tess, file_request):
    request = move(file_request(alice), "take", "request_info", tech=tess)

    response = client_for(alice).post(
        f"{url(request)}messages/",
        {"body": "Voici le document.", "version": request.version},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["body"] == "Voici le document."
    assert Request.objects.get(pk=request.pk).state == "updated"
    assert TransitionLog.objects.filter(request=request, name="answer").count() == 1


def test_the_requester_writes_no_internal_note(alice, tess, file_request):
    request = move(file_request(alice), "take", "request_info", tech=tess)

    response = client_for(alice).post(
        f"{url(request)}messages/", {"body": "Psst.", "internal": True}, format="json"
    )

    assert response.status_code == 403
    assert Request.objects.get(pk=request.pk).state == "awaiting_requester"


def test_the_transitions_allowed_now_are_listed_for_each_reader(alice, tess, file_request):
    request = file_request(alice)

    for_tess = client_for(tess).get(f"{url(request)}transitions/").json()
    for_alice = client_for(alice).get(f"{url(request)}transitions/").json()

    assert "take" in [t["name"] for t in for_tess]
    assert for_alice == []


def test_the_detail_has_the_public_timeline_and_sla_fields(alice, tess, file_request):
    request = move(file_request(alice), "take", "request_info", tech=tess)

    for_alice = client_for(alice).get(url(request)).json()
    for_tess = client_for(tess).get(url(request)).json()

    assert [e["public_status"] for e in for_alice["timeline"]] == ["unresolved", "waiting"]
    assert set(for_alice["sla"]) == {"status", "first_response_due", "resolution_due"}
    assert "history" not in for_alice
    assert "assignee" not in for_alice
    assert [h["name"] for h in for_tess["history"]][-2:] == ["take", "request_info"]
    assert for_tess["assignee"] == "tess@example.com"
