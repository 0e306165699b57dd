"""Login, logout, forgotten password and password change: Django's views, our forms and pages."""

from __future__ import annotations

import re

from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from tests.conftest import PASSWORD
from users.models import User

LOGIN = "/compte/connexion/"


def test_the_login_page_has_the_knowledge_base_fields_and_forgotten_password_link(client, db):
    response = client.get(LOGIN)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Se connecter</h1>" in html
    assert '<label for="id_username">Adresse électronique</label>' in html
    assert '<label for="id_password">Mot de passe</label>' in html
    text = "Vous avez oublié votre nom d'utilisateur ou votre mot de passe ?"
    link = re.search(rf'<a href="([^"]+)">{re.escape(text)}</a>', html)
    assert link
    assert link.group(1) == reverse("users:password_reset")
    assert reverse("users:login") == LOGIN


def test_a_requester_signs_in_with_his_email_and_password(client, alice):
    response = client.post(LOGIN, {"username": "alice@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:portal")
    assert client.session[SESSION_KEY] == str(alice.pk)


def test_a_technician_lands_on_the_requests_to_process(client, tess):
    response = client.post(LOGIN, {"username": "tess@example.com", "password": PASSWORD})

    assert response["Location"] == reverse("helpdesk:backoffice_list")


def test_a_supervisor_lands_on_the_desk(client, sam):
    response = client.post(LOGIN, {"username": "sam@example.com", "password": PASSWORD})

    assert response["Location"] == reverse("helpdesk:desk")


def test_the_address_may_be_typed_in_any_case(client, alice):
    client.post(LOGIN, {"username": "  Alice@EXAMPLE.com", "password": PASSWORD})

    assert client.session[SESSION_KEY] == str(alice.pk)


def test_login_goes_on_to_the_page_asked_for(client, alice):
    response = client.post(
        LOGIN, {"username": "alice@example.com", "password": PASSWORD, "next": "/espace/"}
    )

    assert response["Location"] == "/espace/"


def test_login_never_goes_on_to_another_site(client, alice):
    response = client.post(
        LOGIN,
        {"username": "alice@example.com", "password": PASSWORD, "next": "https://evil.example/"},
    )

    assert response["Location"] == reverse("helpdesk:portal")


def test_a_wrong_password_and_an_unknown_address_get_the_same_french_error(client, alice):
    wrong = client.post(LOGIN, {"username": "alice@example.com", "password": "pas-le-bon-1"})
    unknown = client.post(LOGIN, {"username": "nobody@example.com", "password": "pas-le-bon-1"})

    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_deactivated_account_cannot_sign_in(client, alice):
    User.objects.filter(pk=alice.pk).update(is_active=False)

    response = client.post(LOGIN, {"username": "alice@example.com", "password": PASSWORD})

    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    assert SESSION_KEY not in client.session


def test_an_unverified_requester_may_sign_in(client, uma):
    """Signing in is allowed; filing a request is what waits for the confirmation."""
    client.post(LOGIN, {"username": "uma@example.com", "password": PASSWORD})

    assert client.session[SESSION_KEY] == str(uma.pk)


def test_signing_in_costs_a_bounded_number_of_queries(client, alice, django_assert_num_queries):
    # user by address, session key check + insert, last_login, session update, her roles (to
    # choose the landing page); the 4 others are the savepoints of the test's transaction
    # around the session writes.
    with django_assert_num_queries(10):
        client.post(LOGIN, {"username": "alice@example.com", "password": PASSWORD})


def test_logout_is_a_post_and_ends_the_session(client, alice):
    client.force_login(alice)

    refused = client.get(reverse("users:logout"))
    response = client.post(reverse("users:logout"))

    assert refused.status_code == 405
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert SESSION_KEY not in client.session


# --- forgotten password -----------------------------------------------------------------------


def reset_link(message) -> str:
    match = re.search(r"https?://\S+/compte/mot-de-passe/reinitialiser/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def test_the_forgotten_password_page_is_in_french(client, db):
    html = client.get(reverse("users:password_reset")).content.decode()

    assert "<h1>Mot de passe oublié</h1>" in html
    assert '<label for="id_email">Adresse électronique</label>' in html


def test_a_known_and_an_unknown_address_get_the_same_answer(client, alice, mailoutbox):
    known = client.post(reverse("users:password_reset"), {"email": "alice@example.com"})
    unknown = client.post(reverse("users:password_reset"), {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("users:password_reset_done")
    assert [m.to for m in mailoutbox] == [["alice@example.com"]]


def test_the_reset_email_is_french_and_its_link_ignores_the_host_header(
    client, alice, mailoutbox, settings
):
    settings.GUICHET_BASE_URL = "https://guichet.example.fr"
    settings.ALLOWED_HOSTS = ["evil.example", "testserver"]

    client.post(
        reverse("users:password_reset"), {"email": "alice@example.com"}, HTTP_HOST="evil.example"
    )

    (message,) = mailoutbox
    assert message.subject == "Choisir un nouveau mot de passe"
    assert "Bonjour Alice Durand," in message.body
    assert reset_link(message).startswith("https://guichet.example.fr/compte/mot-de-passe/")
    assert "evil.example" not in message.body
    html = message.alternatives[0][0]
    assert reset_link(message) in html


def test_the_reset_link_sets_a_new_password_once_and_does_not_sign_in(
    client, alice, mailoutbox, settings
):
    settings.GUICHET_BASE_URL = "http://testserver"
    client.post(reverse("users:password_reset"), {"email": "alice@example.com"})
    link = reset_link(mailoutbox[0]).removeprefix("http://testserver")

    form_page = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in form_page.content.decode()
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url,
        {"new_password1": "Nouveau-mot-de-passe-77", "new_password2": "Nouveau-mot-de-passe-77"},
    )

    assert done.status_code == 302
    assert done["Location"] == reverse("users:password_reset_complete")
    assert SESSION_KEY not in client.session
    alice.refresh_from_db()
    assert alice.check_password("Nouveau-mot-de-passe-77")
    reused = client.get(link, follow=True)
    assert "Ce lien n'est pas valide" in reused.content.decode()


def test_a_weak_new_password_is_refused_in_french(client, alice, mailoutbox, settings):
    settings.GUICHET_BASE_URL = "http://testserver"
    client.post(reverse("users:password_reset"), {"email": "alice@example.com"})
    form_page = client.get(reset_link(mailoutbox[0]).removeprefix("http://testserver"), follow=True)

    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "court", "new_password2": "court"}
    )

    assert response.status_code == 200
    assert "Ce mot de passe est trop court." in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


# --- password change ----------------------------------------------------------------------------


def test_changing_the_password_needs_the_old_one(client, alice):
    client.force_login(alice)

    wrong = client.post(
        reverse("users:password_change"),
        {
            "old_password": "pas-le-bon",
            "new_password1": "Nouveau-mot-de-passe-77",
            "new_password2": "Nouveau-mot-de-passe-77",
        },
    )
    right = client.post(
        reverse("users:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Nouveau-mot-de-passe-77",
            "new_password2": "Nouveau-mot-de-passe-77",
        },
    )

    assert wrong.status_code == 200
    assert "Votre ancien mot de passe est incorrect." in wrong.content.decode()
    assert right.status_code == 302
    assert right["Location"] == reverse("users:password_change_done")
    alice.refresh_from_db()
    assert alice.check_password("Nouveau-mot-de-passe-77")
    assert client.session[SESSION_KEY] == str(alice.pk)  # still signed in after the change


def test_changing_the_password_needs_a_signed_in_user(client, db):
    response = client.get(reverse("users:password_change"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("users:login"))


def test_the_navigation_shows_each_role_its_own_pages(client, alice, tess, sam):
    queue, failed = reverse("helpdesk:backoffice_list"), reverse("outbox:failed")

    client.force_login(alice)
    requester_page = client.get(reverse("home")).content.decode()
    client.force_login(tess)
    technician_page = client.get(reverse("home")).content.decode()
    client.force_login(sam)
    supervisor_page = client.get(reverse("home")).content.decode()

    assert f'href="{queue}"' not in requester_page
    assert f'href="{failed}"' not in requester_page
    assert f'href="{queue}"' in technician_page
    assert f'href="{failed}"' not in technician_page
    assert f'href="{queue}"' in supervisor_page
    assert f'href="{failed}"' in supervisor_page
