"""The admin site (staff only) for the custom user: e-mail login, profile, SIRET, roles."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
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
    class Meta:
        model = User
        fields = (
            "email",
            "password",
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
        (None, {"fields": ("email", "password")}),
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
    readonly_fields = ("last_login", "date_joined")
