"""The production profile served by gunicorn, as docs/operations.md says to run it."""

from __future__ import annotations

import os
import socket
import subprocess
import time

import httpx
import pytest

from config.env import EXIT_CONFIGURATION_ERROR
from tests.config.conftest import PRODUCTION_ENV, ROOT, base_env

GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    """Production settings on the test run's own PostgreSQL and Redis."""
    return {
        **base_env(tmp_path),
        **PRODUCTION_ENV,
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "REDIS_URL": os.environ["REDIS_URL"],
        "CELERY_BROKER_URL": os.environ["CELERY_BROKER_URL"],
        "WEB_CONCURRENCY": "2",
    }


def test_gunicorn_serves_the_production_profile_behind_a_tls_proxy(production_env):
    port = free_port()
    env = {**production_env, "GUICHET_BIND": f"127.0.0.1:{port}"}
    server = subprocess.Popen(
        [GUNICORN, "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        response = None
        for _ in range(150):
            try:
                response = httpx.get(
                    f"http://127.0.0.1:{port}/sante/",
                    headers={"Host": "guichet.example.fr", "X-Forwarded-Proto": "https"},
                    timeout=5,
                )
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert response is not None, "gunicorn did not answer"
        plain_http = httpx.get(
            f"http://127.0.0.1:{port}/sante/", headers={"Host": "guichet.example.fr"}, timeout=5
        )
        # A long link (6,000 characters, a pasted search say) reaches the desk, not gunicorn's
        # own English "Bad Request" (its default limit is 4,094).
        long_link = httpx.get(
            f"http://127.0.0.1:{port}/sante/?q={'entreprise ' * 550}",
            headers={"Host": "guichet.example.fr", "X-Forwarded-Proto": "https"},
            timeout=5,
        )
        wrong_host = httpx.get(
            f"http://127.0.0.1:{port}/sante/",
            headers={"Host": "evil.example", "X-Forwarded-Proto": "https"},
            timeout=5,
        )
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "ok"
    assert len(response.headers["X-Request-ID"]) == 32
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    assert plain_http.status_code == 301
    assert plain_http.headers["Location"] == "https://guichet.example.fr/sante/"
    assert wrong_host.status_code == 400
    assert long_link.status_code == 200
    assert long_link.json()["status"] == "ok"
    assert f'"request_id": "{response.headers["X-Request-ID"]}"' in stderr


def test_gunicorn_stops_at_once_with_one_line_when_a_variable_is_missing(production_env):
    env = {key: value for key, value in production_env.items() if key != "SECRET_KEY"}
    env["GUICHET_BIND"] = f"127.0.0.1:{free_port()}"

    result = subprocess.run(
        [GUNICORN, "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == EXIT_CONFIGURATION_ERROR
    assert result.stderr.splitlines() == [
        "Guichet configuration error: SECRET_KEY is required in the production profile and is "
        "not set"
    ]
