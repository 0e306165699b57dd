"""Enrolment cancellation ("résiliation de l'inscription", entreprise or établissement).

Seed 000: an enrolment type chosen by mistake (mono / multi-établissements / tiers déclarant)
cannot be changed; the enrolment is cancelled, then a new one made. The requester names the
scope (a company by its SIREN, an establishment by its SIRET), the reason, and who he is on the
core (the triplet SIRET / NOM / PRÉNOM of an administrator). The core is asked at filing time;
the technician executes the cancellation, which the core refuses if it was done meanwhile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts_bridge import get_core
from common.identifiers import clean_siren, clean_siret
from core_contract import PersonName
from documents.fields import MultipleFileField
from lifecycle import company_tie
from lifecycle.core_calls import core_check, perform, person
from lifecycle.forms import Filing, RequestTypeForm
from lifecycle.registry import RequestType, register
from users import roles

if TYPE_CHECKING:
    from lifecycle.models import Request

CANCELLED = "cancelled"
NOT_AN_ADMINISTRATOR = _(
    "Vous n'êtes pas inscrit(e) comme administrateur de cette entreprise : seul un "
    "administrateur peut demander la résiliation de son inscription. Vérifiez votre nom et "
    "votre prénom tels qu'ils sont inscrits sur le site."
)
ALREADY_CANCELLED = _("Cette inscription est déjà résiliée.")


class EnrolmentCancellationForm(RequestTypeForm):
    requester_tie: str = company_tie.NONE  # set by clean(), kept in the request's data

    SCOPES = [
        ("company", _("L'entreprise (SIREN) : toute l'inscription et tous ses établissements")),
        ("establishment", _("Un établissement (SIRET)")),
    ]
    REASONS = [
        (
            "wrong_type",
            _(
                "Mauvais type d'inscription choisi (mono-établissement, multi-établissements ou "
                "tiers déclarant)"
            ),
        ),
        ("ceased", _("Cessation d'activité")),
        ("closed", _("Fermeture de l'établissement")),
        ("other", _("Autre motif")),
    ]

    scope = forms.ChoiceField(
        label=_("Résiliation de l'inscription de"), choices=SCOPES, widget=forms.RadioSelect
    )
    siren = forms.CharField(
        label=_("SIREN de l'entreprise"),
        required=False,
        max_length=15,
        help_text=_("9 chiffres ; pour la résiliation de l'entreprise."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    siret = forms.CharField(
        label=_("SIRET de l'établissement"),
        required=False,
        max_length=20,
        help_text=_("14 chiffres ; pour la résiliation d'un établissement."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    requester_last_name = forms.CharField(
        label=_("Votre nom (administrateur inscrit)"), max_length=150
    )
    requester_first_name = forms.CharField(
        label=_("Votre prénom (administrateur inscrit)"), max_length=150
    )
    reason = forms.ChoiceField(label=_("Motif de la résiliation"), choices=REASONS)
    details = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=5000,
        widget=forms.Textarea,
        help_text=_("Obligatoire pour « Autre motif »."),
    )
    acknowledgement = forms.BooleanField(
        label=_(
            "Je reconnais que la résiliation met fin aux déclarations et aux habilitations de "
            "l'entreprise ou de l'établissement concerné, et que je devrai procéder à une "
            "nouvelle inscription pour déclarer à nouveau."
        ),
        error_messages={"required": _("Cochez cette case pour envoyer la demande.")},
    )
    attachments = MultipleFileField(
        label=_("Formulaire de résiliation signé (facultatif : PDF, JPEG ou PNG)"),
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["requester_last_name"].initial = getattr(user, "last_name", "")
        self.fields["requester_first_name"].initial = getattr(user, "first_name", "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scope = data.get("scope")
        if scope == "company":
            self._clean_identifier(data, "siren", clean_siren)
        elif scope == "establishment":
            self._clean_identifier(data, "siret", clean_siret)
        if data.get("reason") == "other" and not data.get("details", "").strip():
            self.add_error("details", _("Précisez le motif de la résiliation."))
        if not self.errors:
            self._check_against_core(data)
        return data

    def _clean_identifier(self, data: dict[str, Any], field: str, clean: Any) -> None:
        if not data.get(field):
            self.add_error(field, _("Ce champ est obligatoire."))
            return
        try:
            data[field] = clean(data[field])
        except ValidationError as error:
            self.add_error(field, error)

    def _check_against_core(self, data: dict[str, Any]) -> None:
        core = get_core()
        if data["scope"] == "company":
            company = core_check(self, "siren", lambda: core.find_company(data["siren"]))
            if company is None:
                return
            status, field = company.enrolment_status, "siren"
            sirets = [e.siret for e in company.establishments]
        else:
            establishment = core_check(
                self, "siret", lambda: core.find_establishment(data["siret"])
            )
            if establishment is None:
                return
            status, field = establishment.enrolment_status, "siret"
            sirets = [establishment.siret]
        if status == CANCELLED:
            self.add_error(field, ALREADY_CANCELLED)
            return
        if not sirets:
            self.add_error(field, NOT_AN_ADMINISTRATOR)
            return
        actors = core_check(self, field, lambda: core.list_actors(sirets[0]))
        if actors is None:
            return
        siren = data["siren"] if data["scope"] == "company" else data["siret"][:9]
        self.requester_tie = company_tie.company_tie(user=self.user, siren=siren, actors=actors)
        if self.requester_tie == company_tie.NONE:
            self.add_error(field, company_tie.NOT_TIED)
            return
        me = PersonName(**person(data, "requester")).key()
        if not any(a.is_administrator and a.name.key() == me for a in actors):
            self.add_error("requester_last_name", NOT_AN_ADMINISTRATOR)

    def to_filing(self) -> Filing:
        data = self.cleaned_data
        company = data["scope"] == "company"
        identifier = data["siren"] if company else data["siret"]
        reason_label = str(dict(self.REASONS)[data["reason"]])
        target = (
            gettext("l'entreprise (SIREN %(id)s)")
            if company
            else gettext("l'établissement (SIRET %(id)s)")
        ) % {"id": identifier}
        description = gettext(
            "Résiliation de l'inscription de %(target)s.\n\nMotif : %(reason)s"
        ) % {
            "target": target,
            "reason": reason_label,
        }
        if data["details"].strip():
            description += "\n\n" + data["details"].strip()
        return Filing(
            description=description,
            siret="" if company else identifier,
            data={
                "scope": data["scope"],
                "identifier": identifier,
                "reason": data["reason"],
                "reason_label": reason_label,
                "requester_name": person(data, "requester"),
                "requester_tie": self.requester_tie,
            },
            files=data["attachments"],
        )


@register
class EnrolmentCancellation(RequestType):
    key = "enrolment_cancellation"
    retained_data_keys = frozenset(
        {"scope", "identifier", "reason", "reason_label", "requester_tie"}
    )
    label = _("Résiliation de l'inscription (entreprise ou établissement)")
    description = _(
        "Le type d'inscription choisi ne peut pas être modifié : pour en changer, demandez la "
        "résiliation de l'inscription réalisée, puis procédez à une nouvelle inscription."
    )
    theme = "S'inscrire sur le site"
    subtheme = "Résilier une inscription"
    subject = "RÉSILIATION DE L'INSCRIPTION"
    core_action = _("Résilier l'inscription sur le service des comptes")
    form_class = EnrolmentCancellationForm
    staff_panel_template = "lifecycle/enrolment_cancellation_panel.html"
    sla_policy = "enrolment_cancellation"

    @classmethod
    def is_available_to(cls, user: Any) -> bool:
        return roles.is_employer_side_requester(user)

    @classmethod
    def staff_panel_context(cls, request: Request) -> dict[str, Any]:
        return {"tie": company_tie.company_tie_label(request.data.get("requester_tie"))}

    @classmethod
    def data_display(cls, request: Request) -> list[tuple[str, str]]:
        identifier = request.data.get("identifier", "")
        if request.data.get("scope") == "company":
            scope = gettext("Entreprise, SIREN %(id)s") % {"id": identifier}
        else:
            scope = gettext("Établissement, SIRET %(id)s") % {"id": identifier}
        requester = request.data.get("requester_name") or {"last_name": "", "first_name": ""}
        return [
            (gettext("Portée"), scope),
            (gettext("Motif"), str(request.data.get("reason_label", ""))),
            (gettext("Administrateur demandeur (déclaré)"), str(PersonName(**requester))),
        ]

    @classmethod
    def perform_core_action(cls, request: Request, *, idempotency_key: str) -> dict[str, Any]:
        core = get_core()
        result = perform(
            lambda: core.cancel_enrolment(
                scope=request.data["scope"],
                identifier=request.data["identifier"],
                idempotency_key=idempotency_key,
            )
        )
        return {
            "scope": result.scope,
            "identifier": result.identifier,
            "establishments_cancelled": result.establishments_cancelled,
        }

    @classmethod
    def resolution_message(cls, request: Request, result: dict[str, Any]) -> str:
        identifier = result.get("identifier") or request.data["identifier"]
        if request.data["scope"] == "company":
            text = gettext(
                "L'inscription de l'entreprise (SIREN %(id)s) est résiliée, ainsi que celle de "
                "ses établissements (%(count)s)."
            ) % {"id": identifier, "count": result.get("establishments_cancelled", 0)}
        else:
            text = gettext("L'inscription de l'établissement (SIRET %(id)s) est résiliée.") % {
                "id": identifier
            }
        if request.data.get("reason") == "wrong_type":
            text += " " + gettext(
                "Vous pouvez maintenant vous inscrire à nouveau en choisissant le bon type "
                "d'inscription."
            )
        return text
