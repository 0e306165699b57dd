"""Read-only admin views of the lifecycle: changes go through the services, never the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lifecycle.models import AuditEvent, Request, TransitionLog


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TransitionLogInline(admin.TabularInline):
    model = TransitionLog
    fields = ("at", "name", "from_state", "to_state", "actor", "actor_role", "comment")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Request)
class RequestAdmin(ReadOnlyAdmin):
    list_display = ["number", "type_key", "siret", "state", "assignee", "filed_at"]
    list_filter = ["state", "type_key"]
    search_fields = ["number", "siret", "requester__email"]
    inlines = [TransitionLogInline]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "actor", "request", "attachment"]
    list_filter = ["kind"]


# The themes and the canned answers pages, registered with the rest.
from lifecycle import admin_canned, admin_themes  # noqa: E402,F401
