"""The registry of request types.

A request type is one module in ``lifecycle/types/`` declaring a ``RequestType`` subclass and
registering it with ``@register``. Adding a type touches no other type.

The lifecycle (``lifecycle.machine``) is shared by every type; a type plugs into it through
the hooks below, all class methods, all optional except what its own steps need:

- ``transition_refusal(name, request)``: extra conditions on any human transition (e.g. "the
  court minutes are attached" before ``execute``). Return a ``Refusal`` to refuse, ``None`` to
  allow. Pure: no I/O, it is evaluated to show the buttons too.
- ``core_action``: a short French label; when set the ``execute`` transition is offered and the
  outbox calls ``perform_core_action`` after commit, with the effect's idempotency key.
- ``perform_core_action(request, idempotency_key=…)``: call the core through ``accounts_bridge``
  (only there); raise ``outbox.errors.TransientError`` / ``PermanentError``. Returns a small dict
  (no secrets) kept on the effect.
- ``execute_options(request, data)``: check the type's own choices posted with ``execute``
  (e.g. which administrator a link is for; may read the core) and return what is merged into
  ``request.data`` in the transition; raise a ``lifecycle.errors.DomainError`` to refuse.
  ``execute_fields_template`` renders those fields in the execute form.
- ``resolution_message(request, result)``: the public message posted when the core confirms.
- ``after_transition(name, request, actor=…, log=…)``: extra actions in the transition's
  transaction (e.g. enqueue another outbox effect). No I/O here either.
- ``data_display(request)``: the request's data as ``(French label, text)`` rows for the staff
  page. The default labels the keys named in ``DATA_LABELS`` and hides the others (internal
  ids); a type whose data needs more says so itself.
- ``reopen_reasons`` / ``resolve_reasons``: lists of ``(code, French label)``. When set, the
  pages ask for one (reopening; resolving as non compliant) and the message to the requester
  starts with "Motif : <label>" (``helpdesk.forms.TransitionForm``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from lifecycle.forms import RequestTypeForm
    from lifecycle.machine import Refusal
    from lifecycle.models import Request, TransitionLog
    from users.models import User

_REGISTRY: dict[str, type[RequestType]] = {}

# The staff page's labels of the data keys types share (``RequestType.data_display``).
DATA_LABELS: dict[str, str | Promise] = {
    "recipient_email": _("Adresse qui recevra le lien"),
    "company_name": _("Entreprise"),
    "reason": _("Motif"),
    "reason_label": _("Motif"),
}


def data_text(value: Any) -> str:
    """A data value as a technician reads it: names as « NOM Prénom », lists joined."""
    if isinstance(value, dict):
        if {"last_name", "first_name"} <= value.keys():
            return f"{str(value['last_name']).upper()} {value['first_name']}".strip()
        return " ; ".join(data_text(item) for item in value.values())
    if isinstance(value, list | tuple):
        return ", ".join(data_text(item) for item in value)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("oui") if value else _("non"))
    return str(value)


class RequestType:
    """What every request type declares. Subclasses fill the class attributes."""

    key: ClassVar[str]
    label: ClassVar[str | Promise]
    description: ClassVar[str | Promise] = ""
    # Fixed classification (theme / subtheme / subject), if the type sets it rather than the user.
    theme: ClassVar[str] = ""
    subtheme: ClassVar[str] = ""
    subject: ClassVar[str] = ""
    # The action the technician executes on the account core; empty: the type has none.
    core_action: ClassVar[str | Promise] = ""
    # The filing form (portal page and API); a type without one cannot be filed by requesters.
    form_class: ClassVar[type[RequestTypeForm] | None] = None
    # Reasons the requester picks from when reopening (e.g. "Le lien a expiré"); empty: free text.
    reopen_reasons: ClassVar[list[tuple[str, str | Promise]]] = []
    # Reasons the technician picks from when resolving as non compliant; empty: free text.
    # (``lifecycle.reasons.EditableReasons`` reads them from the admin's list.)
    resolve_reasons: ClassVar[Sequence[tuple[str, str | Promise]]] = []
    # What the technician checks in the type's documents, ticked on the staff request page
    # (``lifecycle.services.checklist``): ``(code, French label)``. Empty: no checklist.
    document_checklist: ClassVar[list[tuple[str, str | Promise]]] = []
    # A template included on the staff request page, with ``staff_panel_context`` (e.g. the
    # reset link's life read from the core). Empty: no panel.
    staff_panel_template: ClassVar[str] = ""
    # The type's own fields in the execute form (``execute_options`` reads them). Empty: none.
    execute_fields_template: ClassVar[str] = ""
    # The keys of ``Request.data`` that hold no personal data (ids, codes, open company data)
    # and so survive the retention purge of personal data (ADR 0004). The rest is removed.
    retained_data_keys: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def open_key(cls, *, requester: User, siren: str, data: dict[str, Any]) -> str:
        """What must not be open twice for this type (e.g. the liquidator and the company);
        empty: no such rule. A partial unique index holds it; a second filing, or a reopen
        while another request holds the key, is refused with ``DuplicateOpenRequest``."""
        return ""

    @classmethod
    def staff_panel_context(cls, request: Request) -> dict[str, Any]:
        """Context of ``staff_panel_template`` (may read the core through accounts_bridge)."""
        return {}

    @classmethod
    def is_available_to(cls, user: Any) -> bool:
        """Whether this user may file a request of this type."""
        return True

    @classmethod
    def data_rows(cls, request: Request) -> list[tuple[str, str]]:
        """What the staff page shows of the data: ``data_display``, or once the retention purge
        removed the personal data (ADR 0004), when it did."""
        if request.personal_data_purged_at is not None:
            day = timezone.localtime(request.personal_data_purged_at).strftime("%d/%m/%Y")
            return [
                (
                    gettext("Données de la demande"),
                    gettext(
                        "Données personnelles supprimées le %(date)s (durée de conservation échue)."
                    )
                    % {"date": day},
                )
            ]
        return cls.data_display(request)

    @classmethod
    def data_display(cls, request: Request) -> list[tuple[str, str]]:
        """The request's data for the staff page: ``(French label, text)`` rows."""
        return [
            (str(DATA_LABELS[key]), data_text(value))
            for key, value in request.data.items()
            if key in DATA_LABELS
        ]

    @classmethod
    def transition_refusal(cls, name: str, request: Request) -> Refusal | None:
        """The type's own conditions on transition ``name``; None when allowed."""
        return None

    @classmethod
    def perform_core_action(cls, request: Request, *, idempotency_key: str) -> dict[str, Any]:
        """Ask the core (through accounts_bridge) to execute the action. Called by the outbox."""
        raise NotImplementedError(f"request type {cls.key!r} declares no core action")

    @classmethod
    def execute_options(cls, request: Request, data: Mapping[str, Any]) -> dict[str, Any]:
        """The type's choices at execution, checked; merged into ``request.data``."""
        return {}

    @classmethod
    def resolution_message(cls, request: Request, result: dict[str, Any]) -> str:
        """The public message posted when the core confirms the action."""
        return str(_("Votre demande a été traitée."))

    @classmethod
    def after_transition(
        cls, name: str, request: Request, *, actor: Any, log: TransitionLog
    ) -> None:
        """Extra actions of this type, in the same transaction as transition ``name``."""


def register(cls: type[RequestType]) -> type[RequestType]:
    if cls.key in _REGISTRY and _REGISTRY[cls.key] is not cls:
        raise ValueError(f"request type {cls.key!r} is registered twice")
    _REGISTRY[cls.key] = cls
    return cls


def unregister(key: str) -> None:
    """Remove a type (tests register throwaway types)."""
    _REGISTRY.pop(key, None)


def all_types() -> list[type[RequestType]]:
    return list(_REGISTRY.values())


def get_type(key: str) -> type[RequestType]:
    return _REGISTRY[key]


def retained_data_keys(key: str) -> frozenset[str]:
    """What the personal data purge keeps of a type's data; a type no longer declared keeps
    nothing (its old requests are still purged, never stuck in front of the others)."""
    found = _REGISTRY.get(key)
    return found.retained_data_keys if found is not None else frozenset()


def available_to(user: Any) -> list[type[RequestType]]:
    """The types this user may file now (those with a form and available to him)."""
    return [t for t in _REGISTRY.values() if t.form_class is not None and t.is_available_to(user)]
