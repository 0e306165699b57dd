"""The 8-hour reset link and the SIRET / NOM / PRÉNOM triplet (SECURITY.md §1, R1–R23)."""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse

import core_contract as contract
from common.emails import send_email
from common.identifiers import clean_siret
from core_contract import (
    InvalidInput,
    LinkQuotaExceeded,
    NotAnAdministrator,
    NotFound,
    PersonName,
)
from sandbox_core import clock
from sandbox_core.models import (
    SandboxActor,
    SandboxCompany,
    SandboxEstablishment,
    SandboxResetAttempts,
    SandboxResetEvent,
    SandboxResetLink,
)
from sandbox_core.services.accounts import actor_find, establishment_get

LINK_TTL = timedelta(hours=8)
MAX_FAILURES = 5
LOCK_DURATION = timedelta(minutes=60)
LINKS_PER_REQUEST_PER_DAY = 3
PURGE_AFTER = timedelta(days=30)
ADMIN_ROLES = [SandboxActor.Role.ADMINISTRATOR, SandboxActor.Role.BOTH]

Kind = SandboxResetEvent.Kind


def hash_token(token: str) -> str:
    """R2: the only form in which a token is stored or looked up."""
    return hmac.new(settings.SECRET_KEY.encode(), token.encode(), hashlib.sha256).hexdigest()


def _event(kind: str, link: SandboxResetLink, now: datetime, **detail: object) -> None:
    SandboxResetEvent.objects.create(
        kind=kind,
        link_id=link.link_id,
        siren=link.company.siren,
        request_ref=link.request_ref,
        at=now,
        detail=detail,
    )


def _valid_links(now: datetime) -> QuerySet[SandboxResetLink]:
    """R4/R6: validity is a SQL condition, evaluated against a UTC instant."""
    return SandboxResetLink.objects.filter(
        consumed_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    )


def link_result(link: SandboxResetLink, now: datetime | None = None) -> contract.ResetLink:
    now = now or clock.now()
    status: contract.LinkStatus
    if link.consumed_at is not None:
        status = "used"
    elif link.revoked_at is not None:
        status = "revoked"
    elif link.expires_at <= now:
        status = "expired"
    else:
        status = "issued"
    return contract.ResetLink(
        link_id=str(link.link_id),
        issued_at=link.issued_at,
        expires_at=link.expires_at,
        status=status,
    )


# --- Issue ------------------------------------------------------------------------------------
def reset_link_issue(*, siret: str, recipient_email: str, request_ref: str) -> contract.ResetLink:
    """Issue a link for the company's administrator accounts, revoking every earlier one (R5)."""
    try:
        validate_email(recipient_email)
    except ValidationError as exc:
        raise InvalidInput("L'adresse électronique du destinataire est invalide.") from exc
    request_ref = (request_ref or "").strip()
    if not request_ref or len(request_ref) > 100:
        raise InvalidInput("La référence de la demande est obligatoire (100 caractères au plus).")
    establishment = establishment_get(siret)
    now = clock.now()
    with transaction.atomic():
        company = SandboxCompany.objects.select_for_update().get(pk=establishment.company_id)
        if not SandboxActor.objects.filter(company=company, role__in=ADMIN_ROLES).exists():
            raise NotAnAdministrator("Cette entreprise n'a aucun administrateur inscrit.")
        recent = SandboxResetLink.objects.filter(
            company=company, request_ref=request_ref, issued_at__gt=now - timedelta(hours=24)
        ).count()
        if recent >= LINKS_PER_REQUEST_PER_DAY:
            raise LinkQuotaExceeded()
        for earlier in _valid_links(now).filter(company=company):
            earlier.revoked_at = now
            earlier.save(update_fields=["revoked_at"])
            _event(Kind.REVOKED, earlier, now)
        token = secrets.token_urlsafe(32)  # R1: 256 bits
        link = SandboxResetLink.objects.create(
            token_hash=hash_token(token),
            company=company,
            request_ref=request_ref,
            recipient_email=recipient_email,
            issued_at=now,
            expires_at=now + LINK_TTL,
        )
        SandboxResetAttempts.objects.get_or_create(company=company, request_ref=request_ref)
        _event(Kind.ISSUED, link, now)
        url = settings.SANDBOX_RESET_BASE_URL + reverse("sandbox:reset_open", args=[token])
        administrators = list(company.actors.filter(role__in=ADMIN_ROLES).order_by("pk"))
        context = {
            "url": url,
            "company_name": company.name,
            "addressee": str(administrators[0]) if administrators else company.name,
            "ttl_hours": 8,
        }
        transaction.on_commit(
            lambda: send_email("sandbox_reset_link", to=[recipient_email], context=context)
        )
        return link_result(link, now)


def reset_link_status(link_id: str) -> contract.ResetLink:
    try:
        parsed = uuid.UUID(str(link_id))
    except ValueError as exc:
        raise InvalidInput("Identifiant de lien invalide.") from exc
    link = SandboxResetLink.objects.filter(link_id=parsed).first()
    if link is None:
        raise NotFound("Aucun lien ne correspond à cet identifiant.")
    return link_result(link)


# --- The page: open, triplet, password ---------------------------------------------------------
def reset_link_is_valid(token: str) -> bool:
    """Read-only: GET and HEAD never change anything (R7)."""
    return _valid_links(clock.now()).filter(token_hash=hash_token(token)).exists()


