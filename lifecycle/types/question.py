"""The generic question ("nous contacter"): theme → subtheme, subject, question, attachments.

Themes live in the database (``lifecycle.models.Theme``, edited in the admin). The technician
answers and resolves; there is no action on the account core.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.identifiers import clean_siret
from documents.fields import MultipleFileField
from lifecycle.forms import Filing, RequestTypeForm
from lifecycle.models import Theme
from lifecycle.registry import RequestType, register
from users import roles


def subtheme_choices() -> list[tuple[str, Any]]:
    """Subthemes grouped under their theme (an <optgroup> each), active ones only."""
    groups: list[tuple[str, Any]] = [("", "---------")]
    themes = Theme.objects.filter(parent=None, is_active=True).prefetch_related("subthemes")
    for theme in themes:
        subs = [(str(s.pk), s.name) for s in theme.subthemes.all() if s.is_active]
        if subs:
            groups.append((theme.name, subs))
    return groups


class QuestionForm(RequestTypeForm):
    theme = forms.ModelChoiceField(
        label=_("Thème"),
        queryset=Theme.objects.none(),
        error_messages={"invalid_choice": _("Choisissez un thème de la liste.")},
    )
    subtheme = forms.TypedChoiceField(
        label=_("Sous-thème"),
        coerce=int,
        error_messages={"invalid_choice": _("Choisissez un sous-thème de la liste.")},
    )
    subject = forms.CharField(label=_("Objet"), max_length=200)
    question = forms.CharField(label=_("Votre question"), max_length=20000, widget=forms.Textarea)
    siret = forms.CharField(
        label=_("SIRET concerné (facultatif)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    attachments = MultipleFileField(
        label=_("Pièces jointes (facultatif : PDF, JPEG ou PNG)"), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(  # type: ignore[attr-defined]
            parent=None, is_active=True
        )
        self.fields["subtheme"].choices = subtheme_choices()  # type: ignore[attr-defined]

    def clean_siret(self) -> str:
        value = self.cleaned_data["siret"].strip()
        return clean_siret(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        theme, subtheme_id = data.get("theme"), data.get("subtheme")
        if theme is not None and subtheme_id is not None:
            subtheme = Theme.objects.filter(pk=subtheme_id, parent=theme, is_active=True).first()
            if subtheme is None:
                self.add_error("subtheme", _("Ce sous-thème n'appartient pas au thème choisi."))
            else:
                data["subtheme_object"] = subtheme
        return data

    def to_filing(self) -> Filing:
        data = self.cleaned_data
        return Filing(
            description=data["question"],
            siret=data["siret"],
            theme=data["theme"].name,
            subtheme=data["subtheme_object"].name,
            subject=data["subject"],
            data={"theme_id": data["theme"].pk, "subtheme_id": data["subtheme_object"].pk},
            files=data["attachments"],
        )


@register
class Question(RequestType):
    key = "question"
    label = _("Poser une question (nous contacter)")
    description = _(
        "Vous n'avez pas trouvé la réponse dans la base de connaissances ? Choisissez le thème "
        "de votre question : un technicien vous répondra dans votre espace."
    )
    form_class = QuestionForm
    sla_policy = "question"

    @classmethod
    def data_display(cls, request: Any) -> list[tuple[str, str]]:
        """Nothing beyond the theme and subtheme the page already shows (the data holds
        their ids only)."""
        return []

    @classmethod
    def is_available_to(cls, user: Any) -> bool:
        return roles.has_role(user, roles.REQUESTER)
