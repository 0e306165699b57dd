"""The reasons a technician picks when resolving a request as « Non conforme », per type,
edited in the admin (``lifecycle.reasons.EditableReasons`` reads them)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NonComplianceReason(models.Model):
    type_key = models.CharField(_("type de demande"), max_length=50)
    code = models.SlugField(_("code"), max_length=50)
    # What the requester reads after « Motif : » in the message: plain French.
    label = models.CharField(_("motif"), max_length=200)
    is_active = models.BooleanField(_("proposé"), default=True)
    position = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("motif de non-conformité")
        verbose_name_plural = _("motifs de non-conformité")
        ordering = ["type_key", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["type_key", "code"], name="reason_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label
