"""The request lifecycle: states, public statuses and the table of transitions.

One table (``TRANSITIONS``) is the single source of truth: the FSM decorators on
``lifecycle.models.Request`` are generated from it, the services read who may do what from it, the
staff pages build their buttons from it and ``docs/lifecycle.md`` prints it.

A transition here only *describes* the move. Changing the state and fields is the model's
transition method; locking, logging and side effects are the services' (``lifecycle.services``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias, Union

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from users import roles

if TYPE_CHECKING:
    from lifecycle.models import Request
    from users.models import User


def now() -> datetime:
    """The lifecycle's clock. Tests replace it (``monkeypatch.setattr(lifecycle, "now", …)``)."""
    return timezone.now()


class State(models.TextChoices):
    SUBMITTED = "submitted", _("Déposée")
    IN_PROGRESS = "in_progress", _("En cours de traitement")
    AWAITING_REQUESTER = "awaiting_requester", _("En attente du demandeur")
    UPDATED = "updated", _("Mise à jour par le demandeur")
    EXECUTING = "executing", _("Action en cours sur le compte")
    RESOLVED = "resolved", _("Résolue")
    CLOSED = "closed", _("Clôturée")


class PublicStatus(models.TextChoices):
    """What the requester sees (DESIGN.md §4)."""

    UNRESOLVED = "unresolved", _("Non résolu")
    WAITING = "waiting", _("En attente")
    UPDATED = "updated", _("Mis à jour")
    RESOLVED = "resolved", _("Résolu")
    CLOSED = "closed", _("Clos")


PUBLIC_STATUS: dict[str, PublicStatus] = {
    State.SUBMITTED: PublicStatus.UNRESOLVED,
    State.IN_PROGRESS: PublicStatus.UNRESOLVED,
    State.AWAITING_REQUESTER: PublicStatus.WAITING,
    State.UPDATED: PublicStatus.UPDATED,
    State.EXECUTING: PublicStatus.UNRESOLVED,
    State.RESOLVED: PublicStatus.RESOLVED,
    State.CLOSED: PublicStatus.CLOSED,
}

# The SLA clock (DESIGN.md §6) runs in these states, pauses in awaiting_requester, stops after.
SLA_RUNNING = frozenset({State.SUBMITTED, State.IN_PROGRESS, State.UPDATED, State.EXECUTING})
OPEN_STATES = frozenset(set(State) - {State.RESOLVED, State.CLOSED})


class Outcome(models.TextChoices):
    DONE = "done", _("Traitée")
    NON_COMPLIANT = "non_compliant", _("Non conforme")
    REFUSED = "refused", _("Refusée")


class Role(StrEnum):
    REQUESTER = "requester"
    TECHNICIAN = "technician"
    SUPERVISOR = "supervisor"
    SYSTEM = "system"


class SystemActor:
    """The desk itself (Celery beat, the outbox): the actor of system transitions."""

    pk = None
    is_authenticated = False

    def __str__(self) -> str:
        return "Guichet"


SYSTEM = SystemActor()

# Who runs a transition: a signed-in person, or the desk itself.
Actor: TypeAlias = Union["User", SystemActor]


def roles_of(request: Request, actor: Any) -> list[Role]:
    """Every role ``actor`` holds on ``request``, the strongest first (a technician may also be
    the requester of his own request)."""
    if actor is SYSTEM:
        return [Role.SYSTEM]
    held = []
    if roles.is_supervisor(actor):
        held.append(Role.SUPERVISOR)
    if roles.is_technician(actor):
        held.append(Role.TECHNICIAN)
    if getattr(actor, "pk", None) is not None and actor.pk == request.requester_id:
        held.append(Role.REQUESTER)
    return held


# --- Conditions -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Refusal:
    """Why a transition cannot happen: a machine-readable code and a French message."""

    code: str
    message: str | Promise


class Condition:
    """A named guard on the request alone (django-fsm calls it with the instance)."""

    def __init__(
        self, name: str, code: str, message: str | Promise, test: Callable[[Request], bool]
    ) -> None:
        self.code = code
        self.message = message
        self.test = test
        self.__name__ = name  # django-fsm and the docs print conditions by name

    def refusal(self, request: Request) -> Refusal | None:
        return None if self.test(request) else Refusal(self.code, self.message)

    def __call__(self, request: Request) -> bool:
        return self.refusal(request) is None


class TypeCondition(Condition):
    """The request type's own conditions for one transition (``RequestType.transition_refusal``)."""

    def __init__(self, transition_name: str) -> None:
        super().__init__(f"type_allows_{transition_name}", "type_condition", "", lambda r: True)
        self.transition_name = transition_name

    def refusal(self, request: Request) -> Refusal | None:
        return request.request_type.transition_refusal(self.transition_name, request)


def _within_reopen_window(request: Request) -> bool:
    deadline = request.reopen_deadline
    return deadline is not None and now() < deadline


def _close_due(request: Request) -> bool:
    delay = timedelta(days=settings.GUICHET_AUTO_CLOSE_DAYS)
    return request.resolved_at is not None and now() >= request.resolved_at + delay


