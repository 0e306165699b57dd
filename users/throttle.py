"""Sign-in throttling: failed logins counted per typed address and per client address.

Counters live in the shared cache, in a fixed window opened by the first failure. The address
is counted whether or not an account has it, and a blocked attempt gets the same answer for
both, so the throttle tells nobody which addresses exist. A success clears the address's count.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()  # no address in the cache keys
    return f"login-failures:{kind}:{digest}"


def _keys(*, email: str, ip: str) -> list[tuple[str, int]]:
    keys = [(_key("account", email), settings.GUICHET_LOGIN_MAX_FAILURES_PER_ACCOUNT)]
    if ip and settings.GUICHET_LOGIN_MAX_FAILURES_PER_IP:
        keys.append((_key("ip", ip), settings.GUICHET_LOGIN_MAX_FAILURES_PER_IP))
    return keys


def client_ip(request: HttpRequest | None) -> str:
    """The peer address; behind a proxy, the proxy must set REMOTE_ADDR (not X-Forwarded-For)."""
    if request is None:
        return ""
    return str(request.META.get("REMOTE_ADDR", ""))


def login_blocked(*, email: str, ip: str) -> bool:
    values = cache.get_many([key for key, _ in _keys(email=email, ip=ip)])
    return any(values.get(key, 0) >= limit for key, limit in _keys(email=email, ip=ip))


def login_failed(*, email: str, ip: str) -> None:
    for key, _limit in _keys(email=email, ip=ip):
        cache.add(key, 0, timeout=settings.GUICHET_LOGIN_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: start a new window
            cache.set(key, 1, timeout=settings.GUICHET_LOGIN_WINDOW_SECONDS)


def login_succeeded(*, email: str) -> None:
    cache.delete(_key("account", email))


def answer_blocked(response: HttpResponse) -> HttpResponse:
    """The sign-in page re-rendered for a blocked attempt: 429 with ``Retry-After``."""
    response.status_code = 429
    response["Retry-After"] = str(settings.GUICHET_LOGIN_WINDOW_SECONDS)
    return response
