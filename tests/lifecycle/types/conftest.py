"""Fixtures of the request types' tests: the sandbox core's companies, and a core that is down."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox_core.models import SandboxActor
from tests.accounts_bridge.conftest import Cast, make_companies


@pytest.fixture
def companies(db) -> Cast:
    """Boulangerie Durand (SIRET 73282932000074 and …108): administrators Alice Durand and
    Jean-François Lefèvre, declarant Chloé Martin; Autre SARL (10000000900017), Paul Autre."""
    return make_companies()


@pytest.fixture
def core_down(settings) -> None:
    """The account core unreachable: the real HTTP adapter pointed at a closed loopback port."""
    settings.GUICHET_CORE_ADAPTER = "http"
    settings.GUICHET_CORE_URL = "http://127.0.0.1:9/sandbox/api/v1"
    settings.GUICHET_CORE_TIMEOUT = 1.0


def actor_names(company: Any) -> set[tuple[str, str]]:
    return {(a.last_name, a.role) for a in SandboxActor.objects.filter(company=company)}
