"""Forms of the lifecycle pages: they validate input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from documents.fields import MultipleFileField
from lifecycle.machine import Outcome
from users import roles
from users.models import User


def technicians() -> Any:
    return (
        User.objects.filter(is_active=True, groups__name__in=[roles.TECHNICIAN, roles.SUPERVISOR])
        .distinct()
        .order_by("last_name", "first_name")
    )


class TransitionForm(forms.Form):
    """Every field a transition may need; each button shows only its own (``spec.needs``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    comment = forms.CharField(
        label=_("Commentaire (journal interne)"), required=False, widget=forms.Textarea
    )
    message = forms.CharField(
        label=_("Message au demandeur"), required=False, widget=forms.Textarea
    )
    outcome = forms.ChoiceField(
        label=_("Issue"), choices=[("", "—"), *Outcome.choices], required=False
    )
    technician = forms.ModelChoiceField(
        label=_("Technicien"), queryset=User.objects.none(), required=False
    )
    # A reason from the request type's list (``reopen_reasons`` / ``resolve_reasons``).
    reason = forms.CharField(label=_("Motif"), required=False, max_length=50)
    attachments = MultipleFileField(
        label=_("Pièces jointes (PDF, JPEG ou PNG)"),
        required=False,
        # Lazy: a help text interpolated at import would stay in the import-time language.
        help_text=lazy(
            lambda: (
                gettext("%(size)s Mo au plus par fichier.")
                % {"size": settings.GUICHET_UPLOAD_MAX_BYTES // (1024 * 1024)}
            ),
            str,
        )(),
    )

    def __init__(
        self, *args: Any, request_type: Any = None, transition: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = technicians()  # type: ignore[attr-defined]
        self.request_type = request_type
        self.transition = transition

    def reasons(self) -> dict[str, Any]:
        """The type's reasons for this transition: reopening, or resolving as non compliant."""
        if self.request_type is None:
            return {}
        if self.transition == "reopen":
            return dict(self.request_type.reopen_reasons)
        if self.transition == "resolve":
            return dict(self.request_type.resolve_reasons)
        return {}

    def clean(self) -> dict[str, Any]:
        """With a list of reasons, one is required and leads the message ("Motif : …")."""
        cleaned = super().clean() or {}
        reasons = self.reasons()
        if not reasons:
            return cleaned
        code = cleaned.get("reason") or ""
        needed = self.transition == "reopen" or cleaned.get("outcome") == Outcome.NON_COMPLIANT
        if code and code not in reasons:
            self.add_error("reason", _("Choisissez un motif de la liste."))
        elif needed and not code:
            self.add_error("reason", _("Choisissez un motif dans la liste."))
        elif code:
            details = (cleaned.get("message") or "").strip()
            lead = _("Motif : %(reason)s") % {"reason": reasons[code]}
            cleaned["message"] = f"{lead}\n\n{details}" if details else str(lead)
        return cleaned


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea)
    internal = forms.BooleanField(
        label=_("Note interne (invisible pour le demandeur)"), required=False, initial=True
    )
    attachments = MultipleFileField(label=_("Pièces jointes (PDF, JPEG ou PNG)"), required=False)
