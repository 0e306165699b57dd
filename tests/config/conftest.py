"""Helpers to start Python as a deployment would: a fresh process with only the given env."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "GUICHET_PROFILE": "production",
    "SECRET_KEY": "k3J9-vQ2p_Lx8zR4tW7yB1nM6cF0hG5dS2aE9uI3oP8lK7jH4gF1dS6aZ0xC5vB",
    "ALLOWED_HOSTS": "guichet.example.fr",
    "GUICHET_BASE_URL": "https://guichet.example.fr",
    "DATABASE_URL": "postgres://guichet:secret@db.internal:5432/guichet",
    "REDIS_URL": "redis://cache.internal:6379/1",
    "CELERY_BROKER_URL": "redis://cache.internal:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.internal:587",
    "GUICHET_CORE_URL": "https://core.internal",
    "GUICHET_CORE_TOKEN": "core-token",
    "GUICHET_CLAMD_ADDRESS": "tcp://clamav.internal:3310",
    "GUICHET_DOCUMENT_STORE": "s3",
    "GUICHET_S3_BUCKET": "guichet-documents",
    "GUICHET_S3_ENDPOINT_URL": "https://objects.internal",
}


def base_env(tmp_path: Path) -> dict[str, str]:
    """Nothing from the test process leaks in: not its DATABASE_URL, not its REDIS_URL."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GUICHET_VAR_DIR": str(tmp_path / "var"),
    }


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


SETTINGS_PROBE = """
import json
from django.conf import settings
email = settings.EMAIL_BACKEND
print(json.dumps({
    "profile": settings.PROFILE,
    "db_engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": str(settings.DATABASES["default"]["NAME"]),
    "db_host": settings.DATABASES["default"].get("HOST", ""),
    "broker": settings.CELERY_BROKER_URL,
    "broker_options": settings.CELERY_BROKER_TRANSPORT_OPTIONS,
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "email_backend": email,
    "email_host": getattr(settings, "EMAIL_HOST", ""),
    "email_port": getattr(settings, "EMAIL_PORT", None),
    "email_tls": getattr(settings, "EMAIL_USE_TLS", False),
    "email_file_path": getattr(settings, "EMAIL_FILE_PATH", ""),
    "core_adapter": settings.GUICHET_CORE_ADAPTER,
    "sandbox": settings.SANDBOX_CORE_ENABLED,
    "debug": settings.DEBUG,
    "secure_ssl_redirect": getattr(settings, "SECURE_SSL_REDIRECT", False),
}))
"""


@pytest.fixture
def settings_of(tmp_path):
    """The settings a fresh process computes from ``env`` (on top of a clean environment)."""

    def probe(env: dict[str, str]) -> dict:
        result = run(["-c", SETTINGS_PROBE], {**base_env(tmp_path), **env})
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return probe


@pytest.fixture
def start(tmp_path):
    """Import the settings as every entry point does; return the finished process."""

    def start_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return run(["-c", "import config.settings"], {**base_env(tmp_path), **env})

    return start_with
