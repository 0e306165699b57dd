"""Real Celery processes for tests: a worker (and optionally beat) against the test databases.

Registered for the whole suite by ``pytest_plugins = ["tests.support.worker"]`` in
``tests/conftest.py``. What it gives:

``celery_worker_factory``
    ``start(concurrency=1, handler_modules=(), env=None) -> CeleryProcess`` starts a REAL
    ``celery -A config worker`` (prefork pool) in a subprocess. Its ``DATABASE_URL`` points at
    pytest-django's test database and its broker is the test Redis (``CELERY_BROKER_URL``, emptied
    first: nothing queued or unacked is left from an earlier test), so a
    test using it must see committed data: the fixture requests ``transactional_db`` (use
    ``@pytest.mark.django_db(transaction=True)`` or just request the fixture). The worker is
    waited for (ping, bounded) and stopped at teardown (SIGTERM, then SIGKILL), its log is in
    ``CeleryProcess.log_path`` and shown when it fails to start. ``handler_modules`` are imported
    by the worker (``GUICHET_OUTBOX_HANDLER_MODULES``) for test-only outbox handlers; each app's
    ``effects`` module is imported anyway. Retries are fast in the worker (backoff 0.2 s–1 s).

``real_worker``
    The session's shared worker: started on first use, kept between the tests that ask for it
    (restarted if one killed it), broker emptied before each test — the cheap choice for tests
    that only need effects to run. It imports ``SHARED_WORKER_HANDLER_MODULES``. Tests that
    kill, signal or reconfigure a worker use ``celery_worker_factory`` (which stops the shared
    one first, so no other worker takes their messages).

``real_beat``
    A REAL ``celery -A config beat`` (the production schedule: outbox relay every 0.5 s, reconciler
    every 30 s). Use it to prove the schedule drives the relay; most tests pump instead.

``wait_until(condition, timeout=30, pump=None, message="")``
    Polls ``condition()`` until it returns something truthy (returned) or the bounded timeout
    fails the test. ``pump`` runs before each poll: pass ``pump_outbox`` to run the outbox relay
    (and the reconciler) from the test process instead of waiting for beat.

Typical use (a transition writes an outbox row; the effect really runs in the worker)::

    @pytest.mark.worker
    @pytest.mark.django_db(transaction=True)
    def test_it_resolves_after_the_core_confirms(real_worker, alice, tess):
        request = file_request(alice)
        request_approve(request=request, actor=tess)
        wait_until(lambda: Request.objects.get(pk=request.pk).state == "resolved",
                   pump=pump_outbox)
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import pytest

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[2]
CELERY = [sys.executable, "-m", "celery", "-A", "config"]


def wait_until(
    condition: Callable[[], T],
    *,
    timeout: float = 30.0,
    interval: float = 0.1,
    pump: Callable[[], object] | None = None,
    message: str = "",
) -> T:
    """Poll ``condition`` (after ``pump``) until truthy; fail the test after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        if pump is not None:
            pump()
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout:.0f} s waiting for {message or condition}")
        time.sleep(interval)


def pump_outbox(stuck_after: timedelta = timedelta(seconds=10)) -> None:
    """What beat does, from the test process: relay due effects, re-queue lost ones."""
    from outbox.relay import effects_dispatch_due, effects_requeue_stuck

    effects_requeue_stuck(stuck_after=stuck_after)
    effects_dispatch_due()


def worker_database_url() -> str:
    """The URL of pytest-django's test database (valid once the ``db`` fixtures set it up)."""
    from django.db import connection

    settings = connection.settings_dict
    user = quote(settings.get("USER") or "", safe="")
    password = quote(settings.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or "5432"
    return f"postgres://{credentials}{host}:{port}/{settings['NAME']}"


@dataclass
class CeleryProcess:
    """A celery subprocess in its own process group, with its log in a file."""

    process: subprocess.Popen[bytes]
    log_path: Path
    nodename: str = ""
    extra_env: dict[str, str] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self, last: int = 60) -> str:
        try:
            lines = self.log_path.read_text(errors="replace").splitlines()
        except FileNotFoundError:
            return ""
        return "\n".join(lines[-last:])

    def child_pids(self) -> list[int]:
        """The pool's child processes (those that run the tasks)."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except FileNotFoundError:
            return []

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Send ``sig`` to the whole process group (main process and pool children)."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
        if sig == signal.SIGKILL:
            self.process.wait(10)

    def stop(self, grace: float = 10.0) -> None:
        if not self.alive():
            return
        self.kill(signal.SIGTERM)
        try:
            self.process.wait(grace)
        except subprocess.TimeoutExpired:
            self.kill(signal.SIGKILL)


def _celery_env(extra: Mapping[str, str], handler_modules: Iterable[str]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": worker_database_url(),
            "DATABASE_CONN_MAX_AGE": "0",
            "GUICHET_OUTBOX_BACKOFF_BASE_SECONDS": "0.2",
            "GUICHET_OUTBOX_BACKOFF_MAX_SECONDS": "1",
            "GUICHET_OUTBOX_HANDLER_MODULES": ",".join(handler_modules),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def _spawn(args: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [*CELERY, *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def broker_connections_reset() -> None:
    """Forget this process's pooled broker connections (after the broker was restarted)."""
    from kombu import pools

    from config.celery import app

    pools.reset()
    # Celery keeps both pools in private attributes and makes new ones when they are None.
    app._pool = None  # type: ignore[attr-defined]
    app.amqp._producer_pool = None  # type: ignore[attr-defined]


