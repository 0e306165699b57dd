"""Account forms: they validate and hand clean values to ``users.services``, nothing more."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.identifiers import clean_siret
from users import throttle
from users.models import User
from users.services import normalize_email, user_send_password_reset

PASSWORD_MISMATCH = _("Les deux mots de passe ne correspondent pas.")


class RegistrationForm(forms.Form):
    """The "S'inscrire" form of the knowledge base (seed 003), field for field."""

    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Au moins 10 caractères, ni trop courant, ni uniquement des chiffres."),
    )
    password2 = forms.CharField(
        label=_("Vérification du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    profile = forms.ChoiceField(
        label=_("Vous êtes"),
        choices=[("", _("Sélectionnez votre situation")), *User.Profile.choices],
    )
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=20,
        help_text=_("Les 14 chiffres du SIRET de votre entreprise ou de votre cabinet."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_email(self) -> str:
        return normalize_email(self.cleaned_data["email"])

    def clean_siret(self) -> str:
        return clean_siret(self.cleaned_data["siret"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1 = cleaned.get("password1")
        password2 = cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", ValidationError(PASSWORD_MISMATCH, code="mismatch"))
        if password1:
            candidate = User(
                email=cleaned.get("email", ""),
                last_name=cleaned.get("last_name", ""),
                first_name=cleaned.get("first_name", ""),
            )
            try:
                validate_password(password1, user=candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned

    def service_arguments(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "email": data["email"],
            "password": data["password1"],
            "last_name": data["last_name"],
            "first_name": data["first_name"],
            "profile": data["profile"],
            "siret": data["siret"],
        }


THROTTLED_MESSAGE = _(
    "Trop de tentatives de connexion. Réessayez dans quelques minutes ou utilisez "
    "« Mot de passe oublié »."
)


class ThrottledLogin(forms.Form):
    """The sign-in throttle (users.throttle) for any ``AuthenticationForm``: the desk's and the
    admin's sign-in count on the same counters and answer the same way."""

    throttled = False
    request: Any
    user_cache: Any

    def clean(self) -> dict[str, Any]:
        """Nothing is evaluated while the address or the client is blocked, not even a right
        password; the same answer whether or not the address has an account."""
        email = normalize_email(self.cleaned_data.get("username") or "")
        ip = throttle.client_ip(self.request)
        if email and throttle.login_blocked(email=email, ip=ip):
            self.throttled = True
            raise ValidationError(THROTTLED_MESSAGE, code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError as exc:
            if email and exc.code == "invalid_login":
                throttle.login_failed(email=email, ip=ip)
            raise
        if email and self.user_cache is not None:
            throttle.login_succeeded(email=email)
        return cleaned if cleaned is not None else self.cleaned_data


class LoginForm(ThrottledLogin, auth_forms.AuthenticationForm):
    """ "Se connecter": e-mail address and password, one generic error for any mismatch."""

    error_messages = {
        "invalid_login": _(
            "Adresse électronique ou mot de passe incorrect. Vérifiez votre saisie "
            "(les majuscules comptent dans le mot de passe)."
        ),
        "inactive": _("Ce compte est désactivé."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Adresse électronique")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True}
        )
        self.fields["password"].label = _("Mot de passe")


class AdminLoginForm(ThrottledLogin, AdminAuthenticationForm):
    """``/admin/login/``: Django's staff-only form behind the desk's throttle."""


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's "mot de passe oublié" form; the e-mail is an outbox effect sent after commit.

    The link's base comes from GUICHET_BASE_URL, never from the request's Host header, and the
    page answers in the same time whether or not the address has an account.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Adresse électronique")

    def save(self, *args: Any, **kwargs: Any) -> None:
        user_send_password_reset(email=self.cleaned_data["email"])


class EmailChangeForm(forms.Form):
    """ "Changer d'adresse électronique" on the profile page: the new address and the password."""

    new_email = forms.EmailField(
        label=_("Nouvelle adresse électronique"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "Un lien de confirmation y sera envoyé ; "
            "elle ne remplacera l'actuelle qu'une fois confirmée."
        ),
    )
    password = forms.CharField(
        label=_("Votre mot de passe actuel"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Pour vérifier que c'est bien vous."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_email(self) -> str:
        email = normalize_email(self.cleaned_data["new_email"])
        if email == self.user.email:
            raise ValidationError(_("C'est déjà l'adresse de votre compte."), code="same_address")
        return email

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Mot de passe incorrect."), code="password_incorrect")
        return password
