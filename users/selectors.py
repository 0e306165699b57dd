"""Reads about accounts."""

from __future__ import annotations

from users.models import User
from users.tokens import LINK_INVALID, EmailVerificationError, read_verification_token


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
