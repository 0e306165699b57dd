"""Registration and e-mail confirmation pages."""

from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from users.models import User
from users.tokens import make_verification_token

REGISTER = "/compte/inscription/"


def labels(html: str) -> list[str]:
    """The text of every <label> of the page's main content, tags removed, spaces collapsed."""
    main = html.split("<main", 1)[-1]
    found = re.findall(r"<label[^>]*>(.*?)</label>", main, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", label).split()) for label in found]


def input_tag(html: str, name: str) -> str:
    match = re.search(rf"<(?:input|select)[^>]*name=\"{name}\"[^>]*>", html)
    assert match, f"no field {name}"
    return match.group(0)


def post_register(client, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(REGISTER, data)


# --- the "S'inscrire" page --------------------------------------------------------------------


def test_the_registration_page_has_the_knowledge_base_labels_and_button(client, db):
    response = client.get(REGISTER)

    assert response.status_code == 200
    html = response.content.decode()
    assert labels(html) == [
        "Adresse électronique *",
        "Mot de passe *",
        "Vérification du mot de passe *",
        "Nom *",
        "Prénom *",
        "Vous êtes *",
        "SIRET *",
    ]
    assert "<h1>S'inscrire</h1>" in html
    assert '<button type="submit">Créer un compte</button>' in html
    assert reverse("users:register") == REGISTER


def test_a_valid_registration_creates_the_account_and_says_to_check_the_mailbox(
    client, db, registration, mailoutbox, django_capture_on_commit_callbacks
):
    response = post_register(client, registration, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("users:register_done")
    user = User.objects.get(email="nina@example.com")
    assert user.groups.filter(name="requester").exists()
    assert user.email_verified_at is None
    assert len(mailoutbox) == 1
    page = client.get(response["Location"]).content.decode()
    assert "Vérifiez votre messagerie" in page
    assert "_auth_user_id" not in client.session  # no sign-in before the address is confirmed


def test_a_taken_address_gets_exactly_the_same_answer_as_a_new_one(
    client, alice, registration, mailoutbox, django_capture_on_commit_callbacks
):
    new = post_register(client, registration, django_capture_on_commit_callbacks)
    registration["email"] = "alice@example.com"
    taken = post_register(client, registration, django_capture_on_commit_callbacks)

    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert client.get(taken["Location"]).content == client.get(new["Location"]).content
    assert User.objects.filter(email="alice@example.com").count() == 1
    assert [m.to for m in mailoutbox] == [["nina@example.com"], ["alice@example.com"]]
    assert mailoutbox[1].subject == "Une inscription a été tentée avec votre adresse"


def test_registering_costs_a_bounded_number_of_queries(
    client, db, registration, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    # The user, his group, and the verification e-mail's outbox row (with its savepoint).
    with django_assert_max_num_queries(10):
        response = post_register(client, registration, django_capture_on_commit_callbacks)

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"siret": "73282932000079"},
            "siret",
            "Le SIRET doit comporter 14 chiffres et être valide.",
        ),
        (
            {"password2": "Un-autre-mot-de-passe-43"},
            "password2",
            "Les deux mots de passe ne correspondent pas.",
        ),
        (
            {"password1": "azerty", "password2": "azerty"},
            "password1",
            "Ce mot de passe est trop court. Il doit contenir au minimum 10 caractères.",
        ),
    ],
    ids=["invalid-siret", "mismatched-passwords", "weak-password"],
)
def test_bad_input_shows_the_french_error_next_to_its_field_keeps_the_rest_and_creates_nothing(
    client,
    db,
    registration,
    mailoutbox,
    django_capture_on_commit_callbacks,
    changes,
    field,
    message,
):
    registration.update(changes)

    response = post_register(client, registration, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    html = response.content.decode()
    error_list = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html)
    assert error_list, html
    assert message.replace("'", "&#x27;") in error_list.group(1)
    invalid = input_tag(html, field)
    assert 'aria-invalid="true"' in invalid
    assert f"id_{field}_error" in invalid
    assert 'value="nina@example.com"' in input_tag(html, "email")
    assert 'value="Lemaire"' in input_tag(html, "last_name")
    assert 'value="Nina"' in input_tag(html, "first_name")
    assert '<option value="liquidator" selected>' in html
    assert "Un-mot-de-passe-solide-42" not in html  # passwords are never sent back
    assert not User.objects.exists()
    assert mailoutbox == []


