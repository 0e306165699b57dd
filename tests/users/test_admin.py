"""The admin site: staff only, the custom user listed and created by e-mail address."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.conftest import make_user
from users import roles
from users.models import User


@pytest.fixture
def admin_user(db) -> User:
    return User.objects.create_superuser(
        email="admin@example.com", password="x", first_name="Ada", last_name="Admin"
    )


def test_a_superuser_lists_and_searches_users(client, admin_user, alice, bob):
    client.force_login(admin_user)

    response = client.get(reverse("admin:users_user_changelist"), {"q": "durand"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "alice@example.com" in html
    assert "bob@example.com" not in html


def test_a_superuser_creates_a_technician_by_email(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:users_user_add"),
        {
            "email": "New.Tech@Example.com",
            "last_name": "Nouveau",
            "first_name": "Tech",
            "usable_password": "true",
            "password1": "Un-mot-de-passe-solide-42",
            "password2": "Un-mot-de-passe-solide-42",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.tech@example.com")
    assert user.check_password("Un-mot-de-passe-solide-42")


def test_the_change_form_refuses_an_invalid_siret(client, admin_user, alice):
    client.force_login(admin_user)
    url = reverse("admin:users_user_change", args=[alice.pk])
    page = client.get(url)
    assert page.status_code == 200

    response = client.post(
        url,
        {
            "email": "alice@example.com",
            "last_name": "Durand",
            "first_name": "Alice",
            "profile": "employer",
            "siret": "73282932000079",
            "is_active": "on",
            "groups": [Group.objects.get(name=roles.REQUESTER).pk],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )

    assert response.status_code == 200
    assert "Le SIRET doit comporter 14 chiffres et être valide." in response.content.decode()
    alice.refresh_from_db()
    assert alice.siret == "73282932000074"


def test_requesters_are_kept_out_of_the_admin(client, alice):
    client.force_login(alice)

    response = client.get(reverse("admin:users_user_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_technician_without_model_rights_cannot_see_the_users(client, db):
    tech = make_user("t2@example.com", role=roles.TECHNICIAN, is_staff=True)
    client.force_login(tech)

    response = client.get(reverse("admin:users_user_changelist"))

    assert response.status_code == 403
