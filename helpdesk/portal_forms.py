"""The requester's forms on his request page: answer the desk, reopen a resolved request.

They validate and hand clean values to ``lifecycle.services.requests``; the service decides.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from documents.fields import MultipleFileField

MESSAGE_MAX_LENGTH = 10_000


def _attachments_field() -> MultipleFileField:
    return MultipleFileField(
        label=_("Joindre des documents (PDF, JPEG ou PNG)"),
        required=False,
        # Lazy: a help text interpolated at import would stay in the import-time language.
        help_text=lazy(
            lambda: (
                gettext("Facultatif. %(size)s Mo au plus par fichier.")
                % {"size": settings.GUICHET_UPLOAD_MAX_BYTES // (1024 * 1024)}
            ),
            str,
        )(),
    )


class AnswerForm(forms.Form):
    """ "Répondre": the information or document the desk asked for."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    message = forms.CharField(
        label=_("Votre réponse"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Écrivez votre réponse au guichet.")},
    )
    attachments = _attachments_field()


class CompleteForm(forms.Form):
    """ "Compléter ma demande": a message and documents added to an open request."""

    message = forms.CharField(
        label=_("Votre message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Écrivez votre message au guichet.")},
    )
    attachments = _attachments_field()


class ReopenForm(forms.Form):
    """ "Rouvrir la demande": a reason (from the type's list when it has one) and details."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Motif de la réouverture"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Indiquez pourquoi vous rouvrez la demande.")},
    )
    comment = forms.CharField(
        label=_("Précisions (facultatif)"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = _attachments_field()

    def __init__(self, *args: Any, reasons: list[tuple[str, Any]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.reasons = list(reasons or [])
        if self.reasons:
            self.fields["reason"] = forms.ChoiceField(
                label=_("Motif de la réouverture"),
                choices=[("", _("Choisissez un motif")), *self.reasons],
                error_messages={
                    "required": _("Choisissez le motif de la réouverture."),
                    "invalid_choice": _("Choisissez un des motifs de la liste."),
                },
            )
        else:
            del self.fields["comment"]  # the free-text reason says it all

    def reason_text(self) -> str:
        """The text the desk reads: the reason's label, then the details, if any."""
        data = self.cleaned_data
        if not self.reasons:
            return str(data["reason"]).strip()
        label = str(dict(self.reasons)[data["reason"]])
        comment = str(data.get("comment") or "").strip()
        return f"{label}\n\n{comment}" if comment else label
