"""Files attached to a request, stored under server-generated names in private storage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Attachment(models.Model):
    request = models.ForeignKey(
        "lifecycle.Request", on_delete=models.PROTECT, related_name="attachments"
    )
    message = models.ForeignKey(
        "lifecycle.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # A random name chosen by the server (see lifecycle.services.attachments); never the user's.
    file = models.FileField(max_length=200)
    # Public identifier used in URLs (not the sequential primary key).
    token = models.CharField(max_length=32, unique=True)
    display_name = models.CharField(_("nom du fichier"), max_length=300)
    mime = models.CharField(max_length=100)
    # Size and hash of the file as sent; a PDF is stored rebuilt (documents.pdf).
    size = models.PositiveBigIntegerField(_("taille"))
    sha256 = models.CharField(max_length=64)
    # clamd said OK before it was stored (U8); False when no antivirus ran (the demo has none).
    antivirus_scanned = models.BooleanField(_("analysé par l'antivirus"), default=False)
    created_at = models.DateTimeField(_("ajoutée le"))

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.display_name
