"""A missing or malformed variable stops start-up with one line naming it (fresh processes)."""

from __future__ import annotations

import pytest

from config.env import EXIT_CONFIGURATION_ERROR
from tests.config.conftest import PRODUCTION_ENV, base_env, run

REQUIRED = [
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "GUICHET_BASE_URL",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "EMAIL_URL",
    "GUICHET_CORE_URL",
    "GUICHET_CORE_TOKEN",
]


def assert_stopped_naming(result, name: str, problem: str) -> None:
    assert result.returncode == EXIT_CONFIGURATION_ERROR
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Guichet configuration error: {name} ")
    assert problem in lines[0]


def test_the_complete_production_environment_starts(start):
    result = start(PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


@pytest.mark.parametrize("name", REQUIRED)
def test_a_missing_required_variable_stops_start_up_naming_it(start, name):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != name}

    assert_stopped_naming(start(env), name, "is required")


@pytest.mark.parametrize("name", REQUIRED)
def test_an_empty_required_variable_counts_as_missing(start, name):
    assert_stopped_naming(start({**PRODUCTION_ENV, name: "  "}), name, "is required")


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("GUICHET_PROFILE", "prod", "must be 'embedded' or 'production'"),
        ("SECRET_KEY", "too-short", "is too weak"),
        ("SECRET_KEY", "django-insecure-" + "abcdefghij" * 5, "is too weak"),
        ("DEBUG", "true", "must be false"),
        ("DEBUG", "maybe", "is malformed"),
        ("GUICHET_BASE_URL", "http://guichet.example.fr", "https://"),
        ("GUICHET_BASE_URL", "guichet.example.fr", "https://"),
        ("DATABASE_URL", "mysql://u:p@db/guichet", "postgres://"),
        ("DATABASE_URL", "sqlite:///var/guichet.sqlite3", "postgres://"),
        ("DATABASE_URL", "postgres://u:p@db:port/guichet", "postgres://"),
        ("DATABASE_URL", "postgres://u:p@db:5432/", "names no database"),
        ("REDIS_URL", "cache.internal:6379", "redis://"),
        ("CELERY_BROKER_URL", "filesystem://", "redis://"),
        ("EMAIL_URL", "consolemail://", "smtp://"),
        ("EMAIL_URL", "smtp://mailer@smtp.internal:notaport", "smtp://"),
        ("GUICHET_CORE_URL", "core.internal", "https://"),
        ("GUICHET_CORE_ADAPTER", "carrier-pigeon", "must be 'inprocess' or 'http'"),
        ("SECURE_HSTS_SECONDS", "one year", "expected an integer"),
        ("DATABASE_CONN_MAX_AGE", "forever", "expected an integer"),
        ("GUICHET_RETENTION_DOCUMENTS_MONTHS", "a year", "expected an integer"),
        ("GUICHET_RETENTION_DOCUMENTS_MONTHS", "0", "months between 1 and 1200"),
        ("GUICHET_RETENTION_PERSONAL_DATA_MONTHS", "-6", "months between 1 and 1200"),
        ("GUICHET_RETENTION_BATCH_SIZE", "0", "requests between 1 and 10000"),
        ("GUICHET_RETENTION_MAX_BATCHES", "many", "expected an integer"),
        ("GUICHET_RETENTION_DAYS", "365", "is no longer read"),
    ],
)
def test_a_malformed_variable_stops_start_up_naming_it(start, name, value, problem):
    assert_stopped_naming(start({**PRODUCTION_ENV, name: value}), name, problem)


def test_the_error_line_never_echoes_a_secret(start):
    secret = "postgres://guichet:VerySecret@db.internal:port/guichet"

    result = start({**PRODUCTION_ENV, "DATABASE_URL": secret})

    assert result.returncode == EXIT_CONFIGURATION_ERROR
    assert "VerySecret" not in result.stderr


def test_a_secret_starting_with_a_dollar_is_taken_as_is(settings_of):
    """django-environ would read "$X" as a reference to variable X; settings must not."""
    key = "$" + PRODUCTION_ENV["SECRET_KEY"]

    found = settings_of({**PRODUCTION_ENV, "SECRET_KEY": key, "DEBUG": "off"})

    assert found["debug"] is False


def test_manage_py_stops_with_the_same_single_line(tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DATABASE_URL"}

    result = run(["manage.py", "check"], {**base_env(tmp_path), **env})

    assert_stopped_naming(result, "DATABASE_URL", "is required")


def test_malformed_values_are_refused_in_the_embedded_profile_too(start):
    assert_stopped_naming(start({"DEBUG": "peut-être"}), "DEBUG", "is malformed")
    assert_stopped_naming(start({"EMAIL_URL": "pigeon://loft"}), "EMAIL_URL", "is malformed")
