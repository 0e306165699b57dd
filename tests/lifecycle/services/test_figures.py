"""The desk's daily roll-up: built from random data it equals the live computation, a rebuild is
idempotent, today stays live, the beat task is registered and idempotent."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lifecycle import machine
from lifecycle.models import DailyDuration, DailyFigures, FiguresDay, TransitionLog
from lifecycle.selectors_desk import DeskFilters, desk_period, desk_technicians
from lifecycle.services.figures import figures_days_due, figures_rebuild, figures_rebuild_due
from lifecycle.tasks import rebuild_daily_figures, rebuild_today_figures
from sla.calendar import PARIS
from tests.support.desk_data import desk_request

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 20, 15, 0, tzinfo=PARIS)  # a Friday afternoon
SINCE, UNTIL = date(2026, 2, 1), date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    monkeypatch.setattr(machine, "now", lambda: NOW)


def _random_desk(rng: random.Random, requester, technicians, count: int) -> None:
    for _n in range(count):
        filed = datetime(2026, 2, 1, tzinfo=PARIS) + timedelta(minutes=rng.randrange(0, 68_000))
        assignee = rng.choice([None, *technicians])
        fields: dict = {"assignee": assignee, "type_key": rng.choice(["test_plain", "question"])}
        if rng.random() < 0.7:
            fields["first_response_at"] = filed + timedelta(minutes=rng.randrange(1, 6000))
        if rng.random() < 0.5:
            fields.update(
                state="resolved",
                resolved_at=filed + timedelta(minutes=rng.randrange(30, 20_000)),
                sla_status=rng.choice(["met", "missed"]),
                reopened_count=rng.choice([0, 0, 1]),
            )
        for name in ("first_response_at", "resolved_at"):
            if fields.get(name) and fields[name] > NOW:
                fields.pop(name)
                fields.pop("reopened_count", None)
                fields["state"] = "in_progress" if name == "resolved_at" else "submitted"
        request = desk_request(requester, filed_at=filed, **fields)
        if assignee is not None and rng.random() < 0.5:
            TransitionLog.objects.create(
                request=request,
                name="take",
                from_state="submitted",
                to_state="in_progress",
                actor=assignee,
                actor_role="technician",
                at=filed + timedelta(minutes=5),
            )


def _snapshot(filters: DeskFilters):
    period = desk_period(filters, technicians=desk_technicians())
    return (
        period.per_day,
        period.filed,
        period.resolved,
        period.late,
        period.reopened,
        period.times_by_type,
        period.times_by_technician,
        period.workload,
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_roll_up_built_from_random_data_equals_the_live_computation(seed, alice, tess, theo):
    _random_desk(random.Random(seed), alice, [tess, theo], 60)
    views = [
        DeskFilters(SINCE, UNTIL),
        DeskFilters(SINCE, UNTIL, type_key="question"),
        DeskFilters(date(2026, 2, 10), date(2026, 3, 1), technician_id=tess.pk),
    ]
    live = [_snapshot(filters) for filters in views]  # nothing built yet: every day live

    figures_rebuild(since=SINCE, until=UNTIL - timedelta(days=1), now=NOW)

    assert DailyFigures.objects.exists()
    assert [_snapshot(filters) for filters in views] == live


def _stored() -> tuple[list, list]:
    figures = DailyFigures.objects.values_list(
        "day", "type_key", "technician_id", "filed", "resolved", "late", "reopened", "taken"
    )
    durations = DailyDuration.objects.values_list(
        "day", "type_key", "technician_id", "measure", "bucket", "count"
    )
    return sorted(figures, key=repr), sorted(durations, key=repr)


def test_a_rebuild_is_idempotent(alice, tess):
    _random_desk(random.Random(7), alice, [tess], 30)
    figures_rebuild(since=SINCE, until=date(2026, 3, 19), now=NOW)
    first = _stored()

    figures_rebuild(since=SINCE, until=date(2026, 3, 19), now=NOW)

    assert first[0]
    assert first[1]
    assert _stored() == first


def test_today_is_computed_live_even_once_the_past_is_built(alice):
    figures_rebuild(since=SINCE, until=date(2026, 3, 19), now=NOW)
    desk_request(alice, filed_at=NOW - timedelta(hours=1))

    period = desk_period(DeskFilters(date(2026, 3, 1), date(2026, 3, 20)), technicians=[])

    assert period.per_day[-1] == (date(2026, 3, 20), 1, 0)
    assert period.filed == 1


def test_a_built_day_is_read_from_the_roll_up_not_the_requests(alice):
    desk_request(alice, filed_at=datetime(2026, 3, 10, 10, tzinfo=PARIS))
    figures_rebuild(since=date(2026, 3, 10), until=date(2026, 3, 10), now=NOW)
    DailyFigures.objects.filter(day=date(2026, 3, 10)).update(filed=5)

    period = desk_period(DeskFilters(date(2026, 3, 10), date(2026, 3, 10)), technicians=[])

    assert period.filed == 5


def test_the_desk_costs_the_same_queries_for_30_and_365_days_and_10_or_200_requests(alice, tess):
    def queries(days: int) -> int:
        filters = DeskFilters(UNTIL - timedelta(days=days - 1), UNTIL)
        technicians = desk_technicians()
        with CaptureQueriesContext(connection) as captured:
            desk_period(filters, technicians=technicians)
        return len(captured)

    _random_desk(random.Random(3), alice, [tess], 10)
    figures_rebuild_due(now=NOW)
    small = (queries(30), queries(365))
    _random_desk(random.Random(4), alice, [tess], 190)
    FiguresDay.objects.update(stale=True)
    figures_rebuild_due(now=NOW)

    assert small[0] == small[1] == queries(30) == queries(365)


def test_the_beat_rebuilds_the_daily_figures_shortly_after_midnight():
    entry = settings.CELERY_BEAT_SCHEDULE["lifecycle-rebuild-daily-figures"]

    assert entry["task"] == "lifecycle.tasks.rebuild_daily_figures"
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    assert schedule.minute == {10}  # type: ignore[attr-defined]


def test_the_task_builds_missing_days_once_and_then_has_nothing_to_do(alice):
    desk_request(alice, filed_at=datetime(2026, 3, 15, 10, tzinfo=PARIS))

    assert rebuild_daily_figures() == 5  # 15 to 19 March; today stays live
    assert rebuild_daily_figures() == 0
    assert figures_days_due(now=NOW) == []
    assert DailyFigures.objects.get(day=date(2026, 3, 15)).filed == 1


def test_a_day_built_before_it_ended_or_marked_stale_is_due_again(alice):
    desk_request(alice, filed_at=datetime(2026, 3, 18, 10, tzinfo=PARIS))
    figures_rebuild(since=date(2026, 3, 18), until=date(2026, 3, 19), now=NOW)
    FiguresDay.objects.filter(day=date(2026, 3, 19)).update(built_at=NOW - timedelta(days=2))
    FiguresDay.objects.filter(day=date(2026, 3, 18)).update(stale=True)

    assert figures_days_due(now=NOW, since=date(2026, 3, 18)) == [
        date(2026, 3, 18),
        date(2026, 3, 19),
    ]


def test_today_built_in_part_adds_only_the_minutes_since_live(alice):
    desk_request(alice, filed_at=NOW - timedelta(hours=3))
    rebuild_today_figures()  # 15:00: today so far
    desk_request(alice, filed_at=NOW - timedelta(minutes=1))  # written just before 15:00...
    later = NOW + timedelta(minutes=2)
    desk_request(alice, filed_at=later - timedelta(minutes=1))  # ...and after the build

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(machine, "now", lambda: later)
        period = desk_period(DeskFilters(date(2026, 3, 20), date(2026, 3, 20)), technicians=[])

    # The roll-up holds what was there at 15:00 (one); live adds what was filed since (one);
    # the row written late with an earlier instant waits for the nightly rebuild.
    assert DailyFigures.objects.get(day=date(2026, 3, 20)).filed == 1
    assert period.filed == 2
    assert figures_days_due(now=datetime(2026, 3, 21, 1, tzinfo=PARIS)) == [date(2026, 3, 20)]


def test_the_beat_rebuilds_today_every_few_minutes():
    entry = settings.CELERY_BEAT_SCHEDULE["lifecycle-rebuild-today-figures"]

    assert entry["task"] == "lifecycle.tasks.rebuild_today_figures"
    schedule = entry["schedule"]
    assert isinstance(schedule, timedelta)
    assert schedule <= timedelta(minutes=5)
