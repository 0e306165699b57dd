from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from lifecycle.models import Theme


class SubthemeInline(admin.TabularInline):
    model = Theme
    fk_name = "parent"
    fields = ["name", "position", "is_active"]
    extra = 1


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position", "is_active"]
    list_filter = ["is_active", "parent"]
    search_fields = ["name"]
    ordering = ["parent__name", "position", "name"]

    def get_inlines(self, request: HttpRequest, obj: Theme | None) -> list[Any]:
        """Subthemes are edited on their theme's page; a subtheme has none."""
        if obj is not None and obj.parent_id is not None:
            return []
        return [SubthemeInline]
