"""Business actions on accounts: registration, e-mail verification, password reset e-mails,
change of address.

Registration never tells whether an address already has an account: the page answers "check
your mailbox" either way, and the owner of a taken address is told by e-mail instead. Every
e-mail is an outbox effect (``users.effects``), written in the caller's transaction.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
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
from users.models import EmailChange, User
from users.selectors import (
    email_change_from_token,
    email_change_token_hash,
    user_from_verification_token,
)
from users.tokens import EMAIL_CHANGE_LINK_INVALID, EmailVerificationError

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
            idempotency_key=f"{kind}:{user.pk}:{uuid.uuid4().hex}",
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


# --- Profile: change of the login address -------------------------------------------------------
# The new address replaces the old one only once a link sent to it is used; the old address is
# told when that happens. An address that belongs to another account gets the same answer on
# the page (nothing is created, its owner is told by e-mail), so the form discloses nothing.


def user_request_email_change(*, user: User, new_email: str) -> None:
    """Send a confirmation link to ``new_email`` (the form checked the password and that it is
    not already the account's address). Only the newest link of an account works."""
    new_email = normalize_email(new_email)
    if User.objects.filter(email=new_email).exclude(pk=user.pk).exists():
        _notify_owner_of_email_change_attempt(email=new_email)
        logger.info("e-mail change to a taken address", extra={"user_id": user.pk})
        return
    cooldown_key = f"users:email-change-sent:{user.pk}:{_address_digest(new_email)}"
    if not cache.add(cooldown_key, True, timeout=settings.EMAIL_VERIFICATION_RESEND_COOLDOWN):
        return  # the same link was just sent: one e-mail per cool-down
    with transaction.atomic():
        EmailChange.objects.filter(user=user, confirmed_at__isnull=True).delete()
        # The link's secret is made when the e-mail is sent (users.effects); until then the row
        # holds the hash of a secret nobody knows, so no link can confirm it.
        change = EmailChange.objects.create(
            user=user,
            new_email=new_email,
            token_hash=email_change_token_hash(secrets.token_urlsafe(32)),
        )
        effect_enqueue(
            kind=effects.EMAIL_CHANGE_CONFIRM,
            idempotency_key=f"{effects.EMAIL_CHANGE_CONFIRM}:{change.pk}",
            payload={"change_id": change.pk},
            subject_ref=f"user:{user.pk}",
        )
    logger.info("e-mail change requested", extra={"user_id": user.pk})


def user_confirm_email_change(*, token: str) -> User:
    """Replace the account's address by the confirmed one, and tell the old address.

    Raises EmailVerificationError (French message) for an unknown, used or expired link, or
    when the address was taken by another account in the meantime.
    """
    try:
        with transaction.atomic():
            change = email_change_from_token(token=token)
            user = User.objects.select_for_update().get(pk=change.user_id)
            claimed = EmailChange.objects.filter(pk=change.pk, confirmed_at__isnull=True).update(
                confirmed_at=timezone.now()
            )
            if not claimed:
                raise EmailVerificationError(EMAIL_CHANGE_LINK_INVALID)
            if User.objects.filter(email=change.new_email).exclude(pk=user.pk).exists():
                raise EmailVerificationError(EMAIL_CHANGE_LINK_INVALID)
            old_email = user.email
            user.email = change.new_email
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email", "email_verified_at"])
            effect_enqueue(
                kind=effects.EMAIL_CHANGED,
                idempotency_key=f"{effects.EMAIL_CHANGED}:{change.pk}",
                payload={
                    "user_id": user.pk,
                    "old_email": old_email,
                    "new_email_masked": mask_email(change.new_email),
                },
                subject_ref=f"user:{user.pk}",
            )
    except IntegrityError as exc:  # lost a race for the address with another account
        raise EmailVerificationError(EMAIL_CHANGE_LINK_INVALID) from exc
    logger.info("e-mail changed", extra={"user_id": user.pk})
    return user


def mask_email(email: str) -> str:
    """``nina@example.com`` -> ``n***@example.com``: enough to recognise, not to harvest."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def _address_digest(email: str) -> str:
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def _notify_owner_of_email_change_attempt(*, email: str) -> None:
    owner = User.objects.filter(email=email).first()
    if owner is None or not cache.add(
        f"users:email-change-taken:{owner.pk}", True, timeout=ALREADY_REGISTERED_NOTICE_WINDOW
    ):
        return
    _email_enqueue(effects.EMAIL_CHANGE_TAKEN, user=owner)
