"""The DRF permission classes, on small API views (tests/users/guarded_urls.py)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.urls("tests.users.guarded_urls")


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("alice", "/test/api/technician/", 403),
        ("tess", "/test/api/technician/", 200),
        ("sam", "/test/api/technician/", 200),
        ("alice", "/test/api/supervisor/", 403),
        ("tess", "/test/api/supervisor/", 403),
        ("sam", "/test/api/supervisor/", 200),
        ("alice", "/test/api/requester/", 200),
        ("liam", "/test/api/requester/", 200),
        ("uma", "/test/api/requester/", 403),
        ("tess", "/test/api/requester/", 403),
    ],
)
def test_each_permission_lets_only_its_role_in(client, db, request, who, url, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url).status_code == status


@pytest.mark.parametrize(
    "url", ["/test/api/technician/", "/test/api/supervisor/", "/test/api/requester/"]
)
def test_anonymous_callers_are_refused(client, db, url):
    response = client.get(url)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_refusals_explain_themselves_in_french(client, uma, alice):
    client.force_login(uma)
    unverified = client.get("/test/api/requester/").json()
    client.force_login(alice)
    not_technician = client.get("/test/api/technician/").json()
    not_supervisor = client.get("/test/api/supervisor/").json()

    # The project's one exception handler adds a machine-readable code to every refusal.
    denied = "permission_denied"
    assert unverified == {
        "code": denied,
        "message": "Confirmez d'abord votre adresse électronique.",
        "fields": {},
    }
    assert not_technician == {
        "code": denied,
        "message": "Cette action est réservée aux techniciens.",
        "fields": {},
    }
    assert not_supervisor == {
        "code": denied,
        "message": "Cette action est réservée aux superviseurs.",
        "fields": {},
    }
