"""Two beat processes (or more), one scheduling at a time: a lock in Redis, renewed by its holder.

``celery -A config beat --scheduler common.beat_lock:SingleBeatScheduler`` (set for every beat by
``GUICHET_BEAT_LOCK_URL``). Each beat asks for the lock at every tick; the one holding it renews
its TTL (``GUICHET_BEAT_LOCK_TTL`` seconds) and schedules, the others wait and ask again every
``GUICHET_BEAT_LOCK_POLL`` seconds. When the holder dies its lock expires and another takes over
within TTL + poll seconds.

No periodic task runs twice for one tick: before sending an entry the holder checks, in the same
Redis script, that it still holds the lock and records the entry's run time in a shared hash; a
beat that takes over loads those times first, so it resumes the schedule where the dead holder
left it instead of starting its own from the beginning.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
import uuid
from datetime import UTC, datetime
from typing import Any, cast

import redis
from celery.beat import PersistentScheduler, ScheduleEntry
from django.conf import settings

logger = logging.getLogger("guichet.beat")

LOCK_KEY = "guichet:beat:lock"
LAST_RUN_KEY = "guichet:beat:last-run"

# KEYS[1] lock, ARGV[1] me, ARGV[2] ttl (ms): take a free lock or renew ours; 1 if we hold it.
_ACQUIRE = """
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
elseif holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
"""
# KEYS[1] lock, KEYS[2] last runs, ARGV[1] me, ARGV[2] entry, ARGV[3] time: record if we hold it.
_CLAIM = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
  return 1
end
return 0
"""


class SingleBeatScheduler(PersistentScheduler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.lock_id = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.lock_ttl = float(settings.GUICHET_BEAT_LOCK_TTL)
        self.lock_poll = float(settings.GUICHET_BEAT_LOCK_POLL)
        self.redis = redis.Redis.from_url(
            settings.GUICHET_BEAT_LOCK_URL, socket_timeout=2, socket_connect_timeout=2
        )
        self.holding = False
        self._renewed_at = 0.0
        super().__init__(*args, **kwargs)

    # --- the lock ---------------------------------------------------------------------------
    def _hold(self) -> bool:
        try:
            held = bool(
                self.redis.eval(_ACQUIRE, 1, LOCK_KEY, self.lock_id, str(int(self.lock_ttl * 1000)))
            )
        except redis.RedisError:
            logger.warning("beat lock: Redis unreachable, not scheduling", exc_info=True)
            held = False
        if held and not self.holding:
            logger.info("beat lock taken", extra={"beat": self.lock_id})
            self._resume_shared_schedule()
        elif self.holding and not held:
            logger.warning("beat lock lost", extra={"beat": self.lock_id})
        self.holding = held
        self._renewed_at = time.monotonic()
        return held

    def _resume_shared_schedule(self) -> None:
        """Start from the run times the previous holder recorded, not from this beat's start."""
        try:
            recorded = cast(dict[bytes, bytes], self.redis.hgetall(LAST_RUN_KEY))
        except redis.RedisError:
            return
        for raw_name, raw_time in recorded.items():
            entry = self.schedule.get(raw_name.decode())
            if entry is not None:
                entry.last_run_at = datetime.fromtimestamp(float(raw_time), tz=UTC)
        self._heap = None  # rebuilt from the updated entries at the next tick

    def tick(self, *args: Any, **kwargs: Any) -> float:
        renew_every = self.lock_ttl / 3
        if not self.holding or time.monotonic() - self._renewed_at >= renew_every:
            self._hold()
        if not self.holding:
            return self.lock_poll
        return min(float(super().tick(*args, **kwargs)), renew_every)

    def apply_entry(self, entry: ScheduleEntry, producer: Any = None) -> None:
        try:
            claimed = bool(
                self.redis.eval(
                    _CLAIM,
                    2,
                    LOCK_KEY,
                    LAST_RUN_KEY,
                    self.lock_id,
                    str(entry.name),
                    str(time.time()),
                )
            )
        except redis.RedisError:
            claimed = False
        if not claimed:  # the lock expired under us (a pause longer than the TTL): another has it
            logger.warning("beat lock lost before sending", extra={"entry": entry.name})
            self.holding = False
            return
        super().apply_entry(entry, producer=producer)

    def close(self) -> None:
        """A beat stopped cleanly gives the lock away at once (a killed one lets it expire)."""
        super().close()
        if self.holding:
            with contextlib.suppress(redis.RedisError):
                self.redis.eval(
                    "if redis.call('GET', KEYS[1]) == ARGV[1] then "
                    "return redis.call('DEL', KEYS[1]) end return 0",
                    1,
                    LOCK_KEY,
                    self.lock_id,
                )
