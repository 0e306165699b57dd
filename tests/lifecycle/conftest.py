"""Fixtures of the lifecycle tests: test-only request types, filed requests, the outbox."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from lifecycle import effects, machine, registry
from lifecycle.models import Request
from lifecycle.services import requests as services
from outbox.selectors import effects_for_subject
from tests.lifecycle.fake_types import CoreActionType, FakeCore, QuestionType


@pytest.fixture(autouse=True)
def fast_password_hasher(settings) -> None:
    """The cast's passwords are hashed for every test: a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def request_types() -> Iterator[None]:
    registry.register(CoreActionType)
    registry.register(QuestionType)
    FakeCore.reset()
    yield
    registry.unregister(CoreActionType.key)
    registry.unregister(QuestionType.key)
    FakeCore.reset()


class Clock:
    """The lifecycle's clock, moved by hand."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        from datetime import timedelta

        self.current += timedelta(**delta)
        return self.current


@pytest.fixture
def clock(monkeypatch) -> Clock:
    from datetime import UTC

    fake = Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    monkeypatch.setattr(machine, "now", fake)
    return fake


@pytest.fixture
def file_request():
    def file(requester, type_key: str = "test_plain", **fields: Any) -> Request:
        fields.setdefault("description", "Bonjour, voici ma demande.")
        fields.setdefault("siret", "73282932000074")
        return services.request_file(requester=requester, type_key=type_key, **fields)

    return file


def move(request: Request, *steps: str, tech: Any = None, requester: Any = None) -> Request:
    """Walk a request through the named human transitions (test setup through the services)."""
    for step in steps:
        if step == "take":
            request = services.request_take(request=request, actor=tech)
        elif step == "request_info":
            request = services.request_ask_info(
                request=request, actor=tech, message="Merci de joindre le document."
            )
        elif step == "answer":
            request = services.request_answer(
                request=request, actor=requester, message="Voici le document."
            )
        elif step == "resolve":
            request = services.request_resolve(
                request=request, actor=tech, outcome="refused", message="Demande refusée."
            )
        elif step == "reopen":
            request = services.request_reopen(
                request=request, actor=requester, reason="Le lien a expiré."
            )
        else:  # pragma: no cover - a typo in a test
            raise ValueError(step)
    return request


def pending_effects(request: Request, kind: str) -> list[Any]:
    return list(effects_for_subject(request.subject_ref).filter(kind=kind))


def perform_core_effect(request: Request) -> Any:
    """What the outbox does after commit for the core action: call its handler."""
    (effect,) = pending_effects(request, services.CORE_ACTION)
    return effects.core_action_perform(effect)


def send_status_emails(request: Request) -> None:
    for effect in pending_effects(request, "email.request_status"):
        effects.status_email_send(effect)


def sla_policy_for_tests(type_key: str = "test_plain", **fields: Any) -> Any:
    """An SLA policy for a test type on the default calendar (Monday–Friday 08:30–18:00; made
    again if a transactional test flushed the migration's rows). First response 120 working
    minutes, resolution 1 140 (2 working days) unless told."""
    from datetime import time

    from sla.models import SlaPolicy, WorkingCalendar, WorkingHours
    from sla.selectors import calendar_cache_clear

    calendar_cache_clear()
    calendar, created = WorkingCalendar.objects.get_or_create(
        is_default=True, defaults={"name": "Calendrier du guichet"}
    )
    if created:
        WorkingHours.objects.bulk_create(
            WorkingHours(calendar=calendar, weekday=day, start=time(8, 30), end=time(18, 0))
            for day in range(5)
        )
    fields = {"first_response_minutes": 120, "resolution_minutes": 1140, **fields}
    return SlaPolicy.objects.create(request_type=type_key, calendar=calendar, **fields)
