"""Throttles of the API's costly or sensitive writes, per user and per client address.

A view names its ``throttle_scope`` (``filing``, ``tokens``) and the methods it throttles
(``throttle_methods``, POST by default). Each scope has two rates in
``GUICHET_API_THROTTLE_RATES``: ``<scope>`` per signed-in user, ``<scope>_client`` per client
address (``REMOTE_ADDR``: behind a proxy, the proxy sets it). Counters live in the shared cache,
so every web process counts the same calls. Over the rate: 429 with ``Retry-After``.

While the cache is down, the ``filing`` scope lets calls through (logged): a filing needs only
PostgreSQL, and its effects wait in the outbox (issue 15: Redis down, every filing succeeds).
The other scopes (tokens) stay closed: their outage is a 503, as the sign-in throttle's.
"""

from __future__ import annotations

import logging
from typing import Any

import redis.exceptions
from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from users.throttle import client_ip

logger = logging.getLogger("guichet.api")
OPEN_DURING_CACHE_OUTAGE = frozenset({"filing"})
CACHE_OUTAGE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


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
        if self.scope not in OPEN_DURING_CACHE_OUTAGE:
            return super().allow_request(request, view)
        try:
            return super().allow_request(request, view)
        except CACHE_OUTAGE:
            logger.warning("api throttle skipped: cache unavailable", extra={"scope": self.scope})
            return True


class UserThrottle(_ScopedThrottle):
    def ident_for(self, request: Request) -> str | None:
        user = request.user
        return str(user.pk) if user and user.is_authenticated else None


class ClientThrottle(_ScopedThrottle):
    suffix = "_client"

    def ident_for(self, request: Request) -> str | None:
        return client_ip(request) or None
