"""Business actions on accounts: registration, e-mail verification, password reset e-mails.

Registration never tells whether an address already has an account: the page answers "check
your mailbox" either way, and the owner of a taken address is told by e-mail instead. Every
e-mail is an outbox effect (``users.effects``), written in the caller's transaction.
"""

from __future__ import annotations

import logging
import uuid

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.identifiers import clean_siret
from outbox.services import effect_enqueue
from users import effects, roles
from users.models import User
from users.selectors import user_from_verification_token

logger = logging.getLogger(__name__)

# One reminder to the owner of a taken address per window, however often the form is posted.
ALREADY_REGISTERED_NOTICE_WINDOW = 15 * 60
PROFILE_INVALID = _("Choisissez une des propositions de la liste.")


def normalize_email(email: str) -> str:
    return User.objects.normalize_email((email or "").strip()).lower()


def user_register(
    *,
    email: str,
    password: str,
    last_name: str,
    first_name: str,
    profile: str,
    siret: str,
) -> User | None:
    """Create a requester account and send the verification link.

    Returns None, and creates nothing, when the address is taken: its owner gets an e-mail
    saying someone tried to register with it. Raises ValidationError on invalid input.
    """
    email = normalize_email(email)
    siret = clean_siret(siret)
    if profile not in User.Profile.values:
        raise ValidationError({"profile": PROFILE_INVALID})
    candidate = User(email=email, last_name=last_name, first_name=first_name)
    validate_password(password, user=candidate)

    existing = User.objects.filter(email=email).first()
    if existing is not None:
        make_password(password)  # the same work as a new account: timing reveals nothing
        _notify_owner_of_registration_attempt(user=existing)
        return None
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                last_name=last_name.strip(),
                first_name=first_name.strip(),
                profile=profile,
                siret=siret,
            )
            requester, _created = Group.objects.get_or_create(name=roles.REQUESTER)
            user.groups.add(requester)
            user_send_verification(user=user)
    except IntegrityError:
        # Lost a race with another registration of the same address: same answer as above.
        existing = User.objects.filter(email=email).first()
        if existing is None:
            raise
        _notify_owner_of_registration_attempt(user=existing)
        return None
    logger.info("user registered", extra={"user_id": user.pk})
    return user


def _email_enqueue(kind: str, *, user: User) -> None:
    """One account e-mail for this user, sent by the outbox after commit."""
    with transaction.atomic(savepoint=False):
        effect_enqueue(
            kind=kind,
            key=f"{kind}:{user.pk}:{uuid.uuid4().hex}",
            payload={"user_id": user.pk, "email": user.email},
            subject_ref=f"user:{user.pk}",
        )


def user_send_verification(*, user: User) -> None:
    """E-mail the verification link (sent after the surrounding transaction commits)."""
    cache.set(_resend_key(user), True, timeout=settings.EMAIL_VERIFICATION_RESEND_COOLDOWN)
    _email_enqueue(effects.VERIFY_EMAIL, user=user)


def user_send_password_reset(*, email: str) -> None:
    """E-mail a password-reset link to the active account of this address, if there is one.

    The caller answers the same way either way; the e-mail is sent after commit.
    """
    user = User.objects.filter(email__iexact=normalize_email(email), is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    # One e-mail per cool-down however often the form is posted: no mailbox flooding.
    if not cache.add(
        f"users:password-reset-sent:{user.pk}", True, timeout=settings.PASSWORD_RESET_COOLDOWN
    ):
        return
    _email_enqueue(effects.PASSWORD_RESET, user=user)


def user_resend_verification(*, user: User) -> bool:
    """Send a new verification link unless the address is verified or one was just sent."""
    if user.email_verified:
        return False
    if not cache.add(_resend_key(user), True, timeout=settings.EMAIL_VERIFICATION_RESEND_COOLDOWN):
        return False
    user_send_verification(user=user)
    return True


def user_verify_email(*, token: str) -> User:
    """Confirm the address the token was issued for. Idempotent.

    Raises EmailVerificationError (French message) for a tampered or expired token, or one
    issued for an address the account no longer has.
    """
    user = user_from_verification_token(token=token)
    now = timezone.now()
    updated = User.objects.filter(
        pk=user.pk, email=user.email, is_active=True, email_verified_at__isnull=True
    ).update(email_verified_at=now)
    if updated:
        user.email_verified_at = now
        logger.info("e-mail verified", extra={"user_id": user.pk})
    return user


def _notify_owner_of_registration_attempt(*, user: User) -> None:
    if not cache.add(
        f"users:already-registered:{user.pk}", True, timeout=ALREADY_REGISTERED_NOTICE_WINDOW
    ):
        return
    _email_enqueue(effects.ALREADY_REGISTERED, user=user)


def _resend_key(user: User) -> str:
    return f"users:verification-sent:{user.pk}"