HAS_CORE_ACTION = Condition(
    "has_core_action",
    "no_core_action",
    _("Ce type de demande ne prévoit pas d'action à exécuter sur le compte."),
    lambda request: bool(request.request_type.core_action),
)


def _four_eyes_satisfied(request: Request) -> bool:
    """Off unless the type is listed in GUICHET_FOUR_EYES_TYPES; then a second person must have
    approved the execution of this very version (``lifecycle.services.four_eyes``)."""
    if request.type_key not in settings.GUICHET_FOUR_EYES_TYPES:
        return True
    return request.execution_approvals.filter(
        version=request.version, approved_at__isnull=False
    ).exists()


FOUR_EYES = Condition(
    "four_eyes_approved",
    "approval_required",
    _(
        "Cette exécution doit d'abord être approuvée par un second technicien ou un "
        "superviseur : utilisez « Demander l'approbation »."
    ),
    _four_eyes_satisfied,
)
REOPEN_WINDOW = Condition(
    "within_reopen_window",
    "reopen_window_over",
    _("Le délai de réouverture est dépassé : déposez une nouvelle demande."),
    _within_reopen_window,
)


class OpenKeyFree(Condition):
    """No other open request holds this one's key (``RequestType.open_key``): the refusal names
    the open one to follow instead."""

    def __init__(self) -> None:
        super().__init__("no_other_open_request", "already_open", "", lambda r: True)

    def refusal(self, request: Request) -> Refusal | None:
        if not request.open_key:
            return None
        other = (
            type(request)
            .objects.filter(
                type_key=request.type_key, open_key=request.open_key, state__in=OPEN_STATES
            )
            .exclude(pk=request.pk)
            .first()
        )
        if other is None:
            return None
        return Refusal(
            self.code,
            gettext(
                "Une autre demande est en cours pour cette entreprise (%(number)s) : "
                "suivez-la plutôt que de rouvrir celle-ci."
            )
            % {"number": other.number},
        )


OPEN_KEY_FREE = OpenKeyFree()
CLOSE_DUE = Condition(
    "close_due",
    "close_not_due",
    _("La demande ne peut pas encore être close."),
    _close_due,
)


# --- The table --------------------------------------------------------------------------------
class Needs(StrEnum):
    """What a transition asks of the person who triggers it."""

    MESSAGE = "message"  # a public message to the requester (required)
    COMMENT = "comment"  # an optional comment, kept in the log
    OUTCOME = "outcome"  # an outcome (done / non compliant / refused)
    TECHNICIAN = "technician"  # the technician to assign


@dataclass(frozen=True)
class TransitionSpec:
    name: str
    label: str | Promise  # the button, in French
    edges: tuple[tuple[State, State], ...]  # (source, target)
    roles: frozenset[Role]
    # A technician acts only on requests assigned to him (or, for "take", on unassigned ones).
    assignee_only: bool = False
    needs: frozenset[Needs] = frozenset()
    conditions: tuple[Condition, ...] = ()
    description: str = ""
    by_type: bool = field(default=True)  # the request type may add conditions
    effects: str = ""  # side effects recorded in the outbox, besides the status e-mail
    # The staff journal's sentence, "%(actor)s" being who did it (``lifecycle.journal``).
    journal: str | Promise = ""

    @property
    def sources(self) -> tuple[State, ...]:
        return tuple(dict.fromkeys(source for source, _target in self.edges))

    def target_from(self, source: str) -> State:
        return next(target for src, target in self.edges if src == source)

    @property
    def all_conditions(self) -> tuple[Condition, ...]:
        extra = (TypeCondition(self.name),) if self.by_type else ()
        return (*self.conditions, *extra)


S = State
STAFF = frozenset({Role.TECHNICIAN, Role.SUPERVISOR})
SUPERVISOR_ONLY = frozenset({Role.SUPERVISOR})
REQUESTER_ONLY = frozenset({Role.REQUESTER})
SYSTEM_ONLY = frozenset({Role.SYSTEM})

