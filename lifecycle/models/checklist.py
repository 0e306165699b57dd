"""The technician's check of a request's documents: one append-only row per box ticked or
unticked, so the current state and its history are the same table."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lifecycle.models.audit import AppendOnlyModel


class DocumentCheck(AppendOnlyModel):
    request = models.ForeignKey(
        "lifecycle.Request", on_delete=models.PROTECT, related_name="document_checks"
    )
    # The item's code in the type's ``document_checklist``.
    code = models.CharField(_("point vérifié"), max_length=50)
    checked = models.BooleanField(_("conforme"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("par")
    )
    at = models.DateTimeField(_("le"))

    class Meta:
        verbose_name = _("vérification d'une pièce")
        verbose_name_plural = _("vérifications des pièces")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["request", "at"], name="documentcheck_request_idx")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.code}: {self.checked}"
