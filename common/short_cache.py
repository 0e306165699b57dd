"""Figures kept a few seconds in the shared cache, for what every page shows and few change.

The queues' side menu and the staff banner count thousands of rows; a technician moving from
page to page would have them counted again at each click. Here a figure is computed once, kept
``ttl`` seconds, and forgotten at once by the actions that change it (``short_cache_forget``).

The cache helps and is never needed: while Redis is unreachable the figure is computed on the
spot, and the page still answers.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from typing import TypeVar

import redis.exceptions
from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")
OUTAGE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


def _key(name: str) -> str:
    # The namespace: a new value starts every figure afresh (each test takes its own).
    return f"guichet:{settings.GUICHET_CACHE_NAMESPACE}:{name}"


def short_cache_get(name: str, *, ttl: int, compute: Callable[[], T]) -> T:
    """The figure kept under ``name``, or ``compute()`` kept for ``ttl`` seconds."""
    try:
        kept: T | None = cache.get(_key(name))
    except OUTAGE:
        return compute()
    if kept is not None:
        return kept
    value = compute()
    short_cache_set(name, value, ttl=ttl)
    return value


def short_cache_set(name: str, value: object, *, ttl: int) -> None:
    with suppress(*OUTAGE):  # not kept: the next page computes it again
        cache.set(_key(name), value, ttl)


def short_cache_forget(*names: str) -> None:
    with suppress(*OUTAGE):  # a blip: the figure may lag behind by its ttl at most
        cache.delete_many([_key(name) for name in names])
