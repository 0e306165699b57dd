"""Tables of the sandbox core: a small reference implementation of the account core."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q


class EnrolmentType(models.TextChoices):
    MONO = "mono", "Mono-établissement"
    MULTI = "multi", "Multi-établissements"
    THIRD_PARTY = "tiers", "Tiers déclarant"


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    CANCELLED = "cancelled", "Résiliée"


class SandboxCompany(models.Model):
    siren = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=200)
    enrolment_type = models.CharField(
        max_length=10, choices=EnrolmentType.choices, default=EnrolmentType.MONO
    )
    enrolment_status = models.CharField(
        max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "sandbox_company"
        verbose_name = "entreprise (bac à sable)"
        verbose_name_plural = "entreprises (bac à sable)"

    def __str__(self) -> str:
        return f"{self.name} ({self.siren})"


class SandboxEstablishment(models.Model):
    company = models.ForeignKey(
        SandboxCompany, on_delete=models.CASCADE, related_name="establishments"
    )
    siret = models.CharField(max_length=14, unique=True)
    name = models.CharField(max_length=200, blank=True)
    enrolment_status = models.CharField(
        max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "sandbox_establishment"
        verbose_name = "établissement (bac à sable)"
        verbose_name_plural = "établissements (bac à sable)"

    def __str__(self) -> str:
        return self.siret


class SandboxActor(models.Model):
    class Role(models.TextChoices):
        ADMINISTRATOR = "administrator", "Administrateur"
        DECLARANT = "declarant", "Déclarant"
        BOTH = "both", "Administrateur et déclarant"

    company = models.ForeignKey(SandboxCompany, on_delete=models.CASCADE, related_name="actors")
    last_name = models.CharField(max_length=100)
    first_name = models.CharField(max_length=100)
    # R10-normalised names, the only ones ever compared.
    last_name_key = models.CharField(max_length=100, editable=False)
    first_name_key = models.CharField(max_length=100, editable=False)
    email = models.EmailField(blank=True)
    role = models.CharField(max_length=20, choices=Role.choices)
    password = models.CharField(max_length=128, blank=True)
    password_set_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "sandbox_actor"
        verbose_name = "acteur (bac à sable)"
        verbose_name_plural = "acteurs (bac à sable)"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "last_name_key", "first_name_key"],
                name="sandbox_actor_unique_name_per_company",
            )
        ]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"

    @property
    def is_administrator(self) -> bool:
        return self.role in {self.Role.ADMINISTRATOR, self.Role.BOTH}


class SandboxRight(models.Model):
    """Declaring / paying rights (habilitations) of an actor on one establishment."""

    actor = models.ForeignKey(SandboxActor, on_delete=models.CASCADE, related_name="rights")
    establishment = models.ForeignKey(
        SandboxEstablishment, on_delete=models.CASCADE, related_name="rights"
    )
    can_declare = models.BooleanField(default=True)
    can_pay = models.BooleanField(default=False)

    class Meta:
        db_table = "sandbox_right"
        verbose_name = "habilitation (bac à sable)"
        verbose_name_plural = "habilitations (bac à sable)"
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "establishment"], name="sandbox_right_unique_actor_establishment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} @ {self.establishment_id}"


class SandboxIdempotencyRecord(models.Model):
    """The first result of a write, replayed when the same key comes again."""

    key = models.CharField(max_length=200, unique=True)
    operation = models.CharField(max_length=50)
    fingerprint = models.CharField(max_length=64)
    response = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        db_table = "sandbox_idempotency"

    def __str__(self) -> str:
        return f"{self.operation} {self.key}"


class SandboxResetLink(models.Model):
    """A password-reset link. Only the sha256 of the token is stored (R2).

    R3: issued for one named administrator (``actor``) and one SIRET (``establishment``): only
    that triplet opens it. ``verified_at``: the triplet was checked (the link still works);
    ``consumed_at``: the password was created (R6: the link is spent).
    """

    PURPOSE_ADMIN_ACCESS = "admin_access"

    link_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True)
    company = models.ForeignKey(SandboxCompany, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=30, default=PURPOSE_ADMIN_ACCESS)
    request_ref = models.CharField(max_length=100)
    recipient_email = models.EmailField()
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    consumed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(
        SandboxActor, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    establishment = models.ForeignKey(
        SandboxEstablishment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    password_set_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "sandbox_reset_link"
        verbose_name = "lien de réinitialisation (bac à sable)"
        verbose_name_plural = "liens de réinitialisation (bac à sable)"
        indexes = [
            models.Index(fields=["company", "request_ref", "issued_at"]),
            models.Index(fields=["expires_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("issued_at")),
                name="sandbox_reset_link_expires_after_issue",
            )
        ]

    def __str__(self) -> str:
        return str(self.link_id)


class SandboxResetAttempts(models.Model):
    """R12/R13: the triplet failure counter of one request + account; survives re-issue."""

    company = models.ForeignKey(SandboxCompany, on_delete=models.CASCADE, related_name="+")
    request_ref = models.CharField(max_length=100)
    failures = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "sandbox_reset_attempts"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "request_ref"], name="sandbox_reset_attempts_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.company_id}/{self.request_ref}: {self.failures}"


class SandboxResetEvent(models.Model):
    """R20: audit of the reset journey. Never a token, never a typed name."""

    class Kind(models.TextChoices):
        ISSUED = "issued"
        REVOKED = "revoked"
        OPENED = "opened"
        TRIPLET_FAILED = "triplet_failed"
        LOCKED = "locked"
        UNLOCKED = "unlocked"
        REFUSED_WHILE_LOCKED = "refused_while_locked"
        TRIPLET_VERIFIED = "triplet_verified"
        CONSUMED = "consumed"
        PASSWORD_SET = "password_set"  # noqa: S105 (an event name)

    kind = models.CharField(max_length=30, choices=Kind.choices)
    link_id = models.UUIDField(null=True, blank=True)
    siren = models.CharField(max_length=9)
    request_ref = models.CharField(max_length=100)
    at = models.DateTimeField()
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "sandbox_reset_event"
        verbose_name = "événement de réinitialisation (bac à sable)"
        verbose_name_plural = "événements de réinitialisation (bac à sable)"
        indexes = [models.Index(fields=["siren", "request_ref", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M:%S}"


class SandboxClock(models.Model):
    """The demo's shift of the sandbox core's clock: one row, read by every process (web, worker).

    Only ``sandbox_core.clock`` reads it, and never in the production profile.
    """

    offset_seconds = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "sandbox_clock"
        verbose_name = "horloge (bac à sable)"
        # Granted to the desk's staff groups (users.grants); honoured only in a demo.
        permissions = [("move_clock", "Peut avancer l'horloge du cœur (démonstration)")]

    def __str__(self) -> str:
        return f"+{self.offset_seconds} s"
