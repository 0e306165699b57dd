"""Account e-mails are outbox effects: written with the change, sent after commit, no secret."""

from __future__ import annotations

import json

from outbox.models import OutboxEffect
from tests.support.outbox import deliver_outbox
from users import effects
from users.services import user_send_password_reset, user_send_verification


def test_the_verification_e_mail_waits_in_the_outbox_without_the_link(uma, mailoutbox):
    user_send_verification(user=uma)

    effect = OutboxEffect.objects.get(kind=effects.VERIFY_EMAIL)
    assert effect.status == OutboxEffect.Status.PENDING
    assert effect.payload == {"user_id": uma.pk, "email": uma.email}
    assert "verification" not in json.dumps(effect.payload)


def test_the_outbox_sends_the_verification_link(uma, mailoutbox):
    user_send_verification(user=uma)

    (message,) = mailoutbox
    assert message.to == [uma.email]
    assert "/compte/verification/" in message.body


def test_a_reset_for_an_unknown_address_writes_nothing(db, mailoutbox):
    user_send_password_reset(email="personne@example.com")

    assert not OutboxEffect.objects.exists()
    assert len(mailoutbox) == 0


def test_a_reset_e_mail_goes_only_to_the_current_address(alice, mailoutbox):
    user_send_password_reset(email="ALICE@example.com")
    alice.email = "alice.nouvelle@example.com"
    alice.save()

    deliver_outbox()

    assert len(mailoutbox) == 0
    assert OutboxEffect.objects.get().result == {"skipped": "address changed or no usable password"}


def test_the_address_change_link_is_made_at_send_time_and_a_replaced_change_sends_nothing(
    alice, mailoutbox
):
    from users.models import EmailChange
    from users.services import user_request_email_change

    user_request_email_change(user=alice, new_email="premiere@example.com")
    user_request_email_change(user=alice, new_email="seconde@example.com")
    placeholder = EmailChange.objects.get().token_hash

    (message,) = mailoutbox
    assert message.to == ["seconde@example.com"]
    assert EmailChange.objects.get().token_hash != placeholder
    assert all(
        "change_id" in e.payload for e in OutboxEffect.objects.filter(kind__contains="change")
    )


def test_posting_the_forgotten_password_form_again_sends_no_second_e_mail(alice, mailoutbox):
    for _ in range(5):
        user_send_password_reset(email="alice@example.com")

    assert OutboxEffect.objects.filter(kind=effects.PASSWORD_RESET).count() == 1
    assert len(mailoutbox) == 1


def test_a_new_reset_e_mail_may_be_asked_for_after_the_cool_down(alice, mailoutbox, settings):
    from django.core.cache import cache

    user_send_password_reset(email="alice@example.com")
    cache.delete(f"users:password-reset-sent:{alice.pk}")  # what the cool-down's expiry does

    user_send_password_reset(email="alice@example.com")

    assert len(mailoutbox) == 2
