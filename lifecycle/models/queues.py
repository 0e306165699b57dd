"""A technician's saved queue: his own filters, under a name he chose."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedQueue(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_queues",
        verbose_name=_("technicien"),
    )
    name = models.CharField(_("nom"), max_length=80)
    # The checked query string of the view (``QueueQuery.params()``, without cursor).
    params = models.JSONField(_("filtres"), default=dict)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("file enregistrée")
        verbose_name_plural = _("files enregistrées")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_queue_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
