"""Writing, executing and retrying side effects.

The life of an effect: ``pending`` (written by :func:`effect_enqueue` in the caller's transaction)
→ ``dispatched`` (claimed by the relay, its id published to the broker) → ``done``, or back to
``pending`` with a later ``next_attempt_at`` after a transient failure, or ``dead`` after a
permanent failure or the last attempt. Dead effects are listed for supervisors, who may retry them.

Which errors are retried: :class:`~outbox.errors.TransientError`, database connection errors,
Celery's soft time limit, an error that says ``retryable = True`` (the bridge's ``CoreError``:
core unavailable, timeout, 5xx, 429), and a mail server that cannot be reached or answers a 4xx
(connection refused or reset, timeout, ``SMTPServerDisconnected``). An error saying
``retryable = False`` is permanent. Any other exception is a bug or a refusal the handler did
not classify: the effect dies at once, with the error shown, rather than hammering the core
(STYLE: retry only transient errors). A supervisor retries it once the cause is fixed.
"""

from __future__ import annotations

import logging
import random
import re
import smtplib
from datetime import timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.transaction import TransactionManagementError
from django.utils import timezone

from outbox import registry
from outbox.errors import EffectError, EffectNotRetryable, PermanentError, TransientError
from outbox.models import OutboxEffect, OutboxEvent

logger = logging.getLogger("guichet.outbox")

Status = OutboxEffect.Status
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    TransientError,
    OperationalError,
    InterfaceError,
    SoftTimeLimitExceeded,
)
# Outages of the network or of a mail server: trying again later may succeed.
_TRANSIENT_OS_ERRORS: tuple[type[BaseException], ...] = (
    ConnectionError,
    TimeoutError,
    smtplib.SMTPServerDisconnected,
)


def is_transient(error: BaseException) -> bool:
    """Whether trying the effect again later can help (see the module docstring)."""
    if isinstance(error, TRANSIENT_ERRORS):
        return True
    retryable = getattr(error, "retryable", None)
    if isinstance(retryable, bool):
        return retryable
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(error, _TRANSIENT_OS_ERRORS)


_SECRET_KEY_NAMES = re.compile(r"password|passwd|secret|token|otp", re.IGNORECASE)
_ERROR_MAX_CHARS = 2000


def effect_enqueue(
    *, kind: str, idempotency_key: str, payload: dict[str, Any], subject_ref: str = ""
) -> OutboxEffect:
    """Record a side effect in the current transaction; a duplicate idempotency key returns the
    first row. The key goes unchanged to the core (``Idempotency-Key``)."""
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError(
            "effect_enqueue() must run inside transaction.atomic(), with the change it follows."
        )
    _refuse_secrets(payload)
    effect, created = OutboxEffect.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "kind": kind,
            "payload": payload,
            "subject_ref": subject_ref,
            "max_attempts": settings.GUICHET_OUTBOX_MAX_ATTEMPTS,
            "next_attempt_at": timezone.now(),
        },
    )
    if not created and effect.kind != kind:
        raise ValueError(
            f"Idempotency key {idempotency_key!r} is already used by a {effect.kind!r} effect."
        )
    return effect


def effect_retry_refusal(*, effect: OutboxEffect) -> str | None:
    """Why retrying this dead effect would do nothing (its handler's ``retry_refusal``)."""
    registration = registry.get_registration(effect.kind)
    if registration is None or registration.retry_refusal is None:
        return None
    return registration.retry_refusal(effect)


def effect_retry(*, effect: OutboxEffect, actor: Any) -> OutboxEffect:
    """A supervisor sends a dead effect back to the queue, with a fresh set of attempts.

    Refused (``EffectNotRetryable``, with the reason) when the effect is not dead, or when its
    handler says a retry would do nothing: an effect retried must really run again.
    """
    with transaction.atomic():
        locked = OutboxEffect.objects.select_for_update().get(pk=effect.pk)
        if locked.status != Status.DEAD:
            raise EffectNotRetryable(
                "Cet effet n'est pas en échec : il n'a pas été relancé.", code="not_dead"
            )
        refusal = effect_retry_refusal(effect=locked)
        if refusal:
            raise EffectNotRetryable(refusal, code="handler_refused")
        locked.status = Status.PENDING
        locked.attempts = 0
        locked.next_attempt_at = timezone.now()
        locked.dispatched_at = None
        locked.save(
            update_fields=["status", "attempts", "next_attempt_at", "dispatched_at"],
        )
        OutboxEvent.objects.create(
            effect=locked, action=OutboxEvent.Action.RETRIED, actor=actor, detail=locked.last_error
        )
    logger.info("outbox effect retried", extra={"effect_id": locked.pk, "actor": actor.pk})
    return locked


