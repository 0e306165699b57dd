"""The production-shaped stack of `python -m bench faults`, on its own loopback ports.

As `scripts/prodlike.sh` / `Procfile.prodlike`, minus TLS and honcho: a PostgreSQL and a Redis of
its own (`scripts/services.sh` with separate ports and directory, so they can be stopped), moto's
S3 server, the sandbox core as its own gunicorn, the desk's gunicorn (several workers), two real
Celery workers and two beats with the Redis lock, and a counting SMTP sink. The core and the
store are reached through :class:`bench.faults.proxy.FaultProxy`, which can slow them down or
refuse connections. Every process is in its own group, its log under ``home``; ``stop()`` ends
them all. Every wait is bounded.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.faults.proxy import FaultProxy
from bench.faults.stack_ports import free_port

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
SERVICES = ROOT / "scripts" / "services.sh"
BUCKET = "guichet-documents"


def wait_for(condition, *, timeout: float, interval: float = 0.2, what: str = "") -> float:
    """Poll until truthy; the seconds it took. RuntimeError past ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        with contextlib.suppress(Exception):
            if condition():
                return time.monotonic() - start
        time.sleep(interval)
    raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what or condition}")


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path

    def alive(self) -> bool:
        return self.popen.poll() is None

    def signal_group(self, sig: int) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)

    def stop(self, grace: float = 10.0) -> None:
        self.signal_group(signal.SIGTERM)
        try:
            self.popen.wait(grace)
        except subprocess.TimeoutExpired:
            self.signal_group(signal.SIGKILL)
            self.popen.wait(10)

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.popen.pid}/task/{self.popen.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            return []

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""


@dataclass
class Stack:
    home: Path
    web_workers: int = 3
    pg_port: int = field(default_factory=free_port)
    redis_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    core_port: int = field(default_factory=free_port)
    s3_port: int = field(default_factory=free_port)
    smtp_port: int = field(default_factory=free_port)
    processes: dict[str, Process] = field(default_factory=dict)
    core_proxy: FaultProxy | None = None
    store_proxy: FaultProxy | None = None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def mail_log(self) -> Path:
        return self.home / "mail.log"

    def services(self, command: str) -> None:
        subprocess.run(
            ["bash", str(SERVICES), command],
            check=True,
            capture_output=True,
            env={**os.environ, **self._services_env()},
            timeout=120,
        )

    def _services_env(self) -> dict[str, str]:
        return {
            "GUICHET_PG_PORT": str(self.pg_port),
            "GUICHET_REDIS_PORT": str(self.redis_port),
            "GUICHET_SERVICES_DIR": str(self.home / "services"),
        }

    def environment(self) -> dict[str, str]:
        token = secrets.token_urlsafe(32)
        redis = f"redis://127.0.0.1:{self.redis_port}"
        assert self.core_proxy is not None
        assert self.store_proxy is not None
        return {
            "GUICHET_VAR_DIR": str(self.home / "var"),
            "GUICHET_PROFILE": "production",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "GUICHET_BASE_URL": f"https://127.0.0.1:{self.web_port}",  # links in e-mails only
            "SECURE_SSL_REDIRECT": "false",
            "GUICHET_TLS_CERT": "",
            "GUICHET_TLS_KEY": "",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/guichet",
            "REDIS_URL": f"{redis}/1",
            "CELERY_BROKER_URL": f"{redis}/0",
            "GUICHET_BEAT_LOCK_URL": f"{redis}/2",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}",
            "SANDBOX_CORE_ENABLED": "false",
            "GUICHET_CORE_ADAPTER": "http",
            "GUICHET_CORE_URL": f"http://127.0.0.1:{self.core_proxy.port}/sandbox/api/v1",
            "GUICHET_CORE_TOKEN": token,
            "SANDBOX_CORE_API_TOKEN": token,
            "SANDBOX_RESET_BASE_URL": f"http://127.0.0.1:{self.core_port}",
            "GUICHET_DOCUMENT_STORE": "s3",
            "GUICHET_S3_BUCKET": BUCKET,
            "GUICHET_S3_ENDPOINT_URL": f"http://127.0.0.1:{self.store_proxy.port}",
            "AWS_ACCESS_KEY_ID": "bench",
            "AWS_SECRET_ACCESS_KEY": secrets.token_urlsafe(24),
            "GUICHET_METRICS_TOKEN": secrets.token_urlsafe(24),
            "PROMETHEUS_MULTIPROC_DIR": str(self.home / "metrics"),
            "GUICHET_CELERY_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            # One bench user files hundreds of requests: the filing throttle is not under test.
            "GUICHET_API_RATE_FILING": "100000/hour",
            "GUICHET_API_RATE_FILING_CLIENT": "100000/hour",
            # Fast outbox retries and a short beat lock, so that recoveries fit the bench.
            "GUICHET_OUTBOX_BACKOFF_BASE_SECONDS": "2",
            # 10 attempts then span about 5 minutes: more than the core slow then down (~100 s).
            "GUICHET_OUTBOX_BACKOFF_MAX_SECONDS": "60",
            "GUICHET_BEAT_LOCK_TTL": "10",
            "GUICHET_BEAT_LOCK_POLL": "1",
            "DATABASE_CONN_MAX_AGE": "0",
            "GUICHET_OUTBOX_STUCK_AFTER_SECONDS": "15",
            **self._services_env(),
        }

    def spawn(self, name: str, args: list[str], extra: dict[str, str] | None = None) -> Process:
        log_path = self.home / f"{name}.log"
        with log_path.open("ab") as log:
            popen = subprocess.Popen(
                args,
                cwd=ROOT,
                env={**os.environ, **self.env, **(extra or {})},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process = Process(name, popen, log_path)
        self.processes[name] = process
        return process

    def manage(self, *args: str, extra: dict[str, str] | None = None) -> None:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**os.environ, **self.env, **(extra or {})},
            capture_output=True,
            timeout=600,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)}: {done.stderr.decode()[-1500:]}")

    def start(self) -> None:
        (self.home / "metrics" / "core").mkdir(parents=True, exist_ok=True)
        (self.home / "var").mkdir(exist_ok=True)
        self.services("start")
        self.core_proxy = FaultProxy(self.core_port)
        self.store_proxy = FaultProxy(self.s3_port)
        self.core_proxy.start()
        self.store_proxy.start()
        self.env = self.environment()
        self.spawn(
            "store", [str(VENV_BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)]
        )
        self.spawn(
            "mail",
            [
                sys.executable,
                "-m",
                "bench.faults.mailsink",
                str(self.smtp_port),
                str(self.mail_log),
            ],
        )
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("collectstatic", "--noinput", "-v", "0")
        self.start_core()
        self.start_web()
        for name in ("worker1", "worker2"):
            self.start_worker(name)
        for name in ("beat1", "beat2"):
            self.start_beat(name)
        wait_for(self._bucket_ready, timeout=60, what="the S3 bucket")
        sandbox = {"SANDBOX_CORE_ENABLED": "true", "GUICHET_ALLOW_SANDBOX_IN_PRODUCTION": "true"}
        self.manage("demo_data", "--no-banner", extra=sandbox)
        wait_for(self._web_ready, timeout=120, what="the desk's gunicorn")

    def _bucket_ready(self) -> bool:
        import boto3

        s3 = boto3.client(
            "s3",
            endpoint_url=f"http://127.0.0.1:{self.s3_port}",
            region_name="eu-west-3",
            aws_access_key_id="bench",
            aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"],
        )
        if BUCKET not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
            s3.create_bucket(
                Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
            )
        return True

    def _web_ready(self) -> bool:
        import httpx

        return httpx.get(f"{self.base_url}/sante/", timeout=5).status_code in {200, 503}

    def start_core(self) -> Process:
        return self.spawn(
            "core",
            [str(VENV_BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
            {
                "GUICHET_ROOT_URLCONF": "config.urls_sandbox",
                "SANDBOX_CORE_ENABLED": "true",
                "GUICHET_ALLOW_SANDBOX_IN_PRODUCTION": "true",
                "GUICHET_BIND": f"127.0.0.1:{self.core_port}",
                "WEB_CONCURRENCY": "2",
                "PROMETHEUS_MULTIPROC_DIR": str(self.home / "metrics" / "core"),
            },
        )

    def start_web(self) -> Process:
        return self.spawn(
            "web",
            [str(VENV_BIN / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
            {
                "GUICHET_BIND": f"127.0.0.1:{self.web_port}",
                "WEB_CONCURRENCY": str(self.web_workers),
            },
        )

    def start_worker(self, name: str) -> Process:
        return self.spawn(
            name,
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-n",
                f"{name}@bench",
                "--loglevel=WARNING",
                "--concurrency=2",
                "--without-gossip",
                "--without-mingle",
            ],
        )

    def start_beat(self, name: str) -> Process:
        return self.spawn(
            name,
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel=INFO",
                "-s",
                str(self.home / f"{name}-schedule"),
            ],
            {"GUICHET_CELERY_LOG_LEVEL": "INFO"},  # its "Sending due task" lines are counted
        )

    def stop(self) -> None:
        for process in reversed(list(self.processes.values())):
            process.stop()
        for proxy in (self.core_proxy, self.store_proxy):
            if proxy is not None:
                proxy.stop()
        with contextlib.suppress(Exception):
            self.services("stop")
