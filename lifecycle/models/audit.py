"""Append-only history: the transition log and the audit events (downloads, refusals).

Neither model can be updated or deleted through the ORM; on PostgreSQL a trigger refuses it in
the database too (migration 0002).
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lifecycle.machine import Role, State


class AppendOnlyError(Exception):
    """Someone tried to change history."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} is append-only")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} is append-only")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{type(self).__name__} is append-only")


class TransitionLog(AppendOnlyModel):
    """One row per transition of a request: who, when, from, to, comment, details."""

    request = models.ForeignKey(
        "lifecycle.Request", on_delete=models.PROTECT, related_name="transitions"
    )
    name = models.CharField(_("transition"), max_length=50)
    from_state = models.CharField(_("de"), max_length=30, choices=State.choices, blank=True)
    to_state = models.CharField(_("vers"), max_length=30, choices=State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    actor_role = models.CharField(_("rôle"), max_length=20, choices=[(r, r) for r in Role])
    comment = models.TextField(_("commentaire"), blank=True)
    # What the move carried that the history must keep, e.g. what the core returned
    # (``{"core_result": {"link_id": …}}``): read by the staff panel, independent of the outbox.
    details = models.JSONField(_("détails"), default=dict, blank=True)
    at = models.DateTimeField(_("le"))

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("journal des transitions")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["request", "at"], name="transitionlog_request_idx"),
            # The desk's "taken per technician" over a period (lifecycle.selectors_desk).
            models.Index(
                fields=["name", "at"], name="transitionlog_name_at_idx", include=["actor"]
            ),
            # The desk's daily roll-up: resolution events of a day (lifecycle.services.figures).
            models.Index(
                fields=["at"],
                name="transitionlog_resolved_at_idx",
                include=["request"],
                condition=models.Q(to_state="resolved"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.name}: {self.from_state} → {self.to_state}"


class AuditEvent(AppendOnlyModel):
    """A security-relevant event outside the transitions (a document downloaded or refused)."""

    class Kind(models.TextChoices):
        ATTACHMENT_DOWNLOADED = "attachment.downloaded", _("Pièce jointe téléchargée")
        ATTACHMENT_DENIED = "attachment.denied", _("Téléchargement refusé")

    kind = models.CharField(max_length=50, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    request = models.ForeignKey(
        "lifecycle.Request", on_delete=models.PROTECT, null=True, related_name="audit_events"
    )
    attachment = models.ForeignKey(
        "lifecycle.Attachment", on_delete=models.PROTECT, null=True, related_name="audit_events"
    )
    detail = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("événement d'audit")
        verbose_name_plural = _("événements d'audit")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["kind", "at"], name="auditevent_kind_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
