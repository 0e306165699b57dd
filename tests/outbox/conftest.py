from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from outbox import registry


@pytest.fixture
def register_handler() -> Iterator[Callable[..., Any]]:
    """Register in-process handlers for one test; they are removed afterwards."""
    kinds: list[str] = []

    def register(
        kind: str, handler: Callable[..., Any], *, on_dead: Any = None, retry_refusal: Any = None
    ) -> None:
        registry.effect_handler(kind, on_dead=on_dead, retry_refusal=retry_refusal)(handler)
        kinds.append(kind)

    yield register
    for kind in kinds:
        registry.unregister(kind)
