"""The profile page's form for a new personal API token."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=80,
        help_text=_("Pour le reconnaître, par exemple « Logiciel du cabinet »."),
    )
    expires_on = forms.DateField(
        label=_("Date d'expiration (facultative)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Le jeton cesse de fonctionner ce jour-là à minuit. Vide : sans expiration."),
    )

    def clean_expires_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("expires_on")
        if value is not None and value <= timezone.localdate():
            raise forms.ValidationError(_("Choisissez une date à venir."))
        return value

    def expires_at(self) -> datetime | None:
        value: Any = self.cleaned_data.get("expires_on")
        if value is None:
            return None
        return datetime.combine(value, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))
