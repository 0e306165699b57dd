"""Figures kept a few seconds in the shared cache, for what every page shows and few change.

The queues' side menu and the staff banner count thousands of rows; a technician moving from
page to page would have them counted again at each click. Here a figure is computed once, kept
``ttl`` seconds, and forgotten at once by the actions that change it (``short_cache_forget``).

The cache helps and is never needed:

- only a shared cache (Redis) keeps figures: with a cache of each process's own (the embedded
  profile's LocMem), a forget in one web worker would leave the others showing the old figure,
  so every page computes it;
- while Redis fails (refused, timing out, read-only…) the figure is computed on the spot, and
  for ``PAUSE_AFTER_OUTAGE`` seconds this process does not ask Redis again: a Redis that hangs
  costs one socket timeout, not one per figure of every page and every transition.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import redis.exceptions
from django.conf import settings
from django.core.cache import cache

T = TypeVar("T")
PAUSE_AFTER_OUTAGE = 30.0  # seconds
SHARED_BACKENDS = ("django.core.cache.backends.redis.RedisCache",)
_paused_until = 0.0  # this process's: Redis failed, leave it alone until then


def _key(name: str) -> str:
    # The namespace: a new value starts every figure afresh (each test takes its own).
    return f"guichet:{settings.GUICHET_CACHE_NAMESPACE}:{name}"


def _usable() -> bool:
    shared = settings.CACHES["default"]["BACKEND"] in SHARED_BACKENDS
    return shared and time.monotonic() >= _paused_until


def _failed() -> None:
    global _paused_until
    _paused_until = time.monotonic() + PAUSE_AFTER_OUTAGE


def short_cache_get(name: str, *, ttl: int, compute: Callable[[], T]) -> T:
    """The figure kept under ``name``, or ``compute()`` kept for ``ttl`` seconds."""
    if not _usable():
        return compute()
    try:
        kept: T | None = cache.get(_key(name))
    except redis.exceptions.RedisError:
        _failed()
        return compute()
    if kept is not None:
        return kept
    value = compute()
    short_cache_set(name, value, ttl=ttl)
    return value


def short_cache_set(name: str, value: object, *, ttl: int) -> None:
    if not _usable():
        return
    try:
        cache.set(_key(name), value, ttl)
    except redis.exceptions.RedisError:
        _failed()  # not kept: the next page computes it again


def short_cache_forget(*names: str) -> None:
    if not _usable():
        return
    try:
        cache.delete_many([_key(name) for name in names])
    except redis.exceptions.RedisError:
        _failed()  # a blip: the figure may lag behind by its ttl at most