def effect_execute(*, effect_id: int) -> str:
    """Perform one dispatched effect (the body of the Celery task). Returns what happened.

    Idempotent: an effect that is not ``dispatched`` (done, dead, pending, gone) is left alone, and
    the row stays locked while the handler runs, so a duplicate delivery skips it. If the process
    dies mid-way the lock dies with its connection and the redelivered message (or the
    reconciler) runs it again; the core deduplicates on the key.
    """
    if not _count_attempt(effect_id):
        return "skipped"
    with transaction.atomic():
        effect = (
            OutboxEffect.objects.select_for_update(skip_locked=True)
            .filter(pk=effect_id, status=Status.DISPATCHED)
            .first()
        )
        if effect is None:
            return "skipped"
        registration = registry.get_registration(effect.kind)
        if effect.attempts > effect.max_attempts:
            # Killed mid-task on every earlier attempt (crash, hard time limit): give up.
            return _fail(effect, registration, "", permanent=True)
        if registration is None:
            return _fail(
                effect,
                None,
                f"Aucun traitement n'est défini pour ce type d'effet ({effect.kind}).",
                False,
            )
        try:
            with transaction.atomic():
                result = registration.handler(effect)
        except PermanentError as error:
            return _fail(effect, registration, _describe(error), permanent=True)
        except Exception as error:
            if is_transient(error):
                return _fail(effect, registration, _describe(error), permanent=False)
            logger.exception("outbox handler failed", extra={"effect_id": effect.pk})
            return _fail(effect, registration, _describe(error), permanent=True)
        effect.status = Status.DONE
        effect.done_at = timezone.now()
        effect.result = result
        effect.save(update_fields=["status", "done_at", "result"])
        return "done"


def backoff_delay(attempts: int) -> timedelta:
    """Exponential backoff with full jitter: random in [base, base × 2^(attempts-1)], capped."""
    base = settings.GUICHET_OUTBOX_BACKOFF_BASE_SECONDS
    ceiling = min(settings.GUICHET_OUTBOX_BACKOFF_MAX_SECONDS, base * 2 ** max(attempts - 1, 0))
    return timedelta(seconds=random.uniform(base, max(base, ceiling)))


def _count_attempt(effect_id: int) -> bool:
    """Count the attempt in its own committed transaction, so a crash still counts."""
    with transaction.atomic():
        effect = (
            OutboxEffect.objects.select_for_update(skip_locked=True)
            .filter(pk=effect_id, status=Status.DISPATCHED)
            .first()
        )
        if effect is None:
            return False
        effect.attempts += 1
        effect.save(update_fields=["attempts"])
        return True


def _fail(
    effect: OutboxEffect,
    registration: registry.Registration | None,
    error: str,
    permanent: bool,
) -> str:
    now = timezone.now()
    if error:
        effect.last_error = error[:_ERROR_MAX_CHARS]
    elif not effect.last_error:
        effect.last_error = "Le traitement a été interrompu à chaque tentative."
    if not permanent and effect.attempts < effect.max_attempts:
        effect.status = Status.PENDING
        effect.next_attempt_at = now + backoff_delay(effect.attempts)
        effect.save(update_fields=["status", "next_attempt_at", "last_error"])
        logger.warning("outbox effect will be retried", extra={"effect_id": effect.pk})
        return "retry"
    effect.status = Status.DEAD
    effect.save(update_fields=["status", "last_error"])
    detail = effect.last_error
    if registration is not None and registration.on_dead is not None:
        try:
            with transaction.atomic():
                registration.on_dead(effect)
        except Exception as hook_error:
            logger.exception("outbox on_dead hook failed", extra={"effect_id": effect.pk})
            detail = f"{detail}\nLe retour de la demande a échoué : {_describe(hook_error)}"
    OutboxEvent.objects.create(effect=effect, action=OutboxEvent.Action.DEAD, detail=detail)
    logger.error("outbox effect is dead", extra={"effect_id": effect.pk, "kind": effect.kind})
    return "dead"


def _describe(error: BaseException) -> str:
    """The error as the staff read it: a French sentence, never an exception class name.

    The desk's own errors (``TransientError``, ``PermanentError``) and the core's carry a French
    message already; anything else gets a sentence saying what kind of failure it was, with the
    exception's own text as detail (the class name goes to the server log only).
    """
    if isinstance(error, EffectError) or hasattr(error, "retryable"):
        text = str(getattr(error, "message", "") or error)
    else:
        detail = str(error)
        if isinstance(error, SoftTimeLimitExceeded):
            text = "Le traitement a dépassé le temps qui lui est accordé."
        elif isinstance(error, OperationalError | InterfaceError):
            text = "La base de données était momentanément injoignable."
        elif is_transient(error):
            text = "Le service appelé (cœur des comptes ou serveur de courrier) n'a pas répondu."
        else:
            text = "Erreur inattendue du traitement : l'équipe technique doit l'examiner."
        if detail:
            text = f"{text} (détail : {detail})"
    return text[:_ERROR_MAX_CHARS]


def _refuse_secrets(value: Any, path: str = "payload") -> None:
    if isinstance(value, dict):
        for name, item in value.items():
            if _SECRET_KEY_NAMES.search(str(name)):
                raise ValueError(f"{path}.{name}: an outbox payload never carries secrets (O5).")
            _refuse_secrets(item, f"{path}.{name}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _refuse_secrets(item, f"{path}[{index}]")


def effects_purge_payloads(*, now: Any = None) -> int:
    """Retention (ADR 0004): empty the payload and result of effects done long ago.

    Rows stay (each committed transition keeps its one effect row, I2; a key stays taken); only
    the data that may name a person (a recipient address) goes. Returns how many were emptied.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.GUICHET_OUTBOX_RETENTION_DAYS)
    return (
        OutboxEffect.objects.filter(status=Status.DONE, done_at__lte=cutoff)
        .exclude(payload={})
        .update(payload={}, result=None)
    )
