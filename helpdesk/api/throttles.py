"""Throttles of the API's costly or sensitive writes, per user and per client address.

A view names its ``throttle_scope`` (``filing``, ``tokens``) and the methods it throttles
(``throttle_methods``, POST by default). Each scope has two rates in
``GUICHET_API_THROTTLE_RATES``: ``<scope>`` per signed-in user, ``<scope>_client`` per client
address (``REMOTE_ADDR``: behind a proxy, the proxy sets it). Counters live in the shared cache,
so every web process counts the same calls. Over the rate: 429 with ``Retry-After``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from users.throttle import client_ip


class _ScopedThrottle(SimpleRateThrottle):
    suffix = ""

    def __init__(self) -> None:  # the rate depends on the view: set in allow_request
        pass

    def get_rate(self) -> str | None:
        rates: dict[str, str] = settings.GUICHET_API_THROTTLE_RATES
        return rates.get(f"{self.scope}{self.suffix}")

    def ident_for(self, request: Request) -> str | None:
        raise NotImplementedError

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        ident = self.ident_for(request)
        if ident is None:
            return None
        namespace = settings.GUICHET_API_THROTTLE_NAMESPACE
        return f"api-throttle:{namespace}:{self.scope}{self.suffix}:{ident}"

    def allow_request(self, request: Request, view: Any) -> bool:
        self.scope = getattr(view, "throttle_scope", None) or ""
        methods = getattr(view, "throttle_methods", frozenset({"POST"}))
        if not self.scope or request.method not in methods:
            return True
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class UserThrottle(_ScopedThrottle):
    def ident_for(self, request: Request) -> str | None:
        user = request.user
        return str(user.pk) if user and user.is_authenticated else None


class ClientThrottle(_ScopedThrottle):
    suffix = "_client"

    def ident_for(self, request: Request) -> str | None:
        return client_ip(request) or None
