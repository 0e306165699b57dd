"""The admin site (staff only) for the custom user: e-mail login, profile, SIRET, roles."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.identifiers import clean_siret
from users.models import User


class _EmailAndSiretCleaning(forms.ModelForm):
    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"].strip()).lower()

    def clean_siret(self) -> str:
        siret = self.cleaned_data.get("siret", "")
        return clean_siret(siret) if siret else ""


class UserCreationForm(_EmailAndSiretCleaning, auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "last_name", "first_name")


class UserChangeForm(_EmailAndSiretCleaning, auth_forms.UserChangeForm):
    password = None  # type: ignore[assignment]  # R22: not even the hash summary is shown

    class Meta:
        model = User
        fields = (
            "email",
            "last_name",
            "first_name",
            "profile",
            "siret",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
            "email_verified_at",
        )


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        # R22: no page shows a password, not even its hash summary; only a link to set a new one.
        (None, {"fields": ("email", "set_password")}),
        (_("Identité"), {"fields": ("last_name", "first_name", "profile", "siret")}),
        (
            _("Rôles et droits"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("email_verified_at", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "last_name",
                    "first_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("email", "last_name", "first_name", "profile", "is_staff", "email_verified_at")
    list_filter = ("is_staff", "is_superuser", "is_active", "profile", "groups")
    search_fields = ("email", "last_name", "first_name", "siret")
    ordering = ("email",)
    readonly_fields = ("set_password", "last_login", "date_joined")

    @admin.display(description=_("Mot de passe"))
    def set_password(self, user: User) -> str:
        if user.pk is None:
            return ""
        url = reverse("admin:auth_user_password_change", args=[user.pk])
        return format_html('<a href="{}">{}</a>', url, _("Définir un nouveau mot de passe"))
