"""The request (ticket) common to every type, and its state machine."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin

from lifecycle import registry
from lifecycle.machine import (
    OPEN_STATES,
    PUBLIC_STATUS,
    Outcome,
    PublicStatus,
    State,
    fsm_transition,
)
from lifecycle.models.queue_indexes import QUEUE_INDEXES
from sla.clock import SlaStatus

if TYPE_CHECKING:
    from lifecycle.registry import RequestType
    from users.models import User

ONE_OPEN_PER_KEY = "request_one_open_per_key"


class RequestCounter(models.Model):
    """The last number given in a year (``DEM-2026-000123``), incremented under a row lock."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Request(FSMModelMixin, models.Model):
    """One filed request. Its state changes only through the transitions below, called by the
    services of ``lifecycle.services.requests`` (which lock, check, log and record effects)."""

    number = models.CharField(_("numéro"), max_length=20, unique=True)
    type_key = models.CharField(_("type"), max_length=50, db_index=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("demandeur"),
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, db_index=True)
    # The company: the SIRET's first nine digits, or the SIREN of a company-wide request.
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, db_index=True)
    # What must not be open twice for this type (``RequestType.open_key``); empty: no rule.
    open_key = models.CharField(max_length=100, blank=True, editable=False)
    theme = models.CharField(_("thème"), max_length=200, blank=True)
    subtheme = models.CharField(_("sous-thème"), max_length=200, blank=True)
    subject = models.CharField(_("objet"), max_length=200, blank=True)
    # The type's own structured data, validated by the type's form before filing.
    data = models.JSONField(_("données de la demande"), default=dict, blank=True)

    state = FSMField(
        _("état"), max_length=30, choices=State.choices, default=State.SUBMITTED, protected=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_requests",
        verbose_name=_("technicien"),
    )
    outcome = models.CharField(_("issue"), max_length=20, choices=Outcome.choices, blank=True)
    # The core action sent and not yet confirmed (its outbox key), and the last failure shown
    # to the technician.
    pending_idempotency_key = models.CharField(max_length=200, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    reopened_count = models.PositiveIntegerField(_("réouvertures"), default=0)
    # Incremented by every transition: a form or API call made on an older version is a conflict.
    version = models.PositiveIntegerField(default=1)

    # The SLA, stored so that queues sort and filter on it (lifecycle.services.sla recomputes
    # it in each transition's transaction from the history, the calendar and the policy).
    sla_status = models.CharField(
        _("SLA"), max_length=20, choices=SlaStatus.choices, default=SlaStatus.ON_TIME
    )
    first_response_due = models.DateTimeField(_("première réponse attendue le"), null=True)
    # Null while paused (awaiting the requester): the due instant moves with the pause.
    resolution_due = models.DateTimeField(_("résolution attendue le"), null=True)
    sla_at_risk_at = models.DateTimeField(_("à risque à partir du"), null=True)
    # Claimed once by the scan (compare-and-swap): the at-risk and breach notifications.
    sla_at_risk_notified_at = models.DateTimeField(null=True, editable=False)
    sla_breach_notified_at = models.DateTimeField(null=True, editable=False)

    filed_at = models.DateTimeField(_("déposée le"))
    first_response_at = models.DateTimeField(_("première réponse le"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("résolue le"), null=True, blank=True)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # Retention (ADR 0004): when each kind of data was purged; null while it is kept.
    documents_purged_at = models.DateTimeField(
        _("documents supprimés le"), null=True, blank=True, editable=False
    )
    personal_data_purged_at = models.DateTimeField(
        _("données personnelles supprimées le"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("demande")
        verbose_name_plural = _("demandes")
        ordering = ["-filed_at", "-id"]
        indexes = [
            models.Index(fields=["state", "type_key", "-filed_at"], name="request_queue_idx"),
            models.Index(fields=["assignee", "state"], name="request_assignee_idx"),
            models.Index(fields=["requester", "-filed_at"], name="request_requester_idx"),
            models.Index(
                fields=["resolved_at"],
                name="request_close_due_idx",
                condition=Q(state=State.RESOLVED),
            ),
            # The open requests by due date: the queues' default order and the SLA scan.
            models.Index(
                fields=["resolution_due", "id"],
                name="request_open_due_idx",
                condition=Q(state__in=sorted(str(state) for state in OPEN_STATES)),
            ),
            models.Index(
                fields=["sla_status", "resolution_due"],
                name="request_open_sla_idx",
                condition=Q(state__in=sorted(str(state) for state in OPEN_STATES)),
            ),
            *QUEUE_INDEXES,
            # The supervisors' desk over a period (lifecycle.selectors_desk): filed and resolved
            # per day, percentiles per type and technician, read from the index alone.
            models.Index(
                fields=["filed_at"],
                name="request_filed_idx",
                include=[
                    "type_key",
                    "assignee",
                    "state",
                    "sla_status",
                    "first_response_at",
                    "resolved_at",
                ],
            ),
            # The desk's backlog now: the open requests, read from the index alone.
            models.Index(
                fields=["state", "type_key"],
                name="request_open_desk_idx",
                include=[
                    "assignee",
                    "sla_status",
                    "filed_at",
                    "first_response_due",
                    "first_response_at",
                    "resolution_due",
                ],
                condition=Q(state__in=sorted(str(state) for state in OPEN_STATES)),
            ),
            # The desk's daily roll-up: first responses of a day (lifecycle.services.figures).
            models.Index(
                fields=["first_response_at"],
                include=["type_key", "assignee", "filed_at"],
                name="request_first_response_idx",
                condition=Q(first_response_at__isnull=False),
            ),
            models.Index(
                fields=["resolved_at"],
                name="request_resolved_idx",
                include=["type_key", "assignee", "reopened_count"],
            ),
            # « Prendre la demande suivante »: the oldest unassigned one, without a sort.
            models.Index(
                fields=["filed_at", "id"],
                name="request_take_next_idx",
                condition=Q(state=State.SUBMITTED, assignee__isnull=True),
            ),
            # The daily retention purges, one per kind of data: closed requests whose kind is
            # not purged yet, oldest closing first (lifecycle.services.retention).
            models.Index(
                fields=["closed_at"],
                name="request_documents_due_idx",
                condition=Q(state=State.CLOSED, documents_purged_at__isnull=True),
            ),
            models.Index(
                fields=["closed_at"],
                name="request_personal_due_idx",
                condition=Q(state=State.CLOSED, personal_data_purged_at__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(siret="") | Q(siret__regex=r"^[0-9]{14}$"),
                name="request_siret_digits",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="request_version_positive"),
            models.CheckConstraint(
                condition=Q(siren="") | Q(siren__regex=r"^[0-9]{9}$"),
                name="request_siren_digits",
            ),
            # A type's "one open request per …" rule (``RequestType.open_key``), held
            # against races: the loser of two concurrent filings gets DuplicateOpenRequest.
            models.UniqueConstraint(
                fields=["type_key", "open_key"],
                condition=~Q(open_key="")
                & Q(state__in=sorted(str(state) for state in OPEN_STATES)),
                name=ONE_OPEN_PER_KEY,
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def request_type(self) -> type[RequestType]:
        return registry.get_type(self.type_key)

    @property
    def public_status(self) -> PublicStatus:
        return PUBLIC_STATUS[self.state]

    @property
    def reopen_deadline(self) -> datetime | None:
        """Until when the requester may reopen it (None while it is not resolved)."""
        if self.state != State.RESOLVED or self.resolved_at is None:
            return None
        return self.resolved_at + timedelta(days=settings.GUICHET_REOPEN_WINDOW_DAYS)

    @property
    def subject_ref(self) -> str:
        """How outbox effects name this request."""
        return f"request:{self.pk}"

    # --- Transitions: they change the state and fields only (see lifecycle.machine). -------
    @fsm_transition("take")
    def take(self, *, technician: User) -> None:
        self.assignee = technician

    @fsm_transition("release")
    def release(self) -> None:
        self.assignee = None

    @fsm_transition("assign")
    def assign(self, *, technician: User) -> None:
        self.assignee = technician

    @fsm_transition("request_info")
    def request_info(self) -> None:
        pass

    @fsm_transition("answer")
    def answer(self) -> None:
        pass

    @fsm_transition("execute")
    def execute(self, *, idempotency_key: str) -> None:
        self.pending_idempotency_key = idempotency_key
        self.last_error = ""

    @fsm_transition("core_succeeded")
    def core_succeeded(self, *, at: datetime) -> None:
        self.pending_idempotency_key = ""
        self.outcome = Outcome.DONE
        self.resolved_at = at

    @fsm_transition("core_failed")
    def core_failed(self, *, error: str) -> None:
        self.pending_idempotency_key = ""
        self.last_error = error

    @fsm_transition("resolve")
    def resolve(self, *, outcome: str, at: datetime) -> None:
        self.outcome = outcome
        self.resolved_at = at
        self.last_error = ""

    @fsm_transition("reopen")
    def reopen(self) -> None:
        self.outcome = ""
        self.resolved_at = None
        self.reopened_count += 1

    @fsm_transition("close")
    def close(self, *, at: datetime) -> None:
        self.closed_at = at
