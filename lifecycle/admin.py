"""Read-only admin views of the lifecycle: changes go through the services, never the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

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
    """At a million requests: the technician of every row in the page's one query, no count of
    the whole table beside a search, and a search that asks one indexed column, chosen by the
    shape of the term (an e-mail, a SIRET, else the start of a number), never ``icontains``."""

    list_display = ["number", "type_key", "siret", "state", "assignee", "filed_at"]
    list_filter = ["state", "type_key"]
    list_select_related = ["assignee"]
    search_fields = ["number"]  # shows the search box; the lookups are get_search_results'
    search_help_text = _("Numéro (ou son début), SIRET complet ou adresse électronique exacte")
    show_full_result_count = False
    inlines = [TransitionLogInline]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Request], search_term: str
    ) -> tuple[QuerySet[Request], bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        if "@" in term:  # stored lower-case (a constraint), unique: one probe, then the requester
            return queryset.filter(requester__email=term.lower()), False
        if len(term) == 14 and term.isdigit():
            return queryset.filter(siret=term), False
        # The number's unique index has a pattern-ops twin on PostgreSQL: a prefix LIKE uses it.
        return queryset.filter(number__startswith=term.upper()), False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "actor", "request", "attachment"]
    list_filter = ["kind"]


# The themes and the canned answers pages, registered with the rest.
from lifecycle import admin_canned, admin_themes  # noqa: E402,F401