TRANSITIONS: dict[str, TransitionSpec] = {
    spec.name: spec
    for spec in (
        TransitionSpec(
            "take",
            _("Prendre en charge"),
            ((S.SUBMITTED, S.IN_PROGRESS), (S.UPDATED, S.IN_PROGRESS)),
            STAFF,
            assignee_only=True,
            needs=frozenset({Needs.COMMENT}),
            description="A technician takes an unassigned request, or resumes his own.",
            journal=_("Prise en charge par %(actor)s"),
        ),
        TransitionSpec(
            "release",
            _("Rendre à la file"),
            ((S.IN_PROGRESS, S.SUBMITTED),),
            STAFF,
            assignee_only=True,
            needs=frozenset({Needs.COMMENT}),
            description="A technician gives his request back to the queue, unassigned.",
            journal=_("Rendue à la file par %(actor)s"),
        ),
        TransitionSpec(
            "assign",
            _("Attribuer"),
            (
                (S.SUBMITTED, S.IN_PROGRESS),
                (S.UPDATED, S.IN_PROGRESS),
                (S.IN_PROGRESS, S.IN_PROGRESS),
                (S.AWAITING_REQUESTER, S.AWAITING_REQUESTER),
            ),
            SUPERVISOR_ONLY,
            needs=frozenset({Needs.TECHNICIAN, Needs.COMMENT}),
            description="A supervisor assigns or reassigns the request to a technician.",
            journal=_("Attribuée par %(actor)s"),
        ),
        TransitionSpec(
            "request_info",
            _("Demander un complément"),
            ((S.IN_PROGRESS, S.AWAITING_REQUESTER), (S.UPDATED, S.AWAITING_REQUESTER)),
            STAFF,
            assignee_only=True,
            needs=frozenset({Needs.MESSAGE}),
            description="Ask the requester for information or a document; the SLA pauses.",
            journal=_("Complément demandé au demandeur par %(actor)s"),
        ),
        TransitionSpec(
            "answer",
            _("Répondre"),
            ((S.AWAITING_REQUESTER, S.UPDATED),),
            REQUESTER_ONLY,
            needs=frozenset({Needs.MESSAGE}),
            description="The requester answers; the request returns to the queue.",
            journal=_("Réponse du demandeur (%(actor)s)"),
        ),
        TransitionSpec(
            "execute",
            _("Exécuter sur le compte"),
            ((S.IN_PROGRESS, S.EXECUTING), (S.UPDATED, S.EXECUTING)),
            STAFF,
            assignee_only=True,
            needs=frozenset({Needs.COMMENT}),
            conditions=(HAS_CORE_ACTION, FOUR_EYES),
            description="Send the type's core action through the outbox.",
            effects="`request.core_action`: the type's core action, keyed for idempotency",
            journal=_("Action lancée sur le compte par %(actor)s"),
        ),
        TransitionSpec(
            "core_succeeded",
            _("Action confirmée"),
            ((S.EXECUTING, S.RESOLVED),),
            SYSTEM_ONLY,
            by_type=False,
            description="The core confirmed the action: resolved (done) with the type's message.",
            journal=_("Action confirmée par le service des comptes : demande résolue"),
        ),
        TransitionSpec(
            "core_failed",
            _("Action en échec"),
            ((S.EXECUTING, S.IN_PROGRESS),),
            SYSTEM_ONLY,
            by_type=False,
            description="The action failed for good: back to the technician with the error.",
            effects="the error is kept on the request and shown to the technician",
            journal=_("Action en échec sur le service des comptes : demande rendue au technicien"),
        ),
        TransitionSpec(
            "resolve",
            _("Résoudre"),
            ((S.IN_PROGRESS, S.RESOLVED), (S.UPDATED, S.RESOLVED)),
            STAFF,
            assignee_only=True,
            needs=frozenset({Needs.OUTCOME, Needs.MESSAGE}),
            description="Answer and resolve (done, non compliant or refused, with the reason).",
            journal=_("Résolue par %(actor)s"),
        ),
        TransitionSpec(
            "reopen",
            _("Rouvrir la demande"),
            ((S.RESOLVED, S.UPDATED),),
            REQUESTER_ONLY,
            needs=frozenset({Needs.MESSAGE}),
            conditions=(REOPEN_WINDOW, OPEN_KEY_FREE),
            description="The requester reopens within the window (e.g. the link expired).",
            journal=_("Rouverte par le demandeur (%(actor)s)"),
        ),
        TransitionSpec(
            "close",
            _("Clore"),
            ((S.RESOLVED, S.CLOSED),),
            SYSTEM_ONLY,
            by_type=False,
            conditions=(CLOSE_DUE,),
            description="Closed automatically N days after resolution (Celery beat).",
            journal=_("Close automatiquement"),
        ),
    )
}


def acting_role(request: Request, actor: Any, spec: TransitionSpec) -> Role | None:
    """The role in which ``actor`` may run ``spec`` on ``request``; None if he may not."""
    for role in roles_of(request, actor):
        if role not in spec.roles:
            continue
        if role is Role.TECHNICIAN and spec.assignee_only:
            allowed = (None, actor.pk) if spec.name == "take" else (actor.pk,)
            if request.assignee_id not in allowed:
                continue
        return role
    return None


def fsm_transition(name: str) -> Callable[[Any], Any]:
    """Decorate a model method with every edge of ``TRANSITIONS[name]`` (django-fsm).

    The decorator guards the graph only (which source leads to which target). Roles and
    conditions are checked once, with their French refusals, by the service that runs the
    transition (``lifecycle.services.transitions.transition_begin``).
    """
    spec = TRANSITIONS[name]
    by_target: dict[State, list[State]] = {}
    for source, target in spec.edges:
        by_target.setdefault(target, []).append(source)

    def decorate(method: Any) -> Any:
        for target, sources in by_target.items():
            method = transition(
                field="state",
                source=sources,
                target=target,
                custom={"spec": spec},
            )(method)
        return method

    return decorate


def transitions_from(state: str) -> Iterable[TransitionSpec]:
    return (spec for spec in TRANSITIONS.values() if state in spec.sources)
