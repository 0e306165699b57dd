"""The SLA settings in the admin. The rules live in the models' ``clean()`` and, for the week of
working ranges a calendar must have, in the inline formset's ``clean()``."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from sla.calendar import french_holidays
from sla.models import (
    POSITIVE_TARGET,
    Closure,
    SlaPolicy,
    WorkingCalendar,
    WorkingHours,
    working_hours_errors,
)


def minutes_display(minutes: int) -> str:
    """570 → « 9 h 30 » (working time, not a number of calendar days)."""
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


class WorkingHoursFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        ranges = [
            (form.cleaned_data["weekday"], form.cleaned_data["start"], form.cleaned_data["end"])
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("weekday") is not None
        ]
        errors = working_hours_errors(ranges)
        if errors:
            raise ValidationError(errors)


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    formset = WorkingHoursFormSet
    fields = ["weekday", "start", "end"]
    extra = 0


class ClosureInline(admin.TabularInline):
    model = Closure
    fields = ["date", "start", "end", "label"]
    extra = 0


@admin.register(WorkingCalendar)
class WorkingCalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default", "updated_at"]
    fields = ["name", "is_default", "time_zone", "public_holidays"]
    readonly_fields = ["time_zone", "public_holidays"]
    inlines = [WorkingHoursInline, ClosureInline]

    @admin.display(description=_("fuseau horaire"))
    def time_zone(self, calendar: WorkingCalendar) -> str:
        return calendar.time_zone

    @admin.display(description=_("jours fériés de l'année (calculés)"))
    def public_holidays(self, calendar: WorkingCalendar) -> SafeString:
        year = timezone.localdate().year
        return format_html_join("", "<div>{} — {}</div>", sorted(french_holidays(year).items()))


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["date", "label", "start", "end", "calendar"]
    list_filter = ["calendar"]
    date_hierarchy = "date"


class SlaPolicyForm(forms.ModelForm):
    class Meta:
        model = SlaPolicy
        fields = [
            "request_type",
            "first_response_minutes",
            "resolution_minutes",
            "at_risk_percent",
            "warn_assignee",
            "warn_supervisors",
            "calendar",
        ]
        # The form field's own "≥ 0" check would answer before the model's "≥ 1 minute".
        error_messages = {
            "first_response_minutes": {"min_value": POSITIVE_TARGET[0].message},
            "resolution_minutes": {"min_value": POSITIVE_TARGET[0].message},
        }


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    form = SlaPolicyForm
    list_display = [
        "request_type",
        "first_response",
        "resolution",
        "at_risk_percent",
        "warn_assignee",
        "warn_supervisors",
        "calendar",
    ]
    list_select_related = ["calendar"]

    @admin.display(description=_("première réponse"), ordering="first_response_minutes")
    def first_response(self, policy: SlaPolicy) -> str:
        return minutes_display(policy.first_response_minutes)

    @admin.display(description=_("résolution"), ordering="resolution_minutes")
    def resolution(self, policy: SlaPolicy) -> str:
        return minutes_display(policy.resolution_minutes)
