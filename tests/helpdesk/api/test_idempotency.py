# ruff: noqa: F811 - pytest fixtures imported from the request types' conftest
"""Idempotency-Key on filing and transitions: the same key twice replays the first answer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from helpdesk.api.idempotency import idempotency_keys_purge
from helpdesk.models import IdempotencyKey
from lifecycle.models import Request, TransitionLog
from tests.helpdesk.api.test_request_create_api import REMOVAL
from tests.lifecycle.types.conftest import companies  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_filing_twice_with_one_key_files_once_and_replays_the_first_answer(alice, companies):
    client = client_for(alice)

    first = client.post("/api/v1/requests/", REMOVAL, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/v1/requests/", REMOVAL, format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Request.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_and_files_nothing(alice, companies):
    client = client_for(alice)
    client.post("/api/v1/requests/", REMOVAL, format="json", HTTP_IDEMPOTENCY_KEY="k-1")

    other = client.post(
        "/api/v1/requests/",
        {**REMOVAL, "reason": "Une autre raison."},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-1",
    )

    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert Request.objects.count() == 1


def test_keys_belong_to_their_user(alice, bob, tess, file_request):
    mine, theirs = file_request(alice), file_request(bob)
    client = client_for(tess)

    one = client.post(
        f"/api/v1/requests/{mine.number}/transitions/take/",
        {"version": mine.version},
        format="json",
        HTTP_IDEMPOTENCY_KEY="same",
    )
    two = client_for(alice).post(
        f"/api/v1/requests/{theirs.number}/transitions/take/",
        {"version": theirs.version},
        format="json",
        HTTP_IDEMPOTENCY_KEY="same",
    )

    assert one.status_code == 200
    assert two.status_code == 404  # alice's own call, not a replay of tess's


def test_a_transition_sent_twice_with_one_key_moves_once(alice, tess, file_request):
    request = file_request(alice)
    client = client_for(tess)
    url = f"/api/v1/requests/{request.number}/transitions/take/"

    first = client.post(url, {"version": request.version}, format="json", HTTP_IDEMPOTENCY_KEY="t")
    again = client.post(url, {"version": request.version}, format="json", HTTP_IDEMPOTENCY_KEY="t")
    unkeyed = client.post(url, {"version": request.version}, format="json")

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert TransitionLog.objects.filter(request=request, name="take").count() == 1
    assert unkeyed.status_code == 409  # without the key, the stale version says so


def test_a_refusal_is_not_kept_so_the_key_may_be_used_again(alice, tess, file_request):
    request = file_request(alice)
    url = f"/api/v1/requests/{request.number}/transitions/take/"

    refused = client_for(tess).post(url, {"version": 99}, format="json", HTTP_IDEMPOTENCY_KEY="r")

    assert refused.status_code == 409
    assert not IdempotencyKey.objects.exists()


def test_a_key_is_kept_24_hours(alice, companies):
    client = client_for(alice)
    client.post("/api/v1/requests/", REMOVAL, format="json", HTTP_IDEMPOTENCY_KEY="old")
    Request.objects.update(state="closed")  # so the same company may be asked again
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=24, seconds=1))

    later = client.post("/api/v1/requests/", REMOVAL, format="json", HTTP_IDEMPOTENCY_KEY="old")

    assert later.status_code == 201
    assert "Idempotent-Replayed" not in later
    assert Request.objects.count() == 2


def test_the_purge_removes_keys_older_than_24_hours(alice):
    IdempotencyKey.objects.create(user=alice, key="fresh", fingerprint="x", status=201)
    IdempotencyKey.objects.create(
        user=alice,
        key="stale",
        fingerprint="x",
        status=201,
        created_at=timezone.now() - timedelta(hours=25),
    )

    assert idempotency_keys_purge() == 1
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["fresh"]


@pytest.mark.parametrize("key", ["", "x" * 256, "tab\there"])
def test_an_unusable_key_is_a_400(alice, companies, key):
    response = client_for(alice).post(
        "/api/v1/requests/", REMOVAL, format="json", HTTP_IDEMPOTENCY_KEY=key
    )

    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_invalid"
    assert not Request.objects.exists()
