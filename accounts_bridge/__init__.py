"""The only door to the account core. ``get_core()`` returns the adapter the settings choose."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts_bridge.ports import AccountCore


def get_core() -> AccountCore:
    """The adapter named by ``settings.GUICHET_CORE_ADAPTER`` ("inprocess" or "http")."""
    from django.conf import settings

    if settings.GUICHET_CORE_ADAPTER == "http":
        from accounts_bridge.adapters.http import HttpCore

        return HttpCore(
            base_url=settings.GUICHET_CORE_URL,
            token=settings.GUICHET_CORE_TOKEN,
            timeout=settings.GUICHET_CORE_TIMEOUT,
        )
    from accounts_bridge.adapters.inprocess import InProcessCore

    return InProcessCore()
