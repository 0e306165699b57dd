"""The Celery application, with the request id carried from the web request into its tasks."""

from __future__ import annotations

import logging
import os
import time
from contextvars import Token
from typing import Any

from celery import Celery, signals

from common.request_id import new_request_id, request_id_var

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("guichet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

task_logger = logging.getLogger("guichet.task")
# Periodic tasks that return how much they did: a run that did nothing (the outbox relay, every
# 2 s, mostly) is logged at DEBUG, so the log holds what was done.
QUIET_WHEN_IDLE = frozenset({"outbox.relay", "outbox.reconcile"})
_started: dict[str, float] = {}
_request_id_tokens: dict[str, Token[str]] = {}


@signals.setup_logging.connect
def use_django_logging(**kwargs: Any) -> None:
    """Let Django's LOGGING (JSON lines) configure the worker too."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@signals.before_task_publish.connect
def attach_request_id(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    if headers is not None:
        headers.setdefault("request_id", request_id_var.get() or new_request_id())


@signals.task_prerun.connect
def adopt_request_id(task_id: str = "", task: Any = None, **kwargs: Any) -> None:
    rid = getattr(task.request, "request_id", None) if task else None
    _request_id_tokens[task_id] = request_id_var.set(rid or new_request_id())
    _started[task_id] = time.monotonic()


@signals.task_postrun.connect
def log_task(
    task_id: str = "",
    task: Any = None,
    state: str | None = None,
    retval: Any = None,
    **kwargs: Any,
) -> None:
    started = _started.pop(task_id, None)
    token = _request_id_tokens.pop(task_id, None)
    idle = getattr(task, "name", "") in QUIET_WHEN_IDLE and state == "SUCCESS" and not retval
    task_logger.log(
        logging.DEBUG if idle else logging.INFO,
        "task",
        extra={
            "task": getattr(task, "name", ""),
            "task_id": task_id,
            "state": state,
            "duration_ms": round((time.monotonic() - started) * 1000, 1) if started else None,
        },
    )
    if token is not None:
        # Leave the process as it was: the next task (or test) starts without this id.
        request_id_var.reset(token)
