"""Canned answers: texts the technicians insert in the reply box, per type and outcome."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lifecycle.machine import Outcome


class CannedAnswer(models.Model):
    title = models.CharField(_("titre"), max_length=120)
    # Empty: offered on every type.
    type_key = models.CharField(_("type de demande"), max_length=50, blank=True)
    # Empty: any outcome (an answer to send while the request is worked).
    outcome = models.CharField(_("issue"), max_length=20, choices=Outcome.choices, blank=True)
    body = models.TextField(
        _("texte"),
        help_text=_(
            "Champs remplacés : {demandeur}, {numero}, {entreprise}, {siret}, {technicien}."
        ),
    )
    is_active = models.BooleanField(_("proposée"), default=True)
    position = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("réponse type")
        verbose_name_plural = _("réponses types")
        ordering = ["position", "title", "id"]

    def __str__(self) -> str:
        return self.title
