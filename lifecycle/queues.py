"""The technicians' queues: which views exist, which filters and sorts they take, and how a
query string becomes a checked ``QueueQuery`` (bad values are dropped with a French message,
never a 500). The queries themselves are in ``lifecycle.selectors_queues``."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lifecycle import registry
from lifecycle.machine import OPEN_STATES, State
from sla.clock import SlaStatus

OPEN = sorted(str(state) for state in OPEN_STATES)
LATE_STATUSES = sorted([str(SlaStatus.AT_RISK), str(SlaStatus.BREACHED)])
TYPE_PREFIX = "type:"


@dataclass(frozen=True)
class QueueView:
    """One entry of the side menu: a named slice of the requests."""

    key: str
    label: str | Promise
    # The slice, for the technician who looks (``Q`` over ``Request``).
    where: Callable[[Any], Q]
    # Counted in the side menu (resolved and closed are shown on demand, not counted).
    counted: bool = True


def _open(**lookups: Any) -> Callable[[Any], Q]:
    return lambda user: Q(state__in=OPEN, **lookups)


FIXED_VIEWS: tuple[QueueView, ...] = (
    QueueView("mine", gettext_lazy("Mes demandes"), lambda user: Q(state__in=OPEN, assignee=user)),
    QueueView("unassigned", gettext_lazy("Non attribuées"), _open(assignee__isnull=True)),
    QueueView("late", gettext_lazy("En retard / à risque"), _open(sla_status__in=LATE_STATUSES)),
    QueueView(
        "waiting",
        gettext_lazy("En attente du demandeur"),
        lambda user: Q(state=State.AWAITING_REQUESTER),
    ),
    QueueView("open", gettext_lazy("Toutes les demandes ouvertes"), _open()),
)
ON_DEMAND_VIEWS: tuple[QueueView, ...] = (
    QueueView(
        "resolved", gettext_lazy("Résolues"), lambda user: Q(state=State.RESOLVED), counted=False
    ),
    QueueView("closed", gettext_lazy("Closes"), lambda user: Q(state=State.CLOSED), counted=False),
)
DEFAULT_VIEW = "open"


def type_views() -> list[QueueView]:
    """One queue per registered request type, labelled as the registry says."""
    return [
        QueueView(f"{TYPE_PREFIX}{request_type.key}", request_type.label, _open(type_key=key))
        for request_type in registry.all_types()
        for key in [request_type.key]
    ]


def all_views() -> list[QueueView]:
    fixed = list(FIXED_VIEWS)
    # The per-type queues sit after "Non attribuées", before the SLA and waiting views.
    return [*fixed[:2], *type_views(), *fixed[2:], *ON_DEMAND_VIEWS]


def view_get(key: str) -> QueueView | None:
    return next((view for view in all_views() if view.key == key), None)


# --- Sorts ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sort:
    key: str
    label: str | Promise
    field: str
    descending: bool = False
    nullable: bool = False  # nulls come last


SORTS: dict[str, Sort] = {
    sort.key: sort
    for sort in (
        Sort(
            "due",
            gettext_lazy("Échéance SLA (la plus proche d'abord)"),
            "resolution_due",
            nullable=True,
        ),
        Sort("filed", gettext_lazy("Dépôt (les plus anciennes d'abord)"), "filed_at"),
        Sort(
            "updated",
            gettext_lazy("Dernière modification (les plus récentes d'abord)"),
            "updated_at",
            descending=True,
        ),
    )
}
DEFAULT_SORT = "due"


# --- Filters ----------------------------------------------------------------------------------
class Assignee:
    ME = "me"
    NOBODY = "nobody"
    SOMEONE = "someone"
    CHOICES = (
        (ME, gettext_lazy("Moi")),
        (NOBODY, gettext_lazy("Personne")),
        (SOMEONE, gettext_lazy("Quelqu'un")),
    )


NUMBER_RE = re.compile(r"^DEM-\d{4}-\d{1,9}$")
SEARCHABLE_RE = re.compile(r"[^\W_]{3}")  # a word of 3 letters or digits (what pg_trgm indexes)
FILTER_FIELDS = ("state", "type", "assignee", "sla", "company", "requester", "number", "q")
MAX_TEXT = 100


@dataclass(frozen=True)
class QueueQuery:
    """A checked queue query. ``errors`` says, in French, what was ignored and why."""

    view: str = DEFAULT_VIEW
    sort: str = DEFAULT_SORT
    state: str = ""
    type_key: str = ""
    assignee: str = ""
    sla: str = ""
    siret: str = ""
    siren: str = ""
    requester: str = ""
    number: str = ""
    text: str = ""
    cursor: str = ""
    errors: tuple[str, ...] = field(default=())

    @property
    def company(self) -> str:
        return self.siret or self.siren

    @property
    def filtered(self) -> bool:
        return any(self.params_filters().values())

    def params_filters(self) -> dict[str, str]:
        """The filters as the query string spells them (saved views store these)."""
        return {
            "state": self.state,
            "type": self.type_key,
            "assignee": self.assignee,
            "sla": self.sla,
            "company": self.company,
            "requester": self.requester,
            "number": self.number,
            "q": self.text,
        }

    def params(self, *, cursor: str = "") -> dict[str, str]:
        """The whole query string of this query (empty values left out)."""
        values = {"view": self.view, "sort": self.sort, **self.params_filters(), "cursor": cursor}
        return {key: value for key, value in values.items() if value}


def _clean_text(value: str) -> str:
    return " ".join(value.split())[:MAX_TEXT]


def queue_query_parse(params: Mapping[str, str]) -> QueueQuery:
    """Read a query string; every unknown or malformed value is dropped with a message."""
    errors: list[str] = []

    def get(name: str) -> str:
        return (params.get(name) or "").strip()

    view = get("view") or DEFAULT_VIEW
    if view_get(view) is None:
        errors.append(_("Cette file n'existe pas : voici toutes les demandes ouvertes."))
        view = DEFAULT_VIEW
    sort = get("sort") or DEFAULT_SORT
    if sort not in SORTS:
        errors.append(_("Ce tri n'existe pas : les demandes sont triées par échéance."))
        sort = DEFAULT_SORT
    state = get("state")
    if state and state not in State.values:
        errors.append(_("L'état demandé n'existe pas : le filtre d'état est ignoré."))
        state = ""
    type_key = get("type")
    if type_key and type_key not in {t.key for t in registry.all_types()}:
        errors.append(_("Ce type de demande n'existe pas : le filtre de type est ignoré."))
        type_key = ""
    assignee = get("assignee")
    if assignee and assignee not in {value for value, _label in Assignee.CHOICES}:
        errors.append(_("Le filtre « Technicien » est inconnu : il est ignoré."))
        assignee = ""
    sla = get("sla")
    if sla and sla not in SlaStatus.values:
        errors.append(_("Le statut SLA demandé n'existe pas : le filtre SLA est ignoré."))
        sla = ""
    siret = siren = ""
    company = re.sub(r"[\s.]", "", get("company"))
    if company:
        if re.fullmatch(r"\d{14}", company):
            siret = company
        elif re.fullmatch(r"\d{9}", company):
            siren = company
        else:
            errors.append(
                _("Saisissez un SIRET (14 chiffres) ou un SIREN (9 chiffres) : filtre ignoré.")
            )
    text = _clean_text(get("q"))
    if text and not SEARCHABLE_RE.search(text):
        # The trigram indexes need a run of three letters or digits: without one, every message
        # would be read (1.5 s at 1M requests), for a search that matches nearly everything.
        errors.append(
            _(
                "Pour chercher dans le texte, saisissez au moins un mot de 3 caractères : "
                "filtre ignoré."
            )
        )
        text = ""
    number = get("number").upper()
    if number and not NUMBER_RE.fullmatch(number):
        errors.append(_("Un numéro de demande s'écrit DEM-AAAA-NNNNNN : filtre ignoré."))
        number = ""
    return QueueQuery(
        view=view,
        sort=sort,
        state=state,
        type_key=type_key,
        assignee=assignee,
        sla=sla,
        siret=siret,
        siren=siren,
        requester=_clean_text(get("requester")),
        number=number,
        text=text,
        cursor=get("cursor"),
        errors=tuple(errors),
    )


def queue_query_without_cursor(query: QueueQuery, error: str) -> QueueQuery:
    return replace(query, cursor="", errors=(*query.errors, error))
