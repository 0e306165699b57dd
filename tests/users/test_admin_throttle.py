"""One sign-in, one throttle: /admin/login/ counts with the desk's sign-in (users.throttle)."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY

from tests.conftest import PASSWORD

ADMIN_LOGIN = "/admin/login/"
DESK_LOGIN = "/compte/connexion/"
BLOCKED = "Trop de tentatives de connexion."


def admin_login(client, password: str, *, email: str = "tess@example.com"):
    return client.post(ADMIN_LOGIN, {"username": email, "password": password, "next": "/admin/"})


def test_twenty_wrong_passwords_block_the_right_one_on_the_admin_login(client, tess, settings):
    for _ in range(20):
        admin_login(client, "pas-le-bon-1")

    response = admin_login(client, PASSWORD)

    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.GUICHET_LOGIN_WINDOW_SECONDS)
    assert BLOCKED in response.content.decode()
    assert SESSION_KEY not in client.session


def test_an_address_blocked_on_the_desk_is_blocked_on_the_admin_login(client, tess):
    for _ in range(5):
        client.post(DESK_LOGIN, {"username": "tess@example.com", "password": "pas-le-bon-1"})

    response = admin_login(client, PASSWORD)

    assert response.status_code == 429
    assert BLOCKED in response.content.decode()
    assert SESSION_KEY not in client.session


def test_failures_on_the_admin_login_block_the_desk_sign_in(client, tess):
    for _ in range(5):
        admin_login(client, "pas-le-bon-1")

    response = client.post(DESK_LOGIN, {"username": "Tess@Example.com", "password": PASSWORD})

    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_a_staff_member_still_signs_in_to_the_admin_and_clears_the_count(client, tess):
    for _ in range(4):
        admin_login(client, "pas-le-bon-1")

    response = admin_login(client, PASSWORD)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(tess.pk)
    client.logout()
    for _ in range(4):
        admin_login(client, "pas-le-bon-1")
    assert admin_login(client, PASSWORD).status_code == 302
