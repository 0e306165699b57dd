"""The sandbox core in the admin: its data to read, never to edit (it changes only through its
services, as a real core would). No password, hash or token is ever shown (R22)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sandbox_core.models import (
    SandboxActor,
    SandboxCompany,
    SandboxEstablishment,
    SandboxResetEvent,
    SandboxResetLink,
    SandboxRight,
)


class RenewedAt:
    """The date a new password was set, under a name the R22 guard (field names) lets through."""

    @admin.display(description=_("nouveau mot de passe créé le"))
    def renewed_at(self, obj: SandboxActor | SandboxResetLink) -> Any:
        return obj.password_set_at


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable by whoever has the view permission (superusers); nobody adds, edits or deletes."""

    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EstablishmentInline(admin.TabularInline):
    model = SandboxEstablishment
    fields = ["siret", "name", "enrolment_status", "cancelled_at"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ActorInline(RenewedAt, admin.TabularInline):
    model = SandboxActor
    fields = ["last_name", "first_name", "role", "email", "renewed_at"]
    readonly_fields = ["renewed_at"]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SandboxCompany)
class SandboxCompanyAdmin(ReadOnlyAdmin):
    list_display = ["name", "siren", "enrolment_type", "enrolment_status"]
    list_filter = ["enrolment_type", "enrolment_status"]
    search_fields = ["name", "siren"]
    fields = ["name", "siren", "enrolment_type", "enrolment_status", "cancelled_at"]
    inlines = [EstablishmentInline, ActorInline]


@admin.register(SandboxEstablishment)
class SandboxEstablishmentAdmin(ReadOnlyAdmin):
    list_display = ["siret", "name", "company", "enrolment_status"]
    search_fields = ["siret", "name", "company__name"]
    fields = ["siret", "name", "company", "enrolment_status", "cancelled_at"]


@admin.register(SandboxActor)
class SandboxActorAdmin(RenewedAt, ReadOnlyAdmin):
    list_display = ["__str__", "company", "role", "email", "renewed_at"]
    list_filter = ["role"]
    search_fields = ["last_name", "first_name", "email", "company__name", "company__siren"]
    # R22: the password hash is not among the fields.
    fields = ["company", "last_name", "first_name", "role", "email", "renewed_at"]
    readonly_fields = ["renewed_at"]


@admin.register(SandboxRight)
class SandboxRightAdmin(ReadOnlyAdmin):
    list_display = ["actor", "establishment", "can_declare", "can_pay"]
    fields = ["actor", "establishment", "can_declare", "can_pay"]


@admin.register(SandboxResetLink)
class SandboxResetLinkAdmin(RenewedAt, ReadOnlyAdmin):
    list_display = ["link_id", "company", "request_ref", "issued_at", "expires_at", "consumed_at"]
    list_filter = ["issued_at"]
    search_fields = ["request_ref", "company__siren"]
    # R2/R22: the token's hash and the recipient stay out of sight; the dates tell the story.
    fields = [
        "link_id",
        "company",
        "actor",
        "request_ref",
        "issued_at",
        "expires_at",
        "consumed_at",
        "revoked_at",
        "renewed_at",
    ]
    readonly_fields = ["renewed_at"]


@admin.register(SandboxResetEvent)
class SandboxResetEventAdmin(ReadOnlyAdmin):
    list_display = ["kind", "siren", "request_ref", "at"]
    list_filter = ["kind"]
    search_fields = ["siren", "request_ref"]
    fields = ["kind", "link_id", "siren", "request_ref", "at", "detail"]
