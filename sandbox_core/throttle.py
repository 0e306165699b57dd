"""The sandbox core's own sign-in throttle (its own counters: the core does not import the desk).

Failed sign-ins are counted per account (the normalised SIRET / NOM / PRÉNOM, whether or not it
exists) and per client address, in the shared cache, in a window opened by the first failure.
Past the limit nothing is evaluated, not even the right password, and the answer is the same for
existing and unknown accounts. A success clears the account's count.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

from core_contract import normalise_name

MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
WINDOW_SECONDS = 15 * 60


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()  # no name nor address in the cache
    return f"sandbox-login-failures:{kind}:{digest}"


def account_of(*, siret: str, last_name: str, first_name: str) -> str:
    compact = "".join(c for c in siret if c.isdigit())
    return f"{compact}|{normalise_name(last_name)}|{normalise_name(first_name)}"


def _limits(account: str, ip: str) -> list[tuple[str, int]]:
    limits = [(_key("account", account), MAX_FAILURES_PER_ACCOUNT)]
    if ip:
        limits.append((_key("ip", ip), MAX_FAILURES_PER_ADDRESS))
    return limits


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def login_blocked(*, account: str, ip: str) -> bool:
    limits = _limits(account, ip)
    values = cache.get_many([key for key, _limit in limits])
    return any(values.get(key, 0) >= limit for key, limit in limits)


def login_failed(*, account: str, ip: str) -> None:
    for key, _limit in _limits(account, ip):
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr: a new window
            cache.set(key, 1, timeout=WINDOW_SECONDS)


def login_succeeded(*, account: str) -> None:
    cache.delete(_key("account", account))
