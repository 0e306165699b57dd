"""Account e-mails, sent by the outbox after commit (never during the web request).

Payloads carry ids only: links and their tokens are made when the e-mail is sent, so no secret
is ever stored in an outbox row (SECURITY O5), and the password-reset page answers in the same
time whether or not the address has an account.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from common.emails import send_email
from outbox.registry import effect_handler
from users.models import EmailChange, User
from users.selectors import email_change_token_hash
from users.tokens import make_verification_token

VERIFY_EMAIL = "email.account_verify"
ALREADY_REGISTERED = "email.account_already_registered"
PASSWORD_RESET = "email.account_password_reset"  # noqa: S105  (an effect kind)


def verification_url(user: User) -> str:
    token = make_verification_token(user_id=user.pk, email=user.email)
    return settings.GUICHET_BASE_URL + reverse("users:verify_email", kwargs={"token": token})


def _current_user(effect: Any) -> User | None:
    """The user, if the address the e-mail was meant for is still his."""
    user = User.objects.filter(pk=effect.payload["user_id"], is_active=True).first()
    if user is None or user.email != effect.payload["email"]:
        return None
    return user


@effect_handler(VERIFY_EMAIL)
def verification_email_send(effect: Any) -> dict[str, Any] | None:
    user = _current_user(effect)
    if user is None or user.email_verified:
        return {"skipped": "address changed or already verified"}
    send_email(
        "account_verify_email",
        to=[user.email],
        context={
            "user": user,
            "verify_url": verification_url(user),
            "max_age_days": settings.EMAIL_VERIFICATION_MAX_AGE // 86400,
        },
    )
    return {"sent": True}


@effect_handler(ALREADY_REGISTERED)
def already_registered_email_send(effect: Any) -> dict[str, Any] | None:
    user = _current_user(effect)
    if user is None:
        return {"skipped": "address changed"}
    send_email(
        "account_already_registered",
        to=[user.email],
        context={
            "user": user,
            "login_url": settings.GUICHET_BASE_URL + reverse("users:login"),
            "reset_url": settings.GUICHET_BASE_URL + reverse("users:password_reset"),
            "verify_url": None if user.email_verified else verification_url(user),
        },
    )
    return {"sent": True}


@effect_handler(PASSWORD_RESET)
def password_reset_email_send(effect: Any) -> dict[str, Any] | None:
    user = _current_user(effect)
    if user is None or not user.has_usable_password():
        return {"skipped": "address changed or no usable password"}
    send_email(
        "account_password_reset",
        to=[user.email],
        context={
            "user": user,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
            "timeout_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
    )
    return {"sent": True}


# --- Change of the login address --------------------------------------------------------------
EMAIL_CHANGE_CONFIRM = "email.account_email_change_confirm"
EMAIL_CHANGED = "email.account_email_changed"
EMAIL_CHANGE_TAKEN = "email.account_email_change_taken"


@effect_handler(EMAIL_CHANGE_CONFIRM)
def email_change_confirm_send(effect: Any) -> dict[str, Any] | None:
    """Make the link's secret now, store only its hash, send the link to the new address."""
    change = (
        EmailChange.objects.select_for_update()
        .filter(pk=effect.payload["change_id"], confirmed_at__isnull=True)
        .first()
    )
    if change is None:
        return {"skipped": "change confirmed or replaced"}
    token = secrets.token_urlsafe(32)
    change.token_hash = email_change_token_hash(token)
    change.save(update_fields=["token_hash"])
    path = reverse("users:email_change_confirm", kwargs={"token": token})
    send_email(
        "account_email_change_confirm",
        to=[change.new_email],
        context={
            "user": change.user,
            "confirm_url": f"{settings.GUICHET_BASE_URL}{path}",
            "max_age_days": settings.EMAIL_VERIFICATION_MAX_AGE // 86400,
        },
    )
    return {"sent": True}


@effect_handler(EMAIL_CHANGED)
def email_changed_send(effect: Any) -> dict[str, Any] | None:
    """Tell the old address that the account now signs in with another one."""
    user = User.objects.filter(pk=effect.payload["user_id"]).first()
    if user is None:
        return {"skipped": "account gone"}
    send_email(
        "account_email_changed",
        to=[effect.payload["old_email"]],
        context={"user": user, "new_email_masked": effect.payload["new_email_masked"]},
    )
    return {"sent": True}


@effect_handler(EMAIL_CHANGE_TAKEN)
def email_change_taken_send(effect: Any) -> dict[str, Any] | None:
    """Tell the owner of an address that someone tried to move another account onto it."""
    user = _current_user(effect)
    if user is None:
        return {"skipped": "address changed"}
    send_email(
        "account_email_change_taken",
        to=[user.email],
        context={"user": user, "login_url": settings.GUICHET_BASE_URL + reverse("users:login")},
    )
    return {"sent": True}
