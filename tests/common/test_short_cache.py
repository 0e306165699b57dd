"""Figures kept a few seconds in the shared cache, computed on the spot when it is away."""

from __future__ import annotations

import socket

import pytest

from common.short_cache import short_cache_forget, short_cache_get, short_cache_set


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        return {"open": self.calls}


def test_a_figure_is_computed_once_then_read_from_the_cache():
    compute = Counter()

    first = short_cache_get("figure", ttl=30, compute=compute)
    second = short_cache_get("figure", ttl=30, compute=compute)

    assert first == second == {"open": 1}
    assert compute.calls == 1


def test_a_forgotten_figure_is_computed_again():
    compute = Counter()
    short_cache_get("figure", ttl=30, compute=compute)

    short_cache_forget("figure", "another")

    assert short_cache_get("figure", ttl=30, compute=compute) == {"open": 2}


def test_a_figure_set_by_its_owner_is_the_one_read():
    short_cache_set("figure", {"open": 7}, ttl=30)

    assert short_cache_get("figure", ttl=30, compute=Counter()) == {"open": 7}


@pytest.fixture
def cache_unreachable(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nothing listens there
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


def test_while_the_cache_is_unreachable_the_figure_is_computed_each_time(cache_unreachable):
    compute = Counter()

    assert short_cache_get("figure", ttl=30, compute=compute) == {"open": 1}
    assert short_cache_get("figure", ttl=30, compute=compute) == {"open": 2}
    short_cache_set("figure", {"open": 9}, ttl=30)  # nothing raised
    short_cache_forget("figure")


def test_after_a_failure_the_cache_is_left_alone_for_a_while(cache_unreachable, monkeypatch):
    from common import short_cache

    calls = []
    monkeypatch.setattr(short_cache.cache, "get", lambda key: calls.append(key))
    short_cache._failed()

    assert short_cache_get("figure", ttl=30, compute=Counter()) == {"open": 1}
    assert calls == []  # Redis was not asked again


def test_a_cache_of_each_process_keeps_nothing(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    compute = Counter()

    short_cache_get("figure", ttl=30, compute=compute)
    short_cache_get("figure", ttl=30, compute=compute)

    assert compute.calls == 2  # a forget in one web worker could not reach the others