def test_a_signed_in_user_is_sent_home_from_the_registration_page(client, alice):
    client.force_login(alice)

    response = client.get(REGISTER)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


# --- the confirmation link ----------------------------------------------------------------------


def confirmation_url(user: User) -> str:
    token = make_verification_token(user_id=user.pk, email=user.email)
    return reverse("users:verify_email", kwargs={"token": token})


def test_opening_the_link_shows_a_confirm_button_and_changes_nothing(client, uma):
    url = confirmation_url(uma)

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Confirmer mon adresse" in html
    assert f'action="{url}"' in html
    uma.refresh_from_db()
    assert uma.email_verified_at is None


def test_confirming_the_link_verifies_the_address_and_leads_to_login(client, uma):
    response = client.post(confirmation_url(uma))

    assert response.status_code == 302
    assert response["Location"] == reverse("users:login")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Votre adresse électronique est confirmée."
    ]
    uma.refresh_from_db()
    assert uma.email_verified_at is not None


def test_a_signed_in_requester_who_confirms_goes_to_his_space(client, uma):
    client.force_login(uma)

    response = client.post(confirmation_url(uma))

    assert response["Location"] == reverse("helpdesk:portal")


def test_the_link_of_a_confirmed_address_says_so(client, alice):
    response = client.get(confirmation_url(alice))

    assert response.status_code == 200
    assert "est déjà confirmée" in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_gets_a_french_error_page(client, uma, method):
    url = confirmation_url(uma)
    tampered = url[:-3] + "xx/"  # the signature's last characters changed

    response = getattr(client, method)(tampered)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Lien de confirmation inutilisable" in html
    assert "Ce lien de confirmation n&#x27;est pas valide." in html
    uma.refresh_from_db()
    assert uma.email_verified_at is None


def test_an_expired_link_gets_a_french_error_page(client, uma, settings):
    settings.EMAIL_VERIFICATION_MAX_AGE = 60
    issued_at = time.time() - 61
    with mock.patch("django.core.signing.time.time", return_value=issued_at):
        url = confirmation_url(uma)

    response = client.post(url)

    assert response.status_code == 400
    assert "Ce lien de confirmation a expiré." in response.content.decode()
    uma.refresh_from_db()
    assert uma.email_verified_at is None


def test_confirming_costs_a_bounded_number_of_queries(client, uma, django_assert_num_queries):
    url = confirmation_url(uma)

    with django_assert_num_queries(2):
        client.post(url)


# --- asking for a new link ------------------------------------------------------------------------


def test_an_unverified_requester_can_ask_for_a_new_link(
    client, uma, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(uma)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("users:resend_verification"))

    assert response.status_code == 302
    assert response["Location"] == reverse("users:verification_required")
    assert [m.to for m in mailoutbox] == [["uma@example.com"]]
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Un nouveau lien de confirmation a été envoyé à uma@example.com."
    ]


def test_asking_again_right_away_sends_nothing_more(
    client, uma, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(uma)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("users:resend_verification"))
        response = client.post(reverse("users:resend_verification"))

    assert len(mailoutbox) == 1
    assert "Un lien vient de vous être envoyé." in str(list(get_messages(response.wsgi_request)))


def test_the_resend_button_returns_to_the_page_the_requester_came_from(client, uma):
    client.force_login(uma)

    response = client.post(reverse("users:resend_verification"), {"next": "/espace/"})

    assert response["Location"] == "/espace/"


def test_the_resend_button_never_redirects_to_another_site(client, uma):
    client.force_login(uma)

    response = client.post(
        reverse("users:resend_verification"), {"next": "https://evil.example/phish"}
    )

    assert response["Location"] == reverse("users:verification_required")


def test_asking_for_a_new_link_needs_a_signed_in_user_and_a_post(client, uma):
    anonymous = client.post(reverse("users:resend_verification"))
    client.force_login(uma)
    get = client.get(reverse("users:resend_verification"))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("users:login"))
    assert get.status_code == 405


def test_the_verification_page_sends_a_verified_user_to_his_space(client, alice):
    client.force_login(alice)

    response = client.get(reverse("users:verification_required"))

    assert response["Location"] == reverse("helpdesk:portal")
