"""Two real beat processes with the Redis lock (common.beat_lock): one schedules, the other
waits; when the holder is killed (SIGKILL) the other takes over, and no periodic task is sent
twice for one of its ticks."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
import redis
from django.conf import settings

from common.beat_lock import LAST_RUN_KEY, LOCK_KEY
from tests.support.worker import CeleryProcess, _celery_env, _spawn, wait_until

TTL = 3.0
POLL = 0.5
SENT = "Scheduler: Sending due task "


def sends(beat: CeleryProcess) -> list[tuple[datetime, str]]:
    """(time, entry name) of every periodic task this beat sent, from its JSON log lines."""
    found = []
    for line in beat.log_path.read_text(errors="replace").splitlines():
        if SENT not in line or not line.startswith("{"):
            continue
        record = json.loads(line)
        name = record["message"].removeprefix(SENT).split(" ")[0]
        found.append((datetime.strptime(record["time"], "%Y-%m-%d %H:%M:%S,%f"), name))
    return found


def took_lock(beat: CeleryProcess) -> bool:
    return "beat lock taken" in beat.log_path.read_text(errors="replace")


def interval_of(name: str) -> float:
    schedule = settings.CELERY_BEAT_SCHEDULE[name]["schedule"]
    if isinstance(schedule, timedelta):
        return schedule.total_seconds()
    return float(schedule) if isinstance(schedule, int | float) else 0.0


@pytest.fixture
def start_beat(transactional_db, tmp_path):
    lock = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    lock.delete(LOCK_KEY, LAST_RUN_KEY)
    started: list[CeleryProcess] = []

    def start(label: str) -> CeleryProcess:
        env = _celery_env(
            {
                "GUICHET_BEAT_LOCK_URL": settings.CELERY_BROKER_URL,
                "GUICHET_BEAT_LOCK_TTL": str(TTL),
                "GUICHET_BEAT_LOCK_POLL": str(POLL),
            },
            (),
        )
        log_path: Path = tmp_path / f"beat-{label}.log"
        args = ["beat", "--loglevel=INFO", "-s", str(tmp_path / f"schedule-{label}")]
        beat = CeleryProcess(_spawn(args, env, log_path), log_path)
        started.append(beat)
        return beat

    yield start
    for beat in started:
        beat.stop()
    lock.delete(LOCK_KEY, LAST_RUN_KEY)


@pytest.mark.worker
def test_the_standby_beat_takes_over_when_the_holder_dies_and_sends_nothing_twice(start_beat):
    first = start_beat("a")
    wait_until(lambda: took_lock(first), timeout=30, message=first.log())
    second = start_beat("b")
    second_started = time.monotonic()
    # The holder dies right after a 30-second task (the reconciler): the standby's own clock
    # would send it again a few seconds later; it must resume the holder's schedule instead.
    wait_until(
        lambda: "outbox-reconcile" in {name for _, name in sends(first)},
        timeout=45,
        interval=0.05,
        message=first.log(),
    )
    first.kill()
    killed_at = time.monotonic()
    assert not took_lock(second)
    assert sends(second) == []  # the standby scheduled nothing
    wait_until(lambda: took_lock(second), timeout=60, message=second.log())
    takeover = time.monotonic() - killed_at
    wait_until(lambda: len(sends(second)) >= 3, timeout=30, message=second.log())
    time.sleep(max(0.0, second_started + interval_of("outbox-reconcile") + 3 - time.monotonic()))

    assert takeover < TTL + POLL + 5  # in production: 30 s + 5 s, well within a minute
    every = sorted(sends(first) + sends(second))
    for name in {name for _, name in every}:
        interval = interval_of(name)
        times = [at for at, sent in every if sent == name]
        gaps = [(later - earlier).total_seconds() for earlier, later in pairwise(times)]
        assert all(gap >= interval * 0.75 for gap in gaps), (name, interval, gaps)
    assert "outbox-relay" in {name for _, name in every}
