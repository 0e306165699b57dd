"""The view guards, on small views behind each of them (tests/users/guarded_urls.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.urls("tests.users.guarded_urls")


def test_an_anonymous_visitor_is_sent_to_login_by_every_guard(client, db):
    for url in ("/test/verified/", "/test/technician/", "/test/supervisor/"):
        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('users:login')}?next={url}"


def test_a_verified_requester_passes_the_verified_email_guard(client, alice):
    client.force_login(alice)

    response = client.get("/test/verified/")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_an_unverified_requester_is_asked_to_confirm_with_a_resend_button(client, uma):
    client.force_login(uma)

    response = client.get("/test/verified/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "Confirmez votre adresse électronique" in html
    assert "uma@example.com" in html
    assert f'action="{reverse("users:resend_verification")}"' in html
    assert '<input type="hidden" name="next" value="/test/verified/">' in html
    assert "Renvoyer le lien de confirmation" in html


def test_technicians_and_supervisors_pass_the_verified_email_guard(client, tess, sam):
    for user in (tess, sam):
        client.force_login(user)
        assert client.get("/test/verified/").status_code == 200


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("alice", "/test/technician/", 403),
        ("tess", "/test/technician/", 200),
        ("sam", "/test/technician/", 200),
        ("alice", "/test/supervisor/", 403),
        ("tess", "/test/supervisor/", 403),
        ("sam", "/test/supervisor/", 200),
    ],
)
def test_role_guards_let_only_their_role_in(client, db, request, who, url, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url).status_code == status


def test_a_role_guard_costs_one_query_for_the_roles(client, tess, django_assert_num_queries):
    client.force_login(tess)

    # session, user, then the user's groups once
    with django_assert_num_queries(3):
        client.get("/test/technician/")
