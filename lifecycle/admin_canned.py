"""The canned answers and the « Non conforme » reasons, edited by supervisors in the admin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lifecycle import registry
from lifecycle.models import CannedAnswer, NonComplianceReason


class CannedAnswerForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CannedAnswer
        fields = ["title", "type_key", "outcome", "body", "is_active", "position"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type_key"] = forms.ChoiceField(
            label=_("type de demande"),
            required=False,
            choices=[("", _("Tous les types"))]
            + [(t.key, str(t.label)) for t in registry.all_types()],
        )


@admin.register(CannedAnswer)
class CannedAnswerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = CannedAnswerForm
    list_display = ["title", "type_key", "outcome", "is_active", "position"]
    list_filter = ["is_active", "type_key", "outcome"]
    search_fields = ["title", "body"]


@admin.register(NonComplianceReason)
class NonComplianceReasonAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["label", "type_key", "code", "is_active", "position"]
    list_filter = ["type_key", "is_active"]
    list_editable = ["is_active", "position"]
