"""The scenarios ``python -m bench desk_pages`` (and ``make bench``) runs on the seeded desk.

A scenario is a function registered with ``@scenario(name, peer=...)``: given the ``Desk`` (the
seeded database's people and requests), it returns the callable to time (one call = one sample,
which must raise on a wrong answer). Every module of ``bench/scenarios/`` is imported by
``discover()``, so a new page's scenario plugs in by adding a module there, e.g.
``bench/scenarios/queues.py`` with ``@scenario("queues: first page", peer="list")``.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Sample = Callable[[], Any]


@dataclass(frozen=True)
class Scenario:
    name: str
    build: Callable[[Any], Sample]
    peer: str | None  # the peer harness's comparable scenario (list_json, detail, api_list…)
    rounds: int
    warmup: int
    target_ms: float | None  # the target (p95), reported, never asserted


SCENARIOS: dict[str, Scenario] = {}


def scenario(
    name: str,
    *,
    peer: str | None = None,
    rounds: int = 30,
    warmup: int = 3,
    target_ms: float | None = None,
) -> Callable[[Callable[[Any], Sample]], Callable[[Any], Sample]]:
    def register(build: Callable[[Any], Sample]) -> Callable[[Any], Sample]:
        if name in SCENARIOS:
            raise ValueError(f"two scenarios named {name!r}")
        SCENARIOS[name] = Scenario(name, build, peer, rounds, warmup, target_ms)
        return build

    return register


def discover() -> dict[str, Scenario]:
    """Imports every module of ``bench.scenarios``; returns the registry in registration order."""
    import bench.scenarios as package

    for module in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        importlib.import_module(f"{package.__name__}.{module.name}")
    return SCENARIOS
