"""The liquidator's reset links, as the desk sees them: which administrator a link opens, other
requests' live links on the same company, and the supervisor lifting the 3-links-per-day cap.

The technician names the administrator at approval, among the company's administrators as the
core lists them (the only one is chosen by default). Two live links on one company are a
conflict: executing while another request's link is live needs the technician's confirmation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts_bridge import get_core
from core_contract import CoreError, LinkQuotaExceeded, PersonName
from lifecycle import machine
from lifecycle.errors import Forbidden, InvalidInput
from lifecycle.machine import State
from lifecycle.models import Message, Request, TransitionLog
from lifecycle.selectors import request_core_results
from lifecycle.services.messages import message_record
from users import roles

PARIS = ZoneInfo("Europe/Paris")
LIVE_STATUSES = frozenset({"issued", "verified"})
CAP_LIFTED = "link_cap_lifted"  # the history row of a supervisor's lift
QUOTA_PUBLIC_MESSAGE = _(
    "Trois liens vous ont déjà été envoyés pour cette demande au cours des dernières 24 heures : "
    "par sécurité, un nouveau lien ne peut pas être envoyé tout de suite. Votre demande reste "
    "ouverte ; le guichet vous enverra un nouveau lien dès que possible, sans nouvelle démarche "
    "de votre part."
)


def choice_value(name: PersonName) -> str:
    return f"{name.last_name}|{name.first_name}"


def _kept(name: PersonName) -> dict[str, str]:
    """How the named administrator is kept on the request's data (plain strings)."""
    return {"administrator_last_name": name.last_name, "administrator_first_name": name.first_name}


def named_administrator(request: Request) -> PersonName | None:
    """The administrator named at the last approval, if any."""
    last_name = request.data.get("administrator_last_name")
    first_name = request.data.get("administrator_first_name")
    if not (isinstance(last_name, str) and isinstance(first_name, str) and last_name):
        return None
    return PersonName(last_name, first_name)


def company_administrators(siret: str) -> list[PersonName]:
    """The company's administrators as the core lists them (raises ``CoreError``)."""
    return [a.name for a in get_core().list_actors(siret) if a.is_administrator]


@dataclass(frozen=True)
class LiveLink:
    number: str
    status: str
    expires_at: datetime


def link_ids(request: Request) -> list[str]:
    return [r["link_id"] for r in request_core_results(request=request) if r.get("link_id")]


def live_links_elsewhere(request: Request) -> list[LiveLink]:
    """The other liquidator requests on this company whose latest link still works."""
    others = (
        Request.objects.filter(siren=request.siren, type_key=request.type_key)
        .exclude(pk=request.pk)
        .exclude(state=State.CLOSED)
        .order_by("filed_at")
    )
    found: list[LiveLink] = []
    core = get_core()
    for other in others:
        ids = link_ids(other)
        if not ids:
            continue
        link = core.link_status(ids[-1])
        if link.status in LIVE_STATUSES:
            found.append(LiveLink(other.number, link.status, link.expires_at))
    return found


def execute_options(request: Request, data: Mapping[str, Any]) -> dict[str, Any]:
    """Check the technician's choices at approval; what is kept on the request's data."""
    chosen = str(data.get("administrator") or "")
    try:
        administrators = company_administrators(request.siret)
        live = live_links_elsewhere(request)
    except CoreError as error:
        if not (error.retryable and chosen):
            raise InvalidInput("core_error", error.message) from error
        # The core cannot answer now: the named administrator goes as chosen (the core refuses
        # a non-administrator when it issues the link); the execution waits for the core.
        last_name, _sep, first_name = chosen.partition("|")
        return _kept(PersonName(last_name, first_name))
    named = named_administrator(request)
    if not chosen and named is not None:  # a re-issue names the same one by default
        chosen = choice_value(named)
    if not chosen and len(administrators) == 1:
        chosen = choice_value(administrators[0])
    if not chosen:
        raise InvalidInput(
            "administrator_required",
            _("Choisissez l'administrateur concerné : le lien ne donnera accès qu'à son compte."),
        )
    last_name, _sep, first_name = chosen.partition("|")
    wanted = PersonName(last_name, first_name).key()
    match = next((a for a in administrators if a.key() == wanted), None)
    if match is None:
        raise InvalidInput(
            "administrator_unknown",
            _(
                "Cette personne n'est pas un administrateur de l'entreprise selon le service des "
                "comptes : choisissez-en un dans la liste."
            ),
        )
    confirmed = str(data.get("confirm_live_link") or "").lower() in {"1", "on", "true", "yes"}
    if live and not confirmed:
        numbers = ", ".join(link.number for link in live)
        raise InvalidInput(
            "live_link_conflict",
            gettext(
                "Un lien encore valide a été envoyé pour une autre demande sur cette entreprise "
                "(%(numbers)s) : cochez la confirmation pour envoyer un second lien."
            )
            % {"numbers": numbers},
        )
    return _kept(match)


def cap_lifted_for_next_link(request: Request) -> bool:
    """A supervisor's lift (a row of the history) counts for the next link only: none issued
    since."""
    lifts = TransitionLog.objects.filter(request=request, name=CAP_LIFTED).order_by("at", "id")
    last = lifts.last()
    return last is not None and last.details.get("issued_count") == len(link_ids(request))


def link_cap_lift(*, request: Request, actor: Any, reason: str) -> Request:
    """A supervisor lets one more link go for this request, with a reason kept in its history."""
    if not roles.is_supervisor(actor):
        raise Forbidden("forbidden", _("Seul un superviseur peut lever la limite des liens."))
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason_required", _("Indiquez le motif de la levée de la limite."))
    with transaction.atomic():
        locked = Request.objects.select_for_update().get(pk=request.pk)
        if locked.state == State.CLOSED:
            raise InvalidInput("request_closed", _("La demande est close."))
        TransitionLog.objects.create(
            request=locked,
            name=CAP_LIFTED,
            from_state=locked.state,
            to_state=locked.state,
            actor=actor,
            actor_role=roles.SUPERVISOR,
            comment=reason,
            details={"issued_count": len(link_ids(locked))},
            at=machine.now(),
        )
    return locked


QUOTA_STAFF_LEAD = "Limite de trois liens par 24 heures atteinte pour cette demande."


def quota_staff_message(error: LinkQuotaExceeded) -> str:
    """What the technician reads: when the next link may go, and who may lift the cap."""
    when = ""
    if error.retry_at is not None:
        local = error.retry_at.astimezone(PARIS)
        when = gettext(" Le prochain lien pourra être envoyé le %(date)s à %(time)s.") % {
            "date": f"{local:%d/%m/%Y}",
            "time": f"{local:%H:%M}",
        }
    return (
        gettext(QUOTA_STAFF_LEAD)
        + when
        + gettext(" Un superviseur peut lever la limite pour cette demande, avec un motif.")
    )


def quota_reached_tell_requester(request: Request) -> None:
    """After a refusal for the cap: the requester reads why his request is still open."""
    if gettext(QUOTA_STAFF_LEAD) not in (request.last_error or ""):
        return
    message_record(
        request=request,
        author=None,
        body=str(QUOTA_PUBLIC_MESSAGE),
        visibility=Message.Visibility.PUBLIC,
        at=machine.now(),
    )
