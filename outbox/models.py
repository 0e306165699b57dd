"""The outbox: one row per side effect, written in the transaction of the change that needs it."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEffect(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        DISPATCHED = "dispatched", _("Envoyé au worker")
        DONE = "done", _("Effectué")
        DEAD = "dead", _("En échec")

    # The idempotency key: unique here, and sent to the core as ``Idempotency-Key``.
    # Unique; sent unchanged to the account core as its Idempotency-Key (O3).
    idempotency_key = models.CharField(_("clé d'idempotence"), max_length=200, unique=True)
    kind = models.CharField(_("type d'effet"), max_length=64)
    # Identifiers and plain data only: never a password, a token or a reset link (O5).
    payload = models.JSONField(_("données"), default=dict, encoder=DjangoJSONEncoder)
    subject_ref = models.CharField(_("objet"), max_length=100, blank=True, db_index=True)
    status = models.CharField(
        _("statut"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("tentatives"), default=0)
    max_attempts = models.PositiveIntegerField(_("tentatives maximum"))
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), db_index=True)
    dispatched_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    done_at = models.DateTimeField(_("effectué le"), null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    result = models.JSONField(_("résultat"), null=True, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("effet différé")
        verbose_name_plural = _("effets différés")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["status", "dispatched_at"], name="outbox_dispatched_idx"),
            # The daily payload purge: only the done effects whose payload is not emptied yet.
            models.Index(
                fields=["done_at"],
                name="outbox_payload_purge_idx",
                condition=models.Q(status="done") & ~models.Q(payload={}),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.idempotency_key} ({self.status})"

    @property
    def is_final(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.DEAD}


class OutboxEvent(models.Model):
    """Append-only history of what happened to an effect that a person may need to know."""

    class Action(models.TextChoices):
        DEAD = "dead", _("Abandonné après échec")
        RETRIED = "retried", _("Relancé")

    effect = models.ForeignKey(OutboxEffect, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    detail = models.TextField(_("détail"), blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("événement d'effet")
        verbose_name_plural = _("événements d'effets")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.effect_id} {self.action}"
