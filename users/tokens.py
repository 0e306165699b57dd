"""The signed, time-limited token of the e-mail verification link.

Stateless on purpose: the token only proves that whoever holds it received the e-mail sent to
that address, and confirming the same address twice changes nothing. It is bound to the
account *and* the address, so a token issued before an address change stops working.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SALT = "users.email-verification"


class EmailVerificationError(Exception):
    """The link cannot confirm an address; ``message`` says why, in French."""

    def __init__(self, message: str | Promise, *, expired: bool = False) -> None:
        super().__init__(str(message))
        self.message = message
        self.expired = expired


LINK_EXPIRED = _("Ce lien de confirmation a expiré. Connectez-vous pour en recevoir un nouveau.")
LINK_INVALID = _(
    "Ce lien de confirmation n'est pas valide. Vérifiez qu'il est complet, "
    "ou connectez-vous pour en recevoir un nouveau."
)

EMAIL_CHANGE_LINK_EXPIRED = _(
    "Ce lien de changement d'adresse a expiré. Depuis votre profil, demandez-en un nouveau."
)
EMAIL_CHANGE_LINK_INVALID = _(
    "Ce lien de changement d'adresse n'est pas valide ou a déjà servi. Vérifiez qu'il est "
    "complet, ou demandez-en un nouveau depuis votre profil."
)


@dataclass(frozen=True)
class VerificationClaim:
    user_id: int
    email_digest: str

    def matches(self, email: str) -> bool:
        return constant_time_compare(self.email_digest, _digest(email))


def _digest(email: str) -> str:
    # The address itself stays out of the link (links end up in logs and browser histories).
    return salted_hmac(SALT, email.lower(), algorithm="sha256").hexdigest()[:24]


def make_verification_token(*, user_id: int, email: str) -> str:
    return signing.dumps({"u": user_id, "e": _digest(email)}, salt=SALT, compress=False)


def read_verification_token(token: str) -> VerificationClaim:
    """Return what the token claims, or raise EmailVerificationError (expired or invalid)."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise EmailVerificationError(LINK_EXPIRED, expired=True) from exc
    except signing.BadSignature as exc:
        raise EmailVerificationError(LINK_INVALID) from exc
    if not isinstance(payload, dict):
        raise EmailVerificationError(LINK_INVALID)
    user_id, email = payload.get("u"), payload.get("e")
    if not isinstance(user_id, int) or not isinstance(email, str):
        raise EmailVerificationError(LINK_INVALID)
    return VerificationClaim(user_id=user_id, email_digest=email)
