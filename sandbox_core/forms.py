from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sandbox_core.passwords import password_problems


class TripletForm(forms.Form):
    siret = forms.CharField(label=_("SIRET"), max_length=20)
    last_name = forms.CharField(label=_("NOM"), max_length=100)
    first_name = forms.CharField(label=_("PRÉNOM"), max_length=100)


class PasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Mot de passe"), widget=forms.PasswordInput(render_value=False), strip=False
    )
    confirmation = forms.CharField(
        label=_("Confirmation"), widget=forms.PasswordInput(render_value=False), strip=False
    )

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        problems = password_problems(password)
        if problems:
            raise forms.ValidationError(problems)
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password, confirmation = cleaned.get("password"), cleaned.get("confirmation")
        if password and confirmation is not None and password != confirmation:
            self.add_error("confirmation", _("La confirmation ne correspond pas au mot de passe."))
        return cleaned


class LoginForm(TripletForm):
    password = forms.CharField(
        label=_("Mot de passe"), widget=forms.PasswordInput(render_value=False), strip=False
    )
