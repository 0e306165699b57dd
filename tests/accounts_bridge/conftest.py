"""Fixtures of the account-core tests: a movable clock, sandbox data, and the two adapters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connections

from accounts_bridge.adapters.http import HttpCore
from accounts_bridge.adapters.inprocess import InProcessCore
from sandbox_core import clock as sandbox_clock
from sandbox_core.models import SandboxCompany, SandboxEstablishment, SandboxRight
from sandbox_core.services.accounts import actor_add

SIRET = "73282932000074"
SECOND_SIRET = "73282932000108"
OTHER_SIRET = "10000000900017"
START = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class MovableClock:
    at: datetime

    def now(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> MovableClock:
    """The sandbox's time, under the test's control (the live server thread sees it too)."""
    movable = MovableClock(START)
    monkeypatch.setattr(sandbox_clock, "now", movable.now)
    return movable


@pytest.fixture(params=["inprocess", "http"])
def core(request, clock, transactional_db):
    """The same contract, through each adapter; the HTTP one talks to a live sandbox server."""
    if request.param == "inprocess":
        yield InProcessCore()
        return
    # The live server answers each request in a new thread: close its connections at once.
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    live_server = request.getfixturevalue("live_server")
    settings = request.getfixturevalue("settings")
    adapter = HttpCore(
        base_url=f"{live_server.url}/sandbox/api/v1",
        token=settings.SANDBOX_CORE_API_TOKEN,
        timeout=10,
    )
    yield adapter


@dataclass
class Cast:
    company: SandboxCompany
    other_company: SandboxCompany


def make_companies() -> Cast:
    """Boulangerie Durand (two establishments) and a foreign company with its own administrator."""
    company = SandboxCompany.objects.create(
        siren=SIRET[:9], name="Boulangerie Durand", enrolment_type="multi"
    )
    main = SandboxEstablishment.objects.create(company=company, siret=SIRET, name="Siège")
    second = SandboxEstablishment.objects.create(
        company=company, siret=SECOND_SIRET, name="Fournil"
    )
    alice = actor_add(
        company=company,
        last_name="Durand",
        first_name="Alice",
        email="alice.admin@example.com",
        role="both",
    )
    jf = actor_add(
        company=company,
        last_name="Lefèvre",
        first_name="Jean-François",
        email="jf@example.com",
        role="administrator",
    )
    chloe = actor_add(
        company=company,
        last_name="Martin",
        first_name="Chloé",
        email="chloe@example.com",
        role="declarant",
    )
    SandboxRight.objects.create(actor=alice, establishment=main, can_declare=True, can_pay=True)
    SandboxRight.objects.create(actor=alice, establishment=second, can_declare=True)
    SandboxRight.objects.create(actor=jf, establishment=main, can_declare=False, can_pay=True)
    SandboxRight.objects.create(actor=chloe, establishment=main, can_declare=True)
    other = SandboxCompany.objects.create(siren=OTHER_SIRET[:9], name="Autre SARL")
    SandboxEstablishment.objects.create(company=other, siret=OTHER_SIRET)
    actor_add(
        company=other,
        last_name="Autre",
        first_name="Paul",
        email="paul@example.com",
        role="administrator",
    )
    return Cast(company=company, other_company=other)


@pytest.fixture
def cast(core) -> Cast:
    return make_companies()


@pytest.fixture
def sandbox(transactional_db, clock) -> Cast:
    """Sandbox data for tests that drive the sandbox directly (pages, services)."""
    return make_companies()


LINK_RE = re.compile(r"https?://\S+/sandbox/reinitialisation/([A-Za-z0-9_\-]+)/")


def token_from_last_email() -> str:
    match = LINK_RE.search(str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)
