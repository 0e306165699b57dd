""" "Mon profil": identity, change of address with re-verification, link to the password."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from users import services
from users.models import EmailChange, User

pytestmark = pytest.mark.django_db

URL = reverse("users:profile")
NEUTRAL = "Un lien de confirmation a été envoyé à {email}."


def ask_change(client, email: str, password: str = PASSWORD, **extra):
    return client.post(URL, {"new_email": email, "password": password}, **extra)


def same_page(html: str, email: str) -> str:
    """The page with the address typed and the CSRF token blanked out."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return html.replace(email, "X")


def confirm_link(message) -> str:
    match = re.search(r"https?://\S+/compte/profil/adresse/[^/\s]+/", message.body)
    assert match, message.body
    return urlsplit(match.group(0)).path


def test_it_shows_who_the_user_is_and_links_to_the_password_change(client, alice):
    client.force_login(alice)

    page = client.get(URL).text

    for expected in (
        "Durand",
        "Alice",
        "alice@example.com",
        "Employeur / administrateur",
        "73282932000074",
        reverse("users:password_change"),
        '<label for="id_new_email">Nouvelle adresse électronique',
        '<label for="id_password">Votre mot de passe actuel',
    ):
        assert expected in page


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("users:login"))


def test_a_change_sends_a_link_to_the_new_address_and_changes_nothing_yet(
    client, alice, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = ask_change(client, "  Alice.Nouvelle@Example.com ", follow=True)

    assert NEUTRAL.format(email="alice.nouvelle@example.com") in response.text
    assert [m.to for m in mailoutbox] == [["alice.nouvelle@example.com"]]
    assert mailoutbox[0].subject == "Confirmez votre nouvelle adresse électronique"
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"
    change = EmailChange.objects.get(user=alice)
    assert change.new_email == "alice.nouvelle@example.com"
    assert confirm_link(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1] not in change.token_hash


def test_the_link_shows_a_button_then_replaces_the_address_and_tells_the_old_one(
    client, alice, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        ask_change(client, "alice.nouvelle@example.com")
    link = confirm_link(mailoutbox[0])

    page = client.get(link)
    alice.refresh_from_db()
    assert page.status_code == 200
    assert "Confirmer ma nouvelle adresse" in page.text
    assert alice.email == "alice@example.com"  # a GET (a mail scanner) changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, follow=True)

    alice.refresh_from_db()
    assert alice.email == "alice.nouvelle@example.com"
    assert alice.email_verified_at is not None
    assert "Votre adresse électronique est désormais alice.nouvelle@example.com." in response.text
    notice = mailoutbox[1]
    assert notice.to == ["alice@example.com"]
    assert "a***@example.com" in notice.body
    assert "alice.nouvelle@example.com" not in notice.body
    assert client.login(email="alice.nouvelle@example.com", password=PASSWORD)


def test_a_link_works_once(client, alice, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        ask_change(client, "alice.nouvelle@example.com")
    link = confirm_link(mailoutbox[0])
    client.post(link)

    again = client.post(link)

    assert again.status_code == 400
    assert "a déjà servi" in again.text


def test_only_the_newest_link_works(client, alice, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        ask_change(client, "premiere@example.com")
        first = confirm_link(mailoutbox[0])  # reading the mailbox delivers the e-mail
        ask_change(client, "seconde@example.com")
        second = confirm_link(mailoutbox[1])

    assert client.post(first).status_code == 400
    client.post(second)
    alice.refresh_from_db()
    assert alice.email == "seconde@example.com"


def test_an_expired_link_says_so(
    client, alice, mailoutbox, settings, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        ask_change(client, "alice.nouvelle@example.com")
    EmailChange.objects.update(
        created_at=timezone.now() - timedelta(seconds=settings.EMAIL_VERIFICATION_MAX_AGE + 1)
    )

    response = client.post(confirm_link(mailoutbox[0]))

    assert response.status_code == 400
    assert "a expiré" in response.text
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


def test_a_tampered_link_is_refused(client, alice):
    response = client.get(reverse("users:email_change_confirm", args=["nimporte-quoi"]))

    assert response.status_code == 400
    assert "n'est pas valide" in response.text.replace("&#x27;", "'")


def test_an_address_of_another_account_gets_the_same_answer_and_no_link(
    client, alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        taken = ask_change(client, "bob@example.com", follow=True)
    with django_capture_on_commit_callbacks(execute=True):
        free = ask_change(client, "libre@example.com", follow=True)

    assert NEUTRAL.format(email="bob@example.com") in taken.text
    assert taken.status_code == free.status_code == 200
    assert same_page(taken.text, "bob@example.com") == same_page(free.text, "libre@example.com")
    assert not EmailChange.objects.filter(new_email="bob@example.com").exists()
    to_bob = [m for m in mailoutbox if m.to == ["bob@example.com"]]
    assert len(to_bob) == 1
    assert "/compte/profil/adresse/" not in to_bob[0].body  # told, never given a link
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert (alice.email, bob.email) == ("alice@example.com", "bob@example.com")


def test_an_address_taken_before_the_link_is_used_is_refused(
    client, alice, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        ask_change(client, "convoitee@example.com")
    User.objects.create_user(email="convoitee@example.com", password=PASSWORD)

    response = client.post(confirm_link(mailoutbox[0]))

    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.email == "alice@example.com"


@pytest.mark.parametrize(
    ("email", "password", "error"),
    [
        ("nouvelle@example.com", "pas le bon", "Mot de passe incorrect."),
        ("ALICE@example.com", PASSWORD, "C&#x27;est déjà l&#x27;adresse de votre compte."),
        ("pas-une-adresse", PASSWORD, "Saisissez une adresse e-mail valide."),
        ("", PASSWORD, "Ce champ est obligatoire."),
    ],
)
def test_bad_input_is_refused_in_french_and_sends_nothing(
    client, alice, mailoutbox, email, password, error, django_capture_on_commit_callbacks
):
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = ask_change(client, email, password)

    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert error in response.text
    assert mailoutbox == []
    assert not EmailChange.objects.exists()


def test_a_repeated_request_sends_one_mail_per_cool_down(
    client, alice, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(alice)

    with django_capture_on_commit_callbacks(execute=True):
        ask_change(client, "alice.nouvelle@example.com")
        again = ask_change(client, "alice.nouvelle@example.com", follow=True)

    assert NEUTRAL.format(email="alice.nouvelle@example.com") in again.text
    assert len(mailoutbox) == 1


def test_the_mask_keeps_the_domain_and_one_letter():
    assert services.mask_email("nina.lemaire@example.fr") == "n***@example.fr"


def test_the_links_secret_and_the_new_address_stay_out_of_the_logs(
    client, alice, mailoutbox, caplog, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with caplog.at_level(logging.INFO):
        with django_capture_on_commit_callbacks(execute=True):
            ask_change(client, "alice.nouvelle@example.com")
        link = confirm_link(mailoutbox[0])
        client.get(link)

    paths = [r.path for r in caplog.records if r.name == "guichet.request"]
    assert paths[-1] == "/compte/profil/adresse/[redacted]/"
    assert link.rstrip("/").rsplit("/", 1)[1] not in caplog.text
    assert "alice.nouvelle@example.com" not in caplog.text
