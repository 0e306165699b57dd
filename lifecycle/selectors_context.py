"""The context a technician reads beside a request: the requester's other requests, the
company as the account core knows it, and every other open or recent request on the same SIREN
with its conflicts flagged.

Each list is one query (capped), and the core is asked at most twice (the company, then the
actors of one establishment), so the request page's query count does not grow with the data.
A core that is down or does not know the company is said in French, never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts_bridge import get_core
from core_contract import CoreError, NotFound
from lifecycle.machine import OPEN_STATES
from lifecycle.models import Request

OTHER_REQUESTS_SHOWN = 5
SAME_SIREN_SHOWN = 10
RECENT = timedelta(days=90)

ENROLMENT_TYPES: dict[str, Promise] = {
    "mono": gettext_lazy("Mono-établissement"),
    "multi": gettext_lazy("Multi-établissements"),
    "tiers": gettext_lazy("Tiers déclarant"),
}
ENROLMENT_STATUSES: dict[str, Promise] = {
    "active": gettext_lazy("Active"),
    "cancelled": gettext_lazy("Résiliée"),
}


@dataclass(frozen=True)
class SirenRow:
    """Another request on the same company; ``conflict`` when it is open and of the same type
    (two hands on the same account)."""

    ticket: Request
    conflict: bool


@dataclass(frozen=True)
class CompanyView:
    siren: str
    name: str = ""
    enrolment: str = ""
    establishments: list[tuple[str, str]] = field(default_factory=list)
    administrators: list[str] = field(default_factory=list)
    unavailable: str = ""


def requester_other_requests(*, request: Request) -> list[Request]:
    """The requester's latest other requests, newest first (one query)."""
    return list(
        Request.objects.filter(requester_id=request.requester_id)
        .exclude(pk=request.pk)
        .order_by("-filed_at")[:OTHER_REQUESTS_SHOWN]
    )


def same_siren_requests(*, request: Request, now: datetime) -> list[SirenRow]:
    """The other requests on the company: every open one, and those resolved in the last 90 days
    (one query)."""
    if not request.siren:
        return []
    open_states = sorted(str(state) for state in OPEN_STATES)
    rows = (
        Request.objects.filter(siren=request.siren)
        .filter(Q(state__in=open_states) | Q(resolved_at__gte=now - RECENT))
        .exclude(pk=request.pk)
        .select_related("requester")
        .order_by("-filed_at")[:SAME_SIREN_SHOWN]
    )
    return [
        SirenRow(
            ticket=row,
            conflict=row.state in open_states and row.type_key == request.type_key,
        )
        for row in rows
    ]


def request_company(*, request: Request) -> CompanyView | None:
    """The company as the core knows it: name, enrolment, establishments and the administrators
    of the request's establishment (or of the first one). None without a SIREN."""
    if not request.siren:
        return None
    core = get_core()
    try:
        company = core.find_company(request.siren)
    except NotFound:
        return CompanyView(
            siren=request.siren,
            unavailable=_("Le service des comptes ne connaît pas cette entreprise."),
        )
    except CoreError:
        return CompanyView(
            siren=request.siren,
            unavailable=_("Le service des comptes ne répond pas : réessayez plus tard."),
        )
    establishments = [(e.siret, e.name) for e in company.establishments]
    siret = request.siret or (establishments[0][0] if establishments else "")
    administrators: list[str] = []
    if siret:
        try:
            actors = core.list_actors(siret)
        except CoreError:
            actors = []
        administrators = [
            f"{actor.last_name.upper()} {actor.first_name}"
            for actor in actors
            if actor.is_administrator
        ]
    enrolment = str(ENROLMENT_TYPES.get(company.enrolment_type, ""))
    status = str(ENROLMENT_STATUSES.get(company.enrolment_status, ""))
    return CompanyView(
        siren=company.siren,
        name=company.name,
        enrolment=f"{enrolment} — {status}" if enrolment and status else enrolment or status,
        establishments=establishments,
        administrators=administrators,
    )
