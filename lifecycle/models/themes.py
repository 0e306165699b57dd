"""The classification of the "question" type: themes and their subthemes, kept in the database.

Two levels only (theme → subtheme), edited by supervisors in the admin. Requests copy the names
they were filed with (``Request.theme`` / ``subtheme``), so renaming a theme rewrites no history.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Theme(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thème parent"),
        related_name="subthemes",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Vide pour un thème ; le thème parent pour un sous-thème."),
    )
    position = models.PositiveIntegerField(_("ordre d'affichage"), default=0)
    is_active = models.BooleanField(_("proposé aux demandeurs"), default=True)

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="theme_unique_name_per_parent"),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent__isnull=True),
                name="theme_unique_top_level_name",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent is not None else self.name

    def clean(self) -> None:
        if self.parent is not None and self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("Un sous-thème ne peut pas avoir lui-même de sous-thèmes.")}
            )
        if self.parent is not None and self.pk is not None and self.subthemes.exists():
            raise ValidationError(
                {"parent": _("Ce thème a des sous-thèmes : il ne peut pas devenir sous-thème.")}
            )
