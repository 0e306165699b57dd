"""``manage.py demo_data``: what a newcomer reads after ``make demo`` — the URL, the logins, then
the sandbox core's companies, so that he files a valid request without reading the database."""

from __future__ import annotations

import io
import socket
import time

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path, fast_password_hasher):
    settings.VAR_DIR = tmp_path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("demo_data", *args, stdout=out)
    return out.getvalue()


def test_it_prints_the_companies_after_the_logins():
    output = run()

    logins = output.index("Identifiants de démonstration :")
    companies = output.index("Entreprises du cœur bac à sable (aussi sur /sandbox/) :")
    assert output.index("Guichet est prêt") < logins < companies
    after = output[companies:]
    for line in (
        "  Boulangerie Durand — SIREN 732829320 (inscription multi-établissements)",
        "    SIRET 73282932000074",
        "    Administrateurs : DURAND Alice, LEFÈVRE Jean-François",
        "    Déclarants : MARTIN Chloé",
        "  La Poste — SIREN 356000000 (inscription multi-établissements)",
        "    SIRET 35600000000048 — Siège",
        "    SIRET 35600000009075 — Agence de Lyon",
        "    Administrateurs : MOUTIN Claire, PETIT Bob",
        "    Déclarants : N'DIAYE Awa",
    ):
        assert line + "\n" in after
    assert "admin@demo.guichet.fr" in output[logins:companies]


def test_without_the_banner_it_only_loads():
    output = run("--no-banner")

    assert "Cœur bac à sable" in output  # the loaders' own lines
    assert "Guichet est prêt" not in output
    assert "Identifiants" not in output


def test_waiting_for_a_site_that_never_answers_fails_with_a_reason(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.GUICHET_BASE_URL = f"http://127.0.0.1:{port}"
    started = time.monotonic()

    with pytest.raises(CommandError, match="Le site ne répond pas"):
        run("--wait-for-web", "1")

    assert time.monotonic() - started < 5


@pytest.mark.django_db(transaction=True)
def test_once_the_site_answers_it_prints_the_banner_and_not_the_loading_again(
    settings, live_server
):
    settings.GUICHET_BASE_URL = live_server.url
    run("--no-banner")

    output = run("--wait-for-web", "10")

    assert f"Guichet est prêt : {live_server.url}/" in output
    assert "Entreprises du cœur bac à sable" in output
    assert "Cœur bac à sable :" not in output


@pytest.mark.django_db(transaction=True)
def test_the_banner_waits_a_little_for_the_effects_the_demo_made(settings, live_server):
    from outbox.selectors import effects_in_flight

    settings.GUICHET_BASE_URL = live_server.url
    run("--no-banner")
    assert effects_in_flight().exists()  # no worker here: they stay pending
    started = time.monotonic()

    output = run("--wait-for-web", "8")

    assert 2 <= time.monotonic() - started < 6  # 8 // 4 seconds at most, then the banner anyway
    assert "Guichet est prêt" in output
