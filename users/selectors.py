"""Reads about accounts."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from users.models import EmailChange, User
from users.tokens import (
    EMAIL_CHANGE_LINK_EXPIRED,
    EMAIL_CHANGE_LINK_INVALID,
    LINK_INVALID,
    EmailVerificationError,
    read_verification_token,
)


def user_from_verification_token(*, token: str) -> User:
    """The account a verification link would confirm, without confirming it (for a GET).

    Raises EmailVerificationError (French message) for a tampered or expired token, or one
    issued for an address the account no longer has.
    """
    claim = read_verification_token(token)
    user = User.objects.filter(pk=claim.user_id, is_active=True).first()
    if user is None or not claim.matches(user.email):
        raise EmailVerificationError(LINK_INVALID)
    return user


def email_change_from_token(*, token: str) -> EmailChange:
    """The pending address change a link would confirm, without confirming it (for a GET).

    Raises EmailVerificationError (French message) for an unknown, used or expired link.
    """
    change = (
        EmailChange.objects.select_related("user")
        .filter(token_hash=email_change_token_hash(token), user__is_active=True)
        .first()
    )
    if change is None or change.confirmed_at is not None:
        raise EmailVerificationError(EMAIL_CHANGE_LINK_INVALID)
    age = timezone.now() - change.created_at
    if age > timedelta(seconds=settings.EMAIL_VERIFICATION_MAX_AGE):
        raise EmailVerificationError(EMAIL_CHANGE_LINK_EXPIRED, expired=True)
    return change


def email_change_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
