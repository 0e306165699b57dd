"""Which function performs each kind of side effect.

Handlers live in an ``effects`` module of any installed app (discovered at start-up, in the web
process and in the worker alike) or in a module named in ``GUICHET_OUTBOX_HANDLER_MODULES``::

    @effect_handler("core.remove_administrator", on_dead=return_to_technician)
    def remove_administrator(effect: OutboxEffect) -> dict | None:
        ...  # raise TransientError to retry later, PermanentError to give up at once

``on_dead(effect)`` runs in the transaction that marks the effect dead. ``retry_refusal(effect)``
says, in French, why a supervisor's retry of a dead effect would do nothing (e.g. its request was
given back to the technician and moved on); None lets the retry happen.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

if TYPE_CHECKING:
    from outbox.models import OutboxEffect

Handler = Callable[["OutboxEffect"], "dict[str, Any] | None"]
DeadHook = Callable[["OutboxEffect"], None]
RetryRefusal = Callable[["OutboxEffect"], "str | None"]


@dataclass(frozen=True)
class Registration:
    kind: str
    handler: Handler
    on_dead: DeadHook | None
    retry_refusal: RetryRefusal | None = None


_registry: dict[str, Registration] = {}


def effect_handler(
    kind: str, *, on_dead: DeadHook | None = None, retry_refusal: RetryRefusal | None = None
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        existing = _registry.get(kind)
        if existing is not None and _qualname(existing.handler) != _qualname(handler):
            raise ImproperlyConfigured(f"Two handlers for outbox effect kind {kind!r}.")
        _registry[kind] = Registration(
            kind=kind, handler=handler, on_dead=on_dead, retry_refusal=retry_refusal
        )
        return handler

    return register


def get_registration(kind: str) -> Registration | None:
    return _registry.get(kind)


def unregister(kind: str) -> None:
    _registry.pop(kind, None)


def discover_handlers() -> None:
    autodiscover_modules("effects")
    for module in getattr(settings, "GUICHET_OUTBOX_HANDLER_MODULES", []):
        importlib.import_module(module)


def _qualname(function: Callable[..., Any]) -> str:
    return f"{function.__module__}.{function.__qualname__}"
