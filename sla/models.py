"""The SLA settings, editable in the admin: working calendars and one policy per request type.

Targets are stored in minutes of *working* time. A working day is one day of the calendar's working
hours: with the default Monday–Friday 08:30–18:00, 1 working day = 570 minutes, so "2 working days"
is 1,140 minutes. Storing minutes (not "days") keeps a target's meaning fixed when the hours change.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TIME_ZONE = "Europe/Paris"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Lundi")
    TUESDAY = 1, _("Mardi")
    WEDNESDAY = 2, _("Mercredi")
    THURSDAY = 3, _("Jeudi")
    FRIDAY = 4, _("Vendredi")
    SATURDAY = 5, _("Samedi")
    SUNDAY = 6, _("Dimanche")


def _hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")


def working_hours_errors(ranges: Iterable[tuple[int, time, time]]) -> list[str]:
    """What is wrong with a calendar's week of (weekday, start, end) ranges, in French."""
    by_day: dict[int, list[tuple[time, time]]] = {}
    for weekday, start, end in ranges:
        by_day.setdefault(weekday, []).append((start, end))
    if not by_day:
        return [str(_("Le calendrier doit compter au moins une plage ouvrée dans la semaine."))]
    errors = []
    for weekday, day_ranges in sorted(by_day.items()):
        day_ranges.sort()
        for (start, end), (next_start, next_end) in pairwise(day_ranges):
            if next_start < end:
                errors.append(
                    str(_("Les plages du %(day)s se chevauchent : %(a)s et %(b)s."))
                    % {
                        "day": str(Weekday(weekday).label).lower(),
                        "a": f"{_hhmm(start)}–{_hhmm(end)}",
                        "b": f"{_hhmm(next_start)}–{_hhmm(next_end)}",
                    }
                )
    return errors


class WorkingCalendar(models.Model):
    """Working hours, closures and the French public holidays, in Europe/Paris time."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    is_default = models.BooleanField(
        _("calendrier par défaut"),
        default=False,
        help_text=_("Utilisé par les politiques qui n'en désignent pas d'autre."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("calendrier ouvré")
        verbose_name_plural = _("calendriers ouvrés")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="sla_one_default_calendar",
                violation_error_message=_("Un seul calendrier peut être le calendrier par défaut."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def time_zone(self) -> str:
        return TIME_ZONE


class WorkingHours(models.Model):
    """One working range of one weekday; a day may have several (e.g. a lunch break)."""

    calendar = models.ForeignKey(
        WorkingCalendar, models.CASCADE, related_name="hours", verbose_name=_("calendrier")
    )
    weekday = models.PositiveSmallIntegerField(_("jour"), choices=Weekday.choices)
    start = models.TimeField(_("début"))
    end = models.TimeField(_("fin"))
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("plage ouvrée")
        verbose_name_plural = _("plages ouvrées")
        ordering = ["calendar", "weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")),
                name="sla_hours_end_after_start",
                violation_error_message=_("La fin d'une plage doit être après son début."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6),
                name="sla_hours_weekday",
                violation_error_message=_("Le jour doit être compris entre lundi et dimanche."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {_hhmm(self.start)}–{_hhmm(self.end)}"

    def clean(self) -> None:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValidationError({"end": _("La fin d'une plage doit être après son début.")})


class Closure(models.Model):
    """A day (or half-day) the desk is closed, added by hand (e.g. a bridge day)."""

    calendar = models.ForeignKey(
        WorkingCalendar, models.CASCADE, related_name="closures", verbose_name=_("calendrier")
    )
    date = models.DateField(_("date"))
    start = models.TimeField(
        _("début"), null=True, blank=True, help_text=_("Vide : toute la journée.")
    )
    end = models.TimeField(_("fin"), null=True, blank=True, help_text=_("Vide : toute la journée."))
    label = models.CharField(_("motif"), max_length=100)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("fermeture")
        verbose_name_plural = _("fermetures")
        ordering = ["calendar", "date", "start"]
        indexes = [models.Index(fields=["calendar", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.label}"

    def clean(self) -> None:
        if (self.start is None) != (self.end is None):
            raise ValidationError(
                _(
                    "Une fermeture partielle a un début et une fin ; laissez les deux vides pour "
                    "toute la journée."
                )
            )
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValidationError({"end": _("La fin de la fermeture doit être après son début.")})


AT_RISK_RANGE = _("Le seuil « à risque » doit être compris entre 1 et 99 %%.")
POSITIVE_TARGET = [MinValueValidator(1, _("Un délai doit être d'au moins une minute."))]


class SlaPolicy(models.Model):
    """The targets of one request type, in minutes of working time."""

    request_type = models.CharField(
        _("type de demande"),
        max_length=50,
        unique=True,
        help_text=_(
            "La clé du type : admin_removal, liquidator_access, enrolment_cancellation, question."
        ),
    )
    first_response_minutes = models.PositiveIntegerField(
        _("délai de première réponse (minutes ouvrées)"),
        validators=POSITIVE_TARGET,
        help_text=_("Un jour ouvré de 08:30 à 18:00 compte 570 minutes."),
    )
    resolution_minutes = models.PositiveIntegerField(
        _("délai de résolution (minutes ouvrées)"),
        validators=POSITIVE_TARGET,
        help_text=_("Un jour ouvré de 08:30 à 18:00 compte 570 minutes."),
    )
    at_risk_percent = models.PositiveSmallIntegerField(
        _("seuil « à risque » (%)"),
        default=80,
        validators=[
            MinValueValidator(1, AT_RISK_RANGE),
            MaxValueValidator(99, AT_RISK_RANGE),
        ],
    )
    warn_assignee = models.BooleanField(_("prévenir le technicien attribué"), default=True)
    warn_supervisors = models.BooleanField(_("prévenir les superviseurs"), default=True)
    calendar = models.ForeignKey(
        WorkingCalendar, models.PROTECT, related_name="policies", verbose_name=_("calendrier")
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("politique de délai")
        verbose_name_plural = _("politiques de délai")
        ordering = ["request_type"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_response_minutes__gt=0, resolution_minutes__gt=0),
                name="sla_policy_positive_targets",
                violation_error_message=_("Les délais doivent être d'au moins une minute."),
            ),
            models.CheckConstraint(
                condition=Q(at_risk_percent__gte=1, at_risk_percent__lte=99),
                name="sla_policy_at_risk_percent",
                violation_error_message=AT_RISK_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return self.request_type

    def clean(self) -> None:
        if not (self.warn_assignee or self.warn_supervisors):
            raise ValidationError(
                _(
                    "Choisissez qui est prévenu : le technicien attribué, les superviseurs "
                    "ou les deux."
                )
            )
        first, resolution = self.first_response_minutes, self.resolution_minutes
        if first and resolution and first > resolution:
            raise ValidationError(
                {
                    "first_response_minutes": _(
                        "Le délai de première réponse ne peut pas dépasser le délai de résolution."
                    )
                }
            )