def reset_link_opened(token: str) -> None:
    """Audit only (R20); changes neither the link nor the counter."""
    now = clock.now()
    link = _valid_links(now).filter(token_hash=hash_token(token)).select_related("company")
    for found in link:
        _event(Kind.OPENED, found, now)


@dataclass(frozen=True)
class TripletOutcome:
    result: Literal["accepted", "wrong", "locked", "invalid"]
    link_id: str = ""
    actor_id: int = 0
    retry_after: int = 0


INVALID = TripletOutcome("invalid")


def _triplet_actor(
    company: SandboxCompany, siret: str, last_name: str, first_name: str
) -> SandboxActor | None:
    try:
        compact = clean_siret(siret)
    except ValidationError:
        return None
    if not company.establishments.filter(siret=compact).exists():
        return None
    actor = actor_find(company, PersonName(last_name, first_name))
    if actor is None or not actor.is_administrator:
        return None
    return actor


def reset_triplet_submit(
    *, token: str, siret: str, last_name: str, first_name: str
) -> TripletOutcome:
    """R6, R10–R13: evaluate one triplet under the counter's row lock; consume on success."""
    now = clock.now()
    with transaction.atomic():
        link = (
            _valid_links(now).filter(token_hash=hash_token(token)).select_related("company").first()
        )
        if link is None:
            return INVALID
        attempts, _created = SandboxResetAttempts.objects.select_for_update().get_or_create(
            company=link.company, request_ref=link.request_ref
        )
        if attempts.locked_until is not None:
            if attempts.locked_until > now:
                _event(Kind.REFUSED_WHILE_LOCKED, link, now)
                seconds = math.ceil((attempts.locked_until - now).total_seconds())
                return TripletOutcome("locked", retry_after=seconds)
            attempts.failures = 0
            attempts.locked_until = None
            _event(Kind.UNLOCKED, link, now)
        actor = _triplet_actor(link.company, siret, last_name, first_name)
        if actor is None:
            attempts.failures += 1
            _event(Kind.TRIPLET_FAILED, link, now, count=attempts.failures)
            outcome = TripletOutcome("wrong")
            if attempts.failures >= MAX_FAILURES:
                attempts.locked_until = now + LOCK_DURATION
                _event(Kind.LOCKED, link, now, until=attempts.locked_until.isoformat())
                outcome = TripletOutcome("locked", retry_after=int(LOCK_DURATION.total_seconds()))
            attempts.save(update_fields=["failures", "locked_until"])
            return outcome
        consumed = _valid_links(now).filter(pk=link.pk).update(consumed_at=now, actor_id=actor.pk)
        if consumed != 1:
            return INVALID
        attempts.failures = 0
        attempts.save(update_fields=["failures", "locked_until"])
        _event(Kind.CONSUMED, link, now)
        return TripletOutcome("accepted", link_id=str(link.link_id), actor_id=actor.pk)


def reset_password_set(*, link_id: str, actor_id: int, password: str) -> bool:
    """Set the password once per link (R18, R19); the caller has checked the rules."""
    now = clock.now()
    with transaction.atomic():
        updated = SandboxResetLink.objects.filter(
            link_id=link_id,
            actor_id=actor_id,
            consumed_at__isnull=False,
            password_set_at__isnull=True,
            expires_at__gt=now,
        ).update(password_set_at=now)
        if updated != 1:
            return False
        link = SandboxResetLink.objects.select_related("company").get(link_id=link_id)
        actor = SandboxActor.objects.select_for_update().get(pk=actor_id)
        actor.password = make_password(password)
        actor.password_set_at = now  # ends every earlier sandbox session of this account
        actor.save(update_fields=["password", "password_set_at"])
        _event(Kind.PASSWORD_SET, link, now)
        recipient = link.recipient_email
        company_name = link.company.name
        notified = [
            a.email
            for a in link.company.actors.filter(role__in=ADMIN_ROLES).exclude(email="")
            if a.email.casefold() != recipient.casefold()
        ]

        def notify() -> None:
            context = {"company_name": company_name, "liquidator": recipient}
            send_email("sandbox_access_confirmation", to=[recipient], context=context)
            for email in notified:
                send_email("sandbox_access_notice", to=[email], context=context)

        transaction.on_commit(notify)
        return True


def sandbox_login(
    *, siret: str, last_name: str, first_name: str, password: str
) -> SandboxActor | None:
    """The core's own login: triplet + password. Never locked by the reset lockout (R14)."""
    actor = None
    try:
        compact = clean_siret(siret)
    except ValidationError:
        compact = ""
    establishment = (
        SandboxEstablishment.objects.select_related("company").filter(siret=compact).first()
    )
    if establishment is not None:
        actor = actor_find(establishment.company, PersonName(last_name, first_name))
    if actor is None or not actor.password:
        make_password(password)  # the same cost as a real check: no timing oracle
        return None
    return actor if check_password(password, actor.password) else None


def reset_links_purge(*, now: datetime | None = None) -> int:
    """R23: token rows go 30 days after their expiry; audit events stay."""
    now = now or clock.now()
    deleted, _ = SandboxResetLink.objects.filter(expires_at__lt=now - PURGE_AFTER).delete()
    return deleted