def _wait_ready(worker: CeleryProcess, timeout: float = 60.0) -> None:
    from kombu.exceptions import OperationalError
    from redis.exceptions import RedisError

    from config.celery import app

    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if not worker.alive():
                break
            try:
                if app.control.ping(destination=[worker.nodename], timeout=0.5):
                    return
            except (ConnectionError, OSError, RedisError, OperationalError):
                # A pooled broker connection that died with an earlier test's Redis restart:
                # drop the pools and ask again.
                broker_connections_reset()
    except BaseException:
        worker.stop()  # never leave a worker behind to eat the next tests' tasks
        raise
    worker.stop()
    pytest.fail(f"The Celery worker did not start; its log ends with:\n{worker.log()}")


def _empty_broker(app: Any) -> None:
    """Start from an empty broker: no queued message, none left unacked by an earlier test."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("redis://"):
        import redis

        redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    else:
        app.control.purge()


def start_worker(
    log_path: Path,
    *,
    concurrency: int = 1,
    handler_modules: Iterable[str] = (),
    env: Mapping[str, str] | None = None,
) -> CeleryProcess:
    nodename = f"test-{uuid.uuid4().hex[:8]}@localhost"
    extra = dict(env or {})
    process = _spawn(
        [
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
            "-n",
            nodename,
        ],
        _celery_env(extra, handler_modules),
        log_path,
    )
    worker = CeleryProcess(process, log_path, nodename, extra)
    _wait_ready(worker)
    return worker


# Test-only handler modules the shared worker imports (add yours here).
SHARED_WORKER_HANDLER_MODULES = ("tests.outbox.worker_handlers",)


@dataclass
class _SharedWorker:
    home: Path
    worker: CeleryProcess | None = None

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.worker = None


@pytest.fixture(scope="session")
def _shared_worker(django_db_setup, tmp_path_factory) -> Iterator[_SharedWorker]:
    shared = _SharedWorker(tmp_path_factory.mktemp("shared-worker"))
    yield shared
    shared.stop()  # before pytest-django drops the test database


@pytest.fixture
def real_worker(transactional_db, _shared_worker) -> CeleryProcess:
    """The session's shared worker (started on first use, restarted if it died), broker emptied."""
    from config.celery import app

    _empty_broker(app)
    if _shared_worker.worker is None or not _shared_worker.worker.alive():
        _shared_worker.worker = start_worker(
            _shared_worker.home / "worker.log", handler_modules=SHARED_WORKER_HANDLER_MODULES
        )
    return _shared_worker.worker


@pytest.fixture
def celery_worker_factory(
    transactional_db, tmp_path, _shared_worker
) -> Iterator[Callable[..., CeleryProcess]]:
    """Workers of this test only (to kill, signal or configure); the shared one is stopped."""
    from config.celery import app

    _shared_worker.stop()
    _empty_broker(app)
    started: list[CeleryProcess] = []

    def start(
        *,
        concurrency: int = 1,
        handler_modules: Iterable[str] = (),
        env: Mapping[str, str] | None = None,
    ) -> CeleryProcess:
        worker = start_worker(
            tmp_path / f"worker-{len(started)}.log",
            concurrency=concurrency,
            handler_modules=handler_modules,
            env=env,
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def real_beat(transactional_db, tmp_path) -> Iterator[CeleryProcess]:
    log_path = tmp_path / "beat.log"
    process = _spawn(
        ["beat", "--loglevel=INFO", "-s", str(tmp_path / "celerybeat-schedule")],
        _celery_env({}, ()),
        log_path,
    )
    beat = CeleryProcess(process, log_path)
    yield beat
    beat.stop()
