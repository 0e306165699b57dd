"""Four eyes: a technician's « Exécuter sur le compte » waiting for a second person."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExecutionApproval(models.Model):
    request = models.ForeignKey(
        "lifecycle.Request", on_delete=models.PROTECT, related_name="execution_approvals"
    )
    # The request's version when the approval was asked: approving executes that version only.
    version = models.PositiveIntegerField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("demandée par"),
    )
    requested_at = models.DateTimeField(_("demandée le"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("approuvée par"),
    )
    approved_at = models.DateTimeField(_("approuvée le"), null=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("refusée par"),
    )
    refused_at = models.DateTimeField(_("refusée le"), null=True)
    refusal_reason = models.TextField(_("motif du refus"), blank=True)
    # The type's execute options chosen by the asker (e.g. the named administrator of a
    # liquidator's link), checked when asked and passed on when approved.
    options = models.JSONField(_("options de l'exécution"), default=dict, blank=True)

    class Meta:
        verbose_name = _("approbation d'exécution")
        verbose_name_plural = _("approbations d'exécution")
        ordering = ["requested_at", "id"]
        constraints = [
            # One live approval per version; a refused one leaves room for a new ask.
            models.UniqueConstraint(
                fields=["request", "version"],
                condition=models.Q(refused_at__isnull=True),
                name="execution_approval_one_per_version",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("requested_by")),
                name="execution_approval_four_eyes",
            ),
            models.CheckConstraint(
                condition=models.Q(refused_by__isnull=True)
                | ~models.Q(refused_by=models.F("requested_by")),
                name="execution_approval_refused_by_another",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_at__isnull=True) | models.Q(refused_at__isnull=True),
                name="execution_approval_approved_or_refused",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} v{self.version}"
