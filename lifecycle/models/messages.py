"""The thread of a request: public replies and internal notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Réponse au demandeur")
        INTERNAL = "internal", _("Note interne")

    request = models.ForeignKey(
        "lifecycle.Request", on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    visibility = models.CharField(
        _("visibilité"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("le"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["request", "created_at"], name="message_request_idx")]

    def __str__(self) -> str:
        return f"{self.request_id} {self.visibility} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_internal(self) -> bool:
        return self.visibility == self.Visibility.INTERNAL
