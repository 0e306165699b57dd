"""A real S3-protocol server on loopback for the tests: moto's standalone server (``moto_server``).

Registered for the whole suite by ``pytest_plugins`` in ``tests/conftest.py``. What it gives:

``object_store``
    The session's server, started on first use on a free loopback port (``ObjectStore``: its
    ``endpoint``, ``stop()`` kills it, ``start()`` brings it back on the same port, empty — moto
    keeps its buckets in memory).

``s3_documents``
    Points ``default_storage`` at a fresh bucket of that server for one test (the production
    backend, ``storages.backends.s3.S3Storage``, with the same options as ``config.settings``), and
    gives ``S3Documents``: its ``bucket`` name and ``keys()``, the objects stored. The server is
    started again if an earlier test stopped it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config

ACCESS_KEY = "testing-access-key"
SECRET_KEY = "testing-secret-key"  # moto accepts any credentials
REGION = "eu-west-3"
MOTO_SERVER = Path(sys.executable).with_name("moto_server")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ObjectStore:
    port: int = field(default_factory=free_port)
    log_path: Path = field(default_factory=lambda: Path(f"/tmp/moto-{os.getpid()}.log"))
    process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        if self.running():
            return
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"moto_server did not start: {self.log_path.read_text()[-2000:]}")

    def stop(self) -> None:
        """The store goes away at once (SIGKILL): connections are refused until ``start()``."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def client(self) -> Any:
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        )

    def create_bucket(self, name: str) -> None:
        self.client().create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )


@dataclass
class S3Documents:
    store: ObjectStore
    bucket: str

    def keys(self) -> list[str]:
        answer = self.store.client().list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in answer.get("Contents", []))


def s3_storage_settings(store: ObjectStore, bucket: str) -> dict[str, Any]:
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": store.endpoint,
            "region_name": REGION,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            "client_config": Config(
                connect_timeout=1,
                read_timeout=2,
                retries={"max_attempts": 1, "mode": "standard"},
                s3={"addressing_style": "path"},
                signature_version="s3v4",
            ),
        },
    }


@pytest.fixture(scope="session")
def object_store() -> Iterator[ObjectStore]:
    store = ObjectStore()
    store.start()
    yield store
    store.stop()


@pytest.fixture
def s3_documents(object_store: ObjectStore, settings: Any) -> S3Documents:
    object_store.start()  # an earlier test may have stopped it
    bucket = f"guichet-{uuid.uuid4().hex[:12]}"
    object_store.create_bucket(bucket)
    settings.GUICHET_DOCUMENT_STORE = "s3"
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage_settings(object_store, bucket)}
    return S3Documents(store=object_store, bucket=bucket)
