"""The generic question ("nous contacter"): theme → subtheme, subject, question, attachments.

Themes live in the database (``lifecycle.models.Theme``, edited in the admin). The technician
answers and resolves; there is no action on the account core.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from common.identifiers import clean_siret
from documents.fields import MultipleFileField
from lifecycle.forms import Filing, RequestTypeForm
from lifecycle.models import Theme
from lifecycle.registry import RequestType, register
from users import roles

if TYPE_CHECKING:
    from lifecycle.models import Request

SELECT_THEME = _("Sélectionner un thème")
SELECT_SUBTHEME = _("Sélectionner un sous-thème")
NOT_IN_THEME = _("Ce sous-thème n'appartient pas au thème choisi.")


def subtheme_choices(theme_id: int | None = None) -> tuple[list[tuple[str, Any]], dict[str, int]]:
    """Subthemes grouped under their theme (an <optgroup> each), active ones only, and the
    theme of each subtheme. ``theme_id``: that theme's group only."""
    groups: list[tuple[str, Any]] = [("", SELECT_SUBTHEME)]
    theme_of: dict[str, int] = {}
    themes = Theme.objects.filter(parent=None, is_active=True).prefetch_related("subthemes")
    if theme_id is not None:
        themes = themes.filter(pk=theme_id)
    for theme in themes:
        subs = [(str(s.pk), s.name) for s in theme.subthemes.all() if s.is_active]
        theme_of.update({pk: theme.pk for pk, _name in subs})
        if subs:
            groups.append((theme.name, subs))
    return groups, theme_of


class SubthemeSelect(forms.Select):
    """A select whose options name their theme (``data-theme``), so that
    ``js/question_form.js`` shows only the chosen theme's subthemes."""

    theme_of: dict[str, int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.theme_of = {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        theme = self.theme_of.get(str(option["value"]))
        if theme is not None:
            option["attrs"]["data-theme"] = str(theme)
        return option


class QuestionForm(RequestTypeForm):
    class Media:
        js = (forms.Script("js/question_form.js", defer=True),)

    theme = forms.ModelChoiceField(
        label=_("Thème"),
        queryset=Theme.objects.none(),
        empty_label=SELECT_THEME,
        error_messages={"invalid_choice": _("Choisissez un thème de la liste.")},
    )
    subtheme = forms.TypedChoiceField(
        label=_("Sous-thème"),
        coerce=int,
        widget=SubthemeSelect,
        help_text=_("Les sous-thèmes proposés sont ceux du thème choisi."),
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
        themes = Theme.objects.filter(parent=None, is_active=True)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]
        # Without JavaScript, a form sent back with a theme offers that theme's subthemes only
        # (the page is its own second step); with it, the static script narrows as one picks.
        chosen = self._chosen_theme_id(themes)
        subtheme = self.fields["subtheme"]
        choices, theme_of = subtheme_choices(chosen)
        subtheme.choices = choices  # type: ignore[attr-defined]
        subtheme.widget.theme_of = theme_of
        if chosen is not None:
            subtheme.error_messages["invalid_choice"] = NOT_IN_THEME

    def _chosen_theme_id(self, themes: Any) -> int | None:
        raw = self.data.get(self.add_prefix("theme")) if self.is_bound else None
        if not raw or not str(raw).isdigit():
            return None
        return int(raw) if themes.filter(pk=int(raw)).exists() else None

    def clean_siret(self) -> str:
        value = self.cleaned_data["siret"].strip()
        return clean_siret(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        theme, subtheme_id = data.get("theme"), data.get("subtheme")
        if theme is not None and subtheme_id is not None:
            subtheme = Theme.objects.filter(pk=subtheme_id, parent=theme, is_active=True).first()
            if subtheme is None:
                self.add_error("subtheme", NOT_IN_THEME)
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
    retained_data_keys = frozenset({"theme_id", "subtheme_id"})
    label = _("Poser une question (nous contacter)")
    description = _(
        "Vous n'avez pas trouvé la réponse dans la base de connaissances ? Choisissez le thème "
        "de votre question : un technicien vous répondra dans votre espace."
    )
    form_class = QuestionForm
    sla_policy = "question"

    @classmethod
    def data_display(cls, request: Request) -> list[tuple[str, str]]:
        """Nothing beyond the theme and subtheme the page already shows (the data holds
        their ids only)."""
        return []

    @classmethod
    def is_available_to(cls, user: Any) -> bool:
        return roles.has_role(user, roles.REQUESTER)
