"""The only door to the account core. ``get_core()`` returns the adapter the settings choose."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts_bridge.ports import AccountCore


def get_core() -> AccountCore:
    """The adapter named by ``settings.GUICHET_CORE_ADAPTER`` ("inprocess" or "http")."""
    from django.conf import settings

    if settings.GUICHET_CORE_ADAPTER == "http":
        return _http_core(
            settings.GUICHET_CORE_URL, settings.GUICHET_CORE_TOKEN, settings.GUICHET_CORE_TIMEOUT
        )
    from accounts_bridge.adapters.inprocess import InProcessCore

    return InProcessCore()


@lru_cache(maxsize=4)
def _http_core(base_url: str, token: str, timeout: float) -> AccountCore:
    """One HTTP client (and its connection pool) per configuration, shared by the process."""
    from accounts_bridge.adapters.http import HttpCore

    return HttpCore(base_url=base_url, token=token, timeout=timeout)
