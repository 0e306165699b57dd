from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from users import roles, services
from users.models import User
from users.tokens import EmailVerificationError, make_verification_token


def register(**overrides):
    arguments = {
        "email": "nina@example.com",
        "password": "Un-mot-de-passe-solide-42",
        "last_name": "Lemaire",
        "first_name": "Nina",
        "profile": User.Profile.LIQUIDATOR,
        "siret": "73282932000074",
    }
    arguments.update(overrides)
    return services.user_register(**arguments)


def link_in(message) -> str:
    match = re.search(r"https?://\S+/compte/verification/[^/\s]+/", message.body)
    assert match, message.body
    return match.group(0)


def token_of(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[1]


# --- user_register ------------------------------------------------------------------------------


def test_it_creates_an_unverified_requester_and_mails_the_verification_link(
    db, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.GUICHET_BASE_URL = "https://guichet.example.fr"
    with django_capture_on_commit_callbacks(execute=True):
        user = register(email="  Nina@Example.COM ")

    assert user is not None
    user.refresh_from_db()
    assert user.email == "nina@example.com"
    assert user.check_password("Un-mot-de-passe-solide-42")
    assert (user.last_name, user.first_name) == ("Lemaire", "Nina")
    assert user.profile == User.Profile.LIQUIDATOR
    assert user.siret == "73282932000074"
    assert user.email_verified_at is None
    assert list(user.groups.values_list("name", flat=True)) == [roles.REQUESTER]
    assert [m.to for m in mailoutbox] == [["nina@example.com"]]
    assert mailoutbox[0].subject == "Confirmez votre adresse électronique"
    assert link_in(mailoutbox[0]).startswith("https://guichet.example.fr/compte/verification/")


def test_it_sends_nothing_when_the_registration_is_rolled_back(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    def register_then_fail():
        with transaction.atomic():
            register()
            raise RuntimeError("the caller's transaction fails")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        register_then_fail()

    assert callbacks == []
    assert mailoutbox == []
    assert not User.objects.filter(email="nina@example.com").exists()


def test_it_stores_the_compact_siret(db):
    user = register(siret="732 829 320 00074")

    assert user is not None
    assert user.siret == "73282932000074"


def test_it_accepts_a_la_poste_siret_checked_by_digit_sum(db):
    user = register(siret="35600000009075")

    assert user is not None
    assert user.siret == "35600000009075"


@pytest.mark.parametrize("siret", ["73282932000079", "35600000000014", "00000000000000", "123"])
def test_it_refuses_an_invalid_siret_and_creates_nothing(db, mailoutbox, siret):
    with pytest.raises(ValidationError) as excinfo:
        register(siret=siret)

    assert excinfo.value.messages == ["Le SIRET doit comporter 14 chiffres et être valide."]
    assert not User.objects.exists()
    assert mailoutbox == []


def test_it_refuses_a_profile_outside_the_list(db):
    with pytest.raises(ValidationError) as excinfo:
        register(profile="astronaut")

    assert excinfo.value.message_dict == {
        "profile": ["Choisissez une des propositions de la liste."]
    }
    assert not User.objects.exists()


def test_it_refuses_a_password_the_validators_refuse(db):
    with pytest.raises(ValidationError) as excinfo:
        register(password="12345")

    assert "Ce mot de passe est trop court. Il doit contenir au minimum 10 caractères." in (
        excinfo.value.messages
    )
    assert not User.objects.exists()


def test_a_taken_address_creates_nothing_and_tells_its_owner_by_email(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = register(email="ALICE@example.com", first_name="Mallory")

    assert result is None
    assert User.objects.filter(email="alice@example.com").count() == 1
    alice.refresh_from_db()
    assert alice.first_name == "Alice"
    assert alice.check_password("Un-mot-de-passe-solide-42")
    assert [m.to for m in mailoutbox] == [["alice@example.com"]]
    assert mailoutbox[0].subject == "Une inscription a été tentée avec votre adresse"
    assert "aucun nouveau compte n'a été créé" in mailoutbox[0].body
    assert "/compte/verification/" not in mailoutbox[0].body  # Alice is already verified


def test_the_owner_of_an_unverified_taken_address_gets_a_verification_link(
    uma, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert register(email="uma@example.com") is None

    assert len(mailoutbox) == 1
    assert services.user_verify_email(token=token_of(link_in(mailoutbox[0]))) == uma


def test_the_owner_of_a_taken_address_is_told_once_per_window_however_often_it_is_tried(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            assert register(email="alice@example.com") is None

    assert len(mailoutbox) == 1


def test_a_registration_racing_another_for_the_same_address_is_answered_like_a_taken_one(
    alice, mailoutbox, django_capture_on_commit_callbacks
):
    # The existence check ran before Alice's row was committed: the insert hits the unique index.
    real_filter = User.objects.filter
    empty = User.objects.none()
    calls = []

    def filter_missing_alice_once(*args, **kwargs):
        calls.append(kwargs)
        return empty if len(calls) == 1 else real_filter(*args, **kwargs)

    with (
        mock.patch.object(User.objects, "filter", side_effect=filter_missing_alice_once),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert register(email="alice@example.com") is None

    assert calls == [{"email": "alice@example.com"}, {"email": "alice@example.com"}]
    assert User.objects.filter(email="alice@example.com").count() == 1
    assert [m.subject for m in mailoutbox] == ["Une inscription a été tentée avec votre adresse"]


def test_registration_costs_a_bounded_number_of_queries(
    db, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    # The user, his group, and the verification e-mail's outbox row (with its savepoint).
    with django_assert_max_num_queries(10), django_capture_on_commit_callbacks(execute=True):
        register()


# --- user_verify_email ------------------------------------------------------------------------


def test_the_link_confirms_the_address(uma):
    token = make_verification_token(user_id=uma.pk, email=uma.email)

    user = services.user_verify_email(token=token)

    assert user == uma
    uma.refresh_from_db()
    assert uma.email_verified_at is not None


def test_confirming_twice_changes_nothing_the_second_time(uma):
    token = make_verification_token(user_id=uma.pk, email=uma.email)
    services.user_verify_email(token=token)
    uma.refresh_from_db()
    first = uma.email_verified_at

    services.user_verify_email(token=token)

    uma.refresh_from_db()
    assert uma.email_verified_at == first


def test_a_tampered_link_is_refused_in_french(uma):
    token = make_verification_token(user_id=uma.pk, email=uma.email)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    with pytest.raises(EmailVerificationError) as excinfo:
        services.user_verify_email(token=tampered)

    assert str(excinfo.value.message).startswith("Ce lien de confirmation n'est pas valide.")
    assert not excinfo.value.expired
    uma.refresh_from_db()
    assert uma.email_verified_at is None


def test_a_link_is_accepted_until_it_expires_and_refused_after(uma, settings):
    settings.EMAIL_VERIFICATION_MAX_AGE = 3600
    issued_at = time.time()
    with mock.patch("django.core.signing.time.time", return_value=issued_at):
        token = make_verification_token(user_id=uma.pk, email=uma.email)

    with (
        mock.patch("django.core.signing.time.time", return_value=issued_at + 3601),
        pytest.raises(EmailVerificationError) as excinfo,
    ):
        services.user_verify_email(token=token)
    assert excinfo.value.expired
    assert str(excinfo.value.message).startswith("Ce lien de confirmation a expiré.")

    with mock.patch("django.core.signing.time.time", return_value=issued_at + 3599):
        assert services.user_verify_email(token=token) == uma


def test_a_link_issued_for_a_former_address_is_refused(uma):
    token = make_verification_token(user_id=uma.pk, email=uma.email)
    User.objects.filter(pk=uma.pk).update(email="uma.new@example.com")

    with pytest.raises(EmailVerificationError):
        services.user_verify_email(token=token)


def test_a_link_for_a_deactivated_account_is_refused(uma):
    token = make_verification_token(user_id=uma.pk, email=uma.email)
    User.objects.filter(pk=uma.pk).update(is_active=False)

    with pytest.raises(EmailVerificationError):
        services.user_verify_email(token=token)
    uma.refresh_from_db()
    assert uma.email_verified_at is None


def test_a_link_signed_for_another_purpose_is_refused(uma):
    from django.core import signing

    token = signing.dumps({"u": uma.pk, "e": uma.email}, salt="another-purpose")

    with pytest.raises(EmailVerificationError):
        services.user_verify_email(token=token)


# --- user_resend_verification ------------------------------------------------------------------


def test_a_new_link_is_sent_on_request(uma, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.user_resend_verification(user=uma)

    assert sent is True
    assert [m.to for m in mailoutbox] == [["uma@example.com"]]
    assert services.user_verify_email(token=token_of(link_in(mailoutbox[0]))) == uma


def test_a_second_request_within_the_cooldown_sends_nothing(
    uma, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.user_resend_verification(user=uma) is True
        assert services.user_resend_verification(user=uma) is False

    assert len(mailoutbox) == 1


def test_no_link_is_resent_right_after_registration(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = register()
        assert user is not None
        assert services.user_resend_verification(user=user) is False


def test_a_verified_address_gets_no_new_link(alice, mailoutbox):
    assert services.user_resend_verification(user=alice) is False
    assert mailoutbox == []


def test_verifying_sets_the_time_from_the_clock(uma):
    token = make_verification_token(user_id=uma.pk, email=uma.email)
    moment = timezone.now().replace(microsecond=0)

    with mock.patch("django.utils.timezone.now", return_value=moment):
        services.user_verify_email(token=token)

    uma.refresh_from_db()
    assert uma.email_verified_at == moment
