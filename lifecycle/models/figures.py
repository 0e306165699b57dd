"""The supervisors' desk daily roll-up: what happened on each Paris local day, ready to add up.

Grain: local day × request type × technician (the request's assignee, or the actor of a
``take``; empty when nobody). ``DailyFigures`` holds the counts, ``DailyDuration`` the histograms
of first-response and resolution times in working time (sparse: one row per non-empty bucket, see
``lifecycle.figures_buckets``), ``FiguresDay`` says which days are built. Written only by
``lifecycle.services.figures`` (delete + insert of whole days, one transaction); read by
``lifecycle.selectors_figures``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FiguresDay(models.Model):
    """A local day whose roll-up is built (``stale``: to rebuild, e.g. after a calendar change)."""

    day = models.DateField(_("jour"), primary_key=True)
    built_at = models.DateTimeField(_("calculé le"))
    stale = models.BooleanField(_("à recalculer"), default=False)

    class Meta:
        verbose_name = _("journée de chiffres")
        verbose_name_plural = _("journées de chiffres")

    def __str__(self) -> str:
        return self.day.isoformat()


class _Grain(models.Model):
    """A request type and a technician (none: nobody), the grain shared by the roll-up's rows.
    The technician is kept without a foreign-key constraint: a deleted account keeps its past."""

    type_key = models.CharField(_("type"), max_length=50)
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )

    class Meta:
        abstract = True


class _Buckets(_Grain):
    """One non-empty bucket of a histogram of working time (``lifecycle.figures_buckets``)."""

    class Measure(models.TextChoices):
        FIRST_RESPONSE = "first_response", _("première réponse")
        RESOLUTION = "resolution", _("résolution")

    measure = models.CharField(max_length=20, choices=Measure.choices)
    bucket = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        abstract = True


class DailyFigures(_Grain):
    day = models.DateField(_("jour"))
    filed = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)  # resolution events of the day
    late = models.PositiveIntegerField(default=0)  # among them, a deadline not kept
    reopened = models.PositiveIntegerField(default=0)  # reopen events of the day
    taken = models.PositiveIntegerField(default=0)  # ``take`` events (technician: the actor)

    class Meta:
        verbose_name = _("chiffres du jour")
        verbose_name_plural = _("chiffres du jour")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "type_key", "technician"],
                name="dailyfigures_grain_unique",
                nulls_distinct=False,
            )
        ]
        indexes = [models.Index(fields=["day", "type_key"], name="dailyfigures_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.type_key} {self.technician_id}"


class DailyDuration(_Buckets):
    day = models.DateField(_("jour"))

    class Meta:
        verbose_name = _("durées du jour")
        verbose_name_plural = _("durées du jour")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "type_key", "technician", "measure", "bucket"],
                name="dailyduration_grain_unique",
                nulls_distinct=False,
            )
        ]
        indexes = [
            models.Index(
                fields=["day"],
                include=["type_key", "technician", "measure", "bucket", "count"],
                name="dailyduration_day_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.type_key} {self.measure} {self.bucket}: {self.count}"


class MonthlyDuration(_Buckets):
    """``DailyDuration`` summed per calendar month (``month``: its first day), rewritten with
    the month's days: a year of the desk reads twelve months of buckets, not 365 days."""

    month = models.DateField(_("mois"))

    class Meta:
        verbose_name = _("durées du mois")
        verbose_name_plural = _("durées du mois")
        indexes = [
            models.Index(
                fields=["month"],
                include=["type_key", "technician", "measure", "bucket", "count"],
                name="monthlyduration_month_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.type_key} {self.measure} {self.bucket}: {self.count}"
