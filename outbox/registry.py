# STUB for the `lifecycle` branch only: the `outbox` branch owns this app; take its version.
from collections.abc import Callable
from typing import Any

HANDLERS: dict[str, tuple[Callable[..., Any], Callable[..., Any] | None]] = {}


def effect_handler(
    kind: str, on_dead: Callable[..., Any] | None = None
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorate(handler: Callable[..., Any]) -> Callable[..., Any]:
        HANDLERS[kind] = (handler, on_dead)
        return handler

    return decorate
