"""Shared helpers: Paris instants and the default calendar as a pure value."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from sla.calendar import PARIS, Calendar, ClosureSpan

OFFICE = [(weekday, time(8, 30), time(18, 0)) for weekday in range(5)]


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A wall-clock instant in Paris (never inside the spring-forward gap in these tests)."""
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def office(closures: tuple[ClosureSpan, ...] = ()) -> Calendar:
    """The default calendar: Monday–Friday 08:30–18:00, French public holidays."""
    return Calendar.build(OFFICE, closures, name="Bureau")


@pytest.fixture
def calendar() -> Calendar:
    return office()
