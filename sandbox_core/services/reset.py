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
from zoneinfo import ZoneInfo

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
QUOTA_WINDOW = timedelta(hours=24)
PARIS = ZoneInfo("Europe/Paris")
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
    elif link.verified_at is not None:
        status = "verified"
    else:
        status = "issued"
    return contract.ResetLink(
        link_id=str(link.link_id),
        issued_at=link.issued_at,
        expires_at=link.expires_at,
        status=status,
    )


def _paris(instant: datetime) -> str:
    local = instant.astimezone(PARIS)
    return f"le {local:%d/%m/%Y} à {local:%H:%M}"


def _quota_check(company: SandboxCompany, request_ref: str, now: datetime) -> None:
    """R15: at most 3 links per request in 24 h; the error says when the next one may go."""
    recent = list(
        SandboxResetLink.objects.filter(
            company=company, request_ref=request_ref, issued_at__gt=now - QUOTA_WINDOW
        )
        .order_by("issued_at")
        .values_list("issued_at", flat=True)
    )
    if len(recent) < LINKS_PER_REQUEST_PER_DAY:
        return
    retry_at = recent[len(recent) - LINKS_PER_REQUEST_PER_DAY] + QUOTA_WINDOW
    raise LinkQuotaExceeded(
        "Trois liens ont déjà été envoyés pour cette demande au cours des dernières 24 heures. "
        f"Le prochain lien pourra être envoyé {_paris(retry_at)} (heure de Paris).",
        retry_at=retry_at,
    )


# --- Issue ------------------------------------------------------------------------------------
def reset_link_issue(
    *,
    siret: str,
    administrator: PersonName,
    recipient_email: str,
    request_ref: str,
    allow_over_quota: bool = False,
) -> contract.ResetLink:
    """Issue a link for one named administrator and one SIRET (R3), revoking the earlier links
    of the same request (R5); other requests' links are untouched."""
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
        actor = actor_find(company, administrator)
        if actor is None or not actor.is_administrator:
            raise NotAnAdministrator(
                "Cette personne n'est pas administrateur de l'entreprise : choisissez un des "
                "administrateurs inscrits."
            )
        if not allow_over_quota:
            _quota_check(company, request_ref, now)
        earlier_links = _valid_links(now).filter(company=company, request_ref=request_ref)
        for earlier in earlier_links.select_related("company"):
            earlier.revoked_at = now
            earlier.save(update_fields=["revoked_at"])
            _event(Kind.REVOKED, earlier, now)
        token = secrets.token_urlsafe(32)  # R1: 256 bits
        link = SandboxResetLink.objects.create(
            token_hash=hash_token(token),
            company=company,
            establishment=establishment,
            actor=actor,
            request_ref=request_ref,
            recipient_email=recipient_email,
            issued_at=now,
            expires_at=now + LINK_TTL,
        )
        SandboxResetAttempts.objects.get_or_create(company=company, request_ref=request_ref)
        _event(Kind.ISSUED, link, now, over_quota=allow_over_quota)
        url = settings.SANDBOX_RESET_BASE_URL + reverse("sandbox:reset_open", args=[token])
        context = {
            "url": url,
            "company_name": company.name,
            "addressee": str(actor),
            "siret": establishment.siret,
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


def _triplet_matches(link: SandboxResetLink, siret: str, last_name: str, first_name: str) -> bool:
    """R3/R10: the link's own SIRET and named administrator, nothing else of the company."""
    try:
        compact = clean_siret(siret)
    except ValidationError:
        compact = ""
    actor, establishment = link.actor, link.establishment
    if actor is None or establishment is None or not actor.is_administrator:
        return False
    same_siret = hmac.compare_digest(compact.encode(), establishment.siret.encode())
    typed = PersonName(last_name, first_name).key()
    same_name = typed == (actor.last_name_key, actor.first_name_key)
    return same_siret and same_name


def reset_triplet_submit(
    *, token: str, siret: str, last_name: str, first_name: str
) -> TripletOutcome:
    """R10–R13: evaluate one triplet under the counter's row lock. A right triplet marks the
    link verified; it is spent only when the password is created (R6)."""
    now = clock.now()
    with transaction.atomic():
        link = (
            _valid_links(now)
            .filter(token_hash=hash_token(token))
            .select_related("company", "actor", "establishment")
            .first()
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
        if not _triplet_matches(link, siret, last_name, first_name):
            attempts.failures += 1
            _event(Kind.TRIPLET_FAILED, link, now, count=attempts.failures)
            outcome = TripletOutcome("wrong")
            if attempts.failures >= MAX_FAILURES:
                attempts.locked_until = now + LOCK_DURATION
                _event(Kind.LOCKED, link, now, until=attempts.locked_until.isoformat())
                outcome = TripletOutcome("locked", retry_after=int(LOCK_DURATION.total_seconds()))
            attempts.save(update_fields=["failures", "locked_until"])
            return outcome
        if not _valid_links(now).filter(pk=link.pk).exists():
            return INVALID
        if link.verified_at is None:
            SandboxResetLink.objects.filter(pk=link.pk).update(verified_at=now)
        attempts.failures = 0
        attempts.save(update_fields=["failures", "locked_until"])
        _event(Kind.TRIPLET_VERIFIED, link, now)
        assert link.actor_id is not None
        return TripletOutcome("accepted", link_id=str(link.link_id), actor_id=link.actor_id)


def reset_password_set(*, link_id: str, actor_id: int, password: str) -> bool:
    """R6: spend the link and set the password, once: one conditional UPDATE decides (R18, R19);
    the caller has checked the rules."""
    now = clock.now()
    with transaction.atomic():
        updated = (
            _valid_links(now)
            .filter(link_id=link_id, actor_id=actor_id, verified_at__isnull=False)
            .update(consumed_at=now, password_set_at=now)
        )
        if updated != 1:
            return False
        link = SandboxResetLink.objects.select_related("company").get(link_id=link_id)
        actor = SandboxActor.objects.select_for_update().get(pk=actor_id)
        actor.password = make_password(password)
        actor.password_set_at = now  # ends every earlier sandbox session of this account
        actor.save(update_fields=["password", "password_set_at"])
        _event(Kind.CONSUMED, link, now)
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
