from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outbox import services
from outbox.errors import EffectNotRetryable
from outbox.models import OutboxEffect, OutboxEvent
from users import roles


class OutboxEventInline(admin.TabularInline):
    model = OutboxEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "actor", "detail"]
    readonly_fields = ["created_at", "action", "actor", "detail"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(OutboxEffect)
class OutboxEffectAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "subject_ref", "status", "attempts", "last_error_short"]
    list_filter = ["status", "kind"]
    search_fields = ["idempotency_key", "subject_ref"]
    date_hierarchy = "created_at"
    actions = ["retry_effects"]
    inlines = [OutboxEventInline]
    readonly_fields = [field.name for field in OutboxEffect._meta.fields]

    @admin.display(description=_("dernière erreur"))
    def last_error_short(self, effect: OutboxEffect) -> str:
        return effect.last_error[:120]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return roles.is_supervisor(request.user)

    @admin.action(description=_("Relancer"), permissions=["retry"])
    def retry_effects(self, request: HttpRequest, queryset: QuerySet[OutboxEffect]) -> None:
        retried = skipped = 0
        for effect in queryset:
            try:
                services.effect_retry(effect=effect, actor=request.user)
            except EffectNotRetryable:
                skipped += 1
            else:
                retried += 1
        if retried:
            self.message_user(
                request,
                ngettext("%(count)d effet relancé.", "%(count)d effets relancés.", retried)
                % {"count": retried},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d effet n'était pas en échec et n'a pas été relancé.",
                    "%(count)d effets n'étaient pas en échec et n'ont pas été relancés.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
