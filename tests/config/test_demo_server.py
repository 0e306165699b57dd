"""``make demo`` serves the desk as production does: gunicorn, DEBUG off, static files collected
and served by WhiteNoise — so a wrong URL never shows Django's debug page and its URL list."""

from __future__ import annotations

import subprocess
import time

import httpx
import pytest

from tests.config.conftest import ROOT, base_env, run
from tests.config.test_production_server import free_port


def demo_env(tmp_path) -> dict[str, str]:
    """The environment scripts/demo.sh gives its processes (it sources scripts/demo_env.sh)."""
    port = str(free_port())
    dumped = subprocess.run(
        ["bash", "-c", ". scripts/demo_env.sh && env -0"],
        cwd=ROOT,
        env={**base_env(tmp_path), "GUICHET_PORT": port},
        capture_output=True,
        check=True,
    ).stdout.decode()
    return dict(item.split("=", 1) for item in dumped.split("\0") if "=" in item)


def procfile_command(name: str) -> str:
    for line in (ROOT / "Procfile.demo").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError(f"no {name} process in Procfile.demo")


@pytest.fixture
def demo_web(tmp_path):
    env = demo_env(tmp_path)
    collected = run(["manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    assert collected.returncode == 0, collected.stderr
    server = subprocess.Popen(
        ["bash", "-c", f"exec {procfile_command('web')}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = env["GUICHET_BASE_URL"]
    try:
        for _ in range(150):
            try:
                httpx.get(f"{base}/static/css/guichet.css", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_demo_environment_turns_debug_off_and_quiets_celery(tmp_path):
    env = demo_env(tmp_path)

    assert env["DEBUG"] == "false"
    assert env["GUICHET_CELERY_LOG_LEVEL"] == "WARNING"
    assert env["GUICHET_BIND"] == f"127.0.0.1:{env['GUICHET_PORT']}"
    assert "GUICHET_PROFILE" not in env  # the embedded default


def test_the_demo_web_server_is_gunicorn_not_the_development_server():
    assert procfile_command("web").startswith(".venv/bin/gunicorn -c config/gunicorn.conf.py")


def test_a_wrong_url_gets_no_debug_page(demo_web):
    response = httpx.get(f"{demo_web}/cette-page-n-existe-pas/", timeout=10)

    assert response.status_code == 404
    assert "URLconf" not in response.text
    assert "DEBUG = True" not in response.text


def test_static_files_are_served_by_whitenoise(demo_web):
    response = httpx.get(f"{demo_web}/static/css/guichet.css", timeout=10)

    assert response.status_code == 200
    assert ".sandbox-company" in response.text
    assert response.headers["content-type"].startswith("text/css")


def test_the_server_less_broker_does_not_warn_at_every_connection(tmp_path):
    probe = (
        "from django.conf import settings; "
        "print(settings.LOGGING['loggers'].get('kombu.connection', {}).get('level'))"
    )

    embedded = run(
        ["-c", probe], {**demo_env(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"}
    )
    with_redis = run(
        ["-c", probe], {**base_env(tmp_path), "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}
    )

    assert embedded.stdout.strip() == "ERROR", embedded.stderr
    assert with_redis.stdout.strip() == "None", with_redis.stderr
