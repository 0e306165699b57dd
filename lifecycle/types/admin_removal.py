"""Administrator removal with transfer of rights ("radiation / suppression d'un administrateur").

Seed 002: the employer fills the removal and transfer form and ticks "je reconnais…"; a
technician removes the administrator. The beneficiary must be an administrator of the company:
a declarant only is refused, with the seed's explanation. The checks run against the core at
filing time; the core runs them again when the technician executes (removal and transfer in one
idempotent call), and a refusal then is shown to the technician.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts_bridge import get_core
from common.identifiers import clean_siret
from core_contract import PersonName
from documents.fields import MultipleFileField
from lifecycle import company_tie
from lifecycle.core_calls import core_check, perform, person
from lifecycle.forms import Filing, RequestTypeForm
from lifecycle.registry import RequestType, register
from users import roles

if TYPE_CHECKING:
    from lifecycle.models import Request

BENEFICIARY_NOT_ADMINISTRATOR = _(
    "L'administrateur bénéficiaire du transfert des habilitations doit impérativement être "
    "inscrit sur le site Net-Entreprises en tant qu'administrateur. S'il a uniquement le rôle "
    "de déclarant, le transfert ne pourra s'effectuer vers cet acteur."
)
REMOVED_NOT_ADMINISTRATOR = _(
    "%(name)s n'est pas inscrit(e) comme administrateur de cette entreprise : vérifiez le nom "
    "et le prénom de l'administrateur à radier."
)
SAME_PERSON = _(
    "Le bénéficiaire du transfert doit être un autre administrateur que la personne à radier."
)


class AdminRemovalForm(RequestTypeForm):
    requester_tie: str = company_tie.NONE  # set by clean(), kept in the request's data

    siret = forms.CharField(
        label=_("SIRET de l'entreprise"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    removed_last_name = forms.CharField(label=_("Administrateur à radier : nom"), max_length=150)
    removed_first_name = forms.CharField(
        label=_("Administrateur à radier : prénom"), max_length=150
    )
    beneficiary_last_name = forms.CharField(
        label=_("Bénéficiaire du transfert des habilitations : nom"),
        max_length=150,
        help_text=BENEFICIARY_NOT_ADMINISTRATOR,
    )
    beneficiary_first_name = forms.CharField(
        label=_("Bénéficiaire du transfert des habilitations : prénom"), max_length=150
    )
    reason = forms.CharField(label=_("Motif"), max_length=5000, widget=forms.Textarea)
    acknowledgement = forms.BooleanField(
        label=_(
            "Je reconnais être habilité(e) à demander cette radiation et le transfert des "
            "habilitations de l'administrateur radié vers l'administrateur bénéficiaire."
        ),
        error_messages={"required": _("Cochez cette case pour envoyer la demande.")},
    )
    attachments = MultipleFileField(
        label=_("Pièces jointes (facultatif : PDF, JPEG ou PNG)"), required=False
    )

    def clean_siret(self) -> str:
        return clean_siret(self.cleaned_data["siret"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = ["removed_last_name", "removed_first_name"]
        names += ["beneficiary_last_name", "beneficiary_first_name"]
        if self.errors or not all(data.get(name) for name in names):
            return data  # the core is asked only about complete, well-formed input
        removed = PersonName(**person(data, "removed"))
        beneficiary = PersonName(**person(data, "beneficiary"))
        if removed.key() == beneficiary.key():
            self.add_error("beneficiary_last_name", SAME_PERSON)
            return data
        core = get_core()
        actors = core_check(self, "siret", lambda: core.list_actors(data["siret"]))
        if actors is None:
            return data
        self.requester_tie = company_tie.company_tie(
            user=self.user, siren=data["siret"][:9], actors=actors
        )
        if self.requester_tie == company_tie.NONE:
            self.add_error("siret", company_tie.NOT_TIED)
            return data
        administrators = {actor.name.key() for actor in actors if actor.is_administrator}
        if removed.key() not in administrators:
            self.add_error(
                "removed_last_name",
                ValidationError(REMOVED_NOT_ADMINISTRATOR, params={"name": str(removed)}),
            )
        if beneficiary.key() not in administrators:
            self.add_error("beneficiary_last_name", BENEFICIARY_NOT_ADMINISTRATOR)
        return data

    def to_filing(self) -> Filing:
        data = self.cleaned_data
        removed, beneficiary = person(data, "removed"), person(data, "beneficiary")
        description = gettext(
            "Radiation de l'administrateur %(removed)s et transfert de ses habilitations à "
            "%(beneficiary)s.\n\nMotif : %(reason)s"
        ) % {
            "removed": PersonName(**removed),
            "beneficiary": PersonName(**beneficiary),
            "reason": data["reason"],
        }
        return Filing(
            description=description,
            siret=data["siret"],
            data={
                "removed": removed,
                "beneficiary": beneficiary,
                "reason": data["reason"],
                "requester_tie": self.requester_tie,
            },
            files=data["attachments"],
        )


def _name(request: Request, key: str) -> PersonName:
    return PersonName(**request.data[key])


@register
class AdminRemoval(RequestType):
    key = "admin_removal"
    retained_data_keys = frozenset({"requester_tie"})
    label = _("Radiation / suppression d'un administrateur")
    description = _(
        "Demandez la radiation d'un administrateur de votre entreprise et le transfert de ses "
        "habilitations à un autre administrateur. L'administrateur sera supprimé par un "
        "technicien."
    )
    theme = "Gérer les administrateurs"
    subtheme = "Supprimer un administrateur"
    subject = "RADIATION D'UN ADMINISTRATEUR AVEC TRANSFERT DES HABILITATIONS"
    core_action = _(
        "Radier l'administrateur et transférer ses habilitations au bénéficiaire (une seule "
        "opération sur le service des comptes)"
    )
    form_class = AdminRemovalForm
    staff_panel_template = "lifecycle/admin_removal_panel.html"
    sla_policy = "admin_removal"

    @classmethod
    def is_available_to(cls, user: Any) -> bool:
        return roles.is_employer_side_requester(user)

    @classmethod
    def staff_panel_context(cls, request: Request) -> dict[str, Any]:
        return {"tie": company_tie.company_tie_label(request.data.get("requester_tie"))}

    @classmethod
    def data_display(cls, request: Request) -> list[tuple[str, str]]:
        return [
            (gettext("Administrateur à radier"), str(_name(request, "removed"))),
            (
                gettext("Bénéficiaire du transfert des habilitations"),
                str(_name(request, "beneficiary")),
            ),
            (gettext("Motif"), str(request.data.get("reason", ""))),
        ]

    @classmethod
    def perform_core_action(cls, request: Request, *, idempotency_key: str) -> dict[str, Any]:
        """The core checks everything again, then removes and transfers in one operation."""
        core = get_core()
        result = perform(
            lambda: core.remove_administrator(
                siret=request.siret,
                removed=_name(request, "removed"),
                beneficiary=_name(request, "beneficiary"),
                idempotency_key=idempotency_key,
            )
        )
        return {
            "removed": str(result.removed),
            "beneficiary": str(result.beneficiary),
            "transferred_rights": result.transferred_rights,
        }

    @classmethod
    def resolution_message(cls, request: Request, result: dict[str, Any]) -> str:
        beneficiary = result.get("beneficiary") or str(_name(request, "beneficiary"))
        removed = result.get("removed") or str(_name(request, "removed"))
        return gettext(
            "L'administrateur %(removed)s a été radié de l'entreprise (SIRET %(siret)s). Ses "
            "habilitations ont été transférées à %(beneficiary)s, qui reste administrateur."
        ) % {"removed": removed, "beneficiary": beneficiary, "siret": request.siret}
