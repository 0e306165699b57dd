"""Judicial liquidator access — "LIQUIDATEUR JUDICIAIRE – PROCEDURE SPECIFIQUE" (seed 003).

A liquidator files one request per liquidated company: its SIRET, the address that will
receive the link, the court minutes. The technician checks the minutes, then approves: the core
e-mails an 8-hour password-reset link for the company's administrator account to that address.
The space says only that the request was processed; the link is never shown there. When the
link expired, the liquidator reopens the same request and the technician re-issues it in one
click (a new execution, a new idempotency key; the core revokes every earlier link).

One open request per liquidator and company (by SIREN, whatever the establishment): the type's
``open_key``, which the lifecycle's partial unique index holds against races; the form refuses a
second one with a link to the first. What the core returned for each link is kept on the
request's history (the ``core_succeeded`` rows), which the staff panel reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts_bridge import get_core
from common.identifiers import clean_siret
from core_contract import CoreError, LinkQuotaExceeded, PersonName, ResetLink
from documents import UploadRefused, check_upload
from lifecycle.core_calls import core_check, perform
from lifecycle.forms import Filing, RequestTypeForm
from lifecycle.machine import Refusal
from lifecycle.reasons import EditableReasons
from lifecycle.registry import RequestType, register
from lifecycle.selectors import (
    request_core_results,
    request_open_with_key,
    requests_open_on_company,
)
from lifecycle.types import liquidator_links as link_rules
from outbox.errors import PermanentError
from users.models import User

if TYPE_CHECKING:
    from lifecycle.models import Request

KEY = "liquidator_access"
MINUTES_MISSING = _(
    "Les minutes du greffe sont obligatoires. Si le document n'est pas mis en PJ de la demande, "
    "celle-ci sera jugée non conforme et ne pourra être traitée par nos services."
)
LINK_STATUS_LABELS = {
    "issued": _("Valide, pas encore utilisé"),
    "verified": _("Triplet vérifié, mot de passe pas encore créé (le lien reste valide)"),
    "used": _("Mot de passe créé (lien utilisé)"),
    "expired": _("Expiré"),
    "revoked": _("Révoqué (un lien plus récent a été envoyé)"),
}


class LiquidatorAccessForm(RequestTypeForm):
    """The seed's "Question" (SIRET concerné / Mail du liquidateur) plus the court minutes."""

    template_name_page = "lifecycle/liquidator_access/form.html"

    siret = forms.CharField(
        label=_("SIRET concerné"),
        max_length=20,
        help_text=_("Le SIRET (14 chiffres) de l'entreprise en liquidation."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    recipient_email = forms.EmailField(
        label=_("Mail du liquidateur à renseigner"),
        max_length=254,
        help_text=_("L'adresse à laquelle sera transmis le lien de modification du mot de passe."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    minutes = forms.FileField(
        label=_("Minutes du greffe"),
        help_text=_("Le jugement désignant le liquidateur : PDF, ou scan JPEG ou PNG."),
        error_messages={"required": MINUTES_MISSING},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("recipient_email", getattr(user, "email", ""))
        self.establishment_name = ""

    def clean_siret(self) -> str:
        return clean_siret(self.cleaned_data["siret"])

    def clean_minutes(self) -> Any:
        minutes = self.cleaned_data["minutes"]
        try:
            check_upload(minutes)
        except UploadRefused as error:
            raise error.as_validation_error() from error
        return minutes

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        siret = cleaned.get("siret")
        if not siret:
            return cleaned
        existing = request_open_with_key(
            type_key=KEY,
            open_key=LiquidatorAccess.open_key(requester=self.user, siren=siret[:9], data={}),
        )
        if existing is not None:
            self.add_error(
                "siret",
                ValidationError(
                    _("Une demande est déjà en cours pour cette entreprise."), code="already_open"
                ),
            )
            url = reverse("helpdesk:request_detail", args=[existing.number])
            self.add_error(
                None,
                ValidationError(
                    format_html(
                        '{} <a href="{}">{}</a>. {}',
                        gettext("Vous avez déjà une demande en cours pour cette entreprise :"),
                        url,
                        existing.number,
                        gettext("Suivez-la ou complétez-la plutôt que d'en déposer une seconde."),
                    ),
                    code="already_open",
                ),
            )
            return cleaned
        establishment = core_check(self, "siret", lambda: get_core().find_establishment(siret))
        if establishment is not None:
            self.establishment_name = establishment.company_name
        return cleaned

    def to_filing(self) -> Filing:
        data = self.cleaned_data
        lines = [
            gettext("SIRET concerné : %(siret)s") % {"siret": data["siret"]},
            gettext("Mail du liquidateur à renseigner : %(email)s")
            % {"email": data["recipient_email"]},
        ]
        if data["comment"]:
            lines += ["", data["comment"]]
        return Filing(
            description="\n".join(lines),
            siret=data["siret"],
            data={
                "recipient_email": data["recipient_email"],
                "company_name": self.establishment_name,
            },
            files=[data["minutes"]],
        )


@register
class LiquidatorAccess(RequestType):
    key = KEY
    retained_data_keys = frozenset({"company_name"})
    label = _("Liquidateur judiciaire – procédure spécifique")
    description = _(
        "Pour accéder au compte d'une entreprise en liquidation judiciaire : une demande par "
        "entreprise, avec les minutes du greffe en pièce jointe."
    )
    theme = "Se connecter sur le site"
    subtheme = "Connexion par mot de passe"
    subject = "LIQUIDATEUR JUDICIAIRE – PROCEDURE SPECIFIQUE"
    core_action = _("Envoyer au liquidateur le lien de réinitialisation (valable 8 heures)")
    form_class = LiquidatorAccessForm
    reopen_reasons = [
        ("link_expired", _("Le lien a expiré : la connexion n'a pu se faire dans le délai")),
        ("link_not_received", _("Je n'ai pas reçu le lien")),
        ("link_broken", _("Le lien ne fonctionne plus ou a déjà servi")),
        ("other", _("Autre motif (précisez ci-dessous)")),
    ]
    # Edited in the admin (« Motifs de non-conformité »); these while the list is empty.
    resolve_reasons = EditableReasons(
        "liquidator_access",
        defaults=[
            ("minutes_missing", _("Minutes du greffe manquantes")),
            ("minutes_illegible", _("Minutes du greffe illisibles")),
            ("minutes_siret_mismatch", _("Minutes du greffe ne correspondant pas au SIRET")),
            ("liquidator_not_designated", _("Le demandeur n'est pas le liquidateur désigné")),
            ("email_not_liquidator", _("L'adresse indiquée n'est pas celle du liquidateur")),
        ],
    )
    document_checklist = [
        ("names_liquidator", _("Les minutes du greffe nomment le liquidateur demandeur")),
        ("names_company", _("Elles désignent l'entreprise par son SIREN")),
        ("liquidation_judgment", _("Il s'agit d'un jugement de liquidation judiciaire")),
        ("dated", _("Le jugement est daté")),
    ]
    staff_panel_template = "lifecycle/liquidator_access/staff_panel.html"
    execute_fields_template = "lifecycle/liquidator_access/execute_fields.html"

    @classmethod
    def is_available_to(cls, user: Any) -> bool:
        return getattr(user, "profile", None) == User.Profile.LIQUIDATOR

    @classmethod
    def open_key(cls, *, requester: User, siren: str, data: dict[str, Any]) -> str:
        """One open request per liquidator and company (seed 003: « une demande par entreprise
        en liquidation »); another liquidator's request on the company is a conflict to show."""
        return f"{requester.pk}:{siren}"

    @classmethod
    def transition_refusal(cls, name: str, request: Request) -> Refusal | None:
        if name == "execute" and not request.attachments.exists():
            return Refusal("minutes_missing", MINUTES_MISSING)
        return None

    @classmethod
    def execute_options(cls, request: Request, data: Any) -> dict[str, Any]:
        """The administrator the link is for; the confirmation of a second live link."""
        return link_rules.execute_options(request, data)

    @classmethod
    def perform_core_action(cls, request: Request, *, idempotency_key: str) -> dict[str, Any]:
        """Ask the core to e-mail the link for the named administrator; its id (never the
        token) goes to the history."""
        named = link_rules.named_administrator(request)
        if named is None:
            raise PermanentError(gettext("Choisissez l'administrateur concerné, puis exécutez."))
        try:
            link = perform(
                lambda: get_core().issue_reset_link(
                    siret=request.siret,
                    administrator=named,
                    recipient_email=request.data["recipient_email"],
                    request_ref=request.number,
                    idempotency_key=idempotency_key,
                    allow_over_quota=link_rules.cap_lifted_for_next_link(request),
                )
            )
        except PermanentError as error:
            if isinstance(error.__cause__, LinkQuotaExceeded):
                raise PermanentError(link_rules.quota_staff_message(error.__cause__)) from error
            raise
        return {
            "link_id": link.link_id,
            "issued_at": link.issued_at.isoformat(),
            "expires_at": link.expires_at.isoformat(),
        }

    @classmethod
    def resolution_message(cls, request: Request, result: dict[str, Any]) -> str:
        return gettext(
            "Votre demande a été traitée. Le mail permettant de créer le nouveau mot de passe a "
            "été transmis à l'adresse renseignée dans la demande (%(email)s) ; il n'est pas "
            "intégré dans votre espace personnel. Le lien est valable 8 heures. Si ce délai est "
            "dépassé, rouvrez cette demande en précisant que le lien a expiré : un nouveau lien "
            "vous sera transmis."
        ) % {"email": request.data.get("recipient_email", "")}

    @classmethod
    def after_transition(cls, name: str, request: Request, *, actor: Any, log: Any) -> None:
        if name == "core_failed":
            link_rules.quota_reached_tell_requester(request)

    @classmethod
    def staff_panel_context(cls, request: Request) -> dict[str, Any]:
        """The life of every link issued for this request (ids from its history, status read
        from the core), and the other liquidators' open requests on the same company."""
        link_ids = [r["link_id"] for r in request_core_results(request=request) if r.get("link_id")]
        links: list[dict[str, Any]] = []
        unreadable = False
        core = get_core()
        for link_id in reversed(link_ids):  # the newest first
            try:
                link: ResetLink = core.link_status(link_id)
            except CoreError:
                unreadable = True
                break
            links.append(
                {
                    "link_id": link.link_id,
                    "issued_at": link.issued_at,
                    "expires_at": link.expires_at,
                    "status": link.status,
                    "status_label": LINK_STATUS_LABELS.get(link.status, link.status),
                }
            )
        administrators: list[PersonName] = []
        live_elsewhere: list[link_rules.LiveLink] = []
        try:
            administrators = link_rules.company_administrators(request.siret)
            live_elsewhere = link_rules.live_links_elsewhere(request)
        except CoreError:
            unreadable = True
        named = link_rules.named_administrator(request)
        chosen = link_rules.choice_value(named) if named else ""
        if not chosen and len(administrators) == 1:
            chosen = link_rules.choice_value(administrators[0])
        return {
            "administrators": [
                {"value": link_rules.choice_value(a), "label": str(a)} for a in administrators
            ],
            "chosen_administrator": chosen,
            "named_administrator": str(named) if named else "",
            "live_elsewhere": live_elsewhere,
            "cap_lifted": link_rules.cap_lifted_for_next_link(request),
            "number": request.number,
            "cap_reached": link_rules.QUOTA_STAFF_LEAD in str(request.last_error or ""),
            "recipient_email": request.data.get("recipient_email", ""),
            "company_name": request.data.get("company_name", ""),
            "links": links,
            "issued_count": len(link_ids),
            "unreadable": unreadable,
            "conflicts": list(
                requests_open_on_company(siren=request.siren, type_key=KEY, exclude=request)
            ),
        }
