"""Which services the settings pick, from the environment alone (each case a fresh process)."""

from __future__ import annotations

from tests.config.conftest import PRODUCTION_ENV


def test_with_nothing_set_it_runs_embedded(settings_of, tmp_path):
    found = settings_of({})

    assert found["profile"] == "embedded"
    assert found["db_engine"] == "django.db.backends.sqlite3"
    assert found["db_name"] == str(tmp_path / "var" / "guichet.sqlite3")
    assert found["broker"] == "filesystem://"
    assert found["broker_options"]["data_folder_in"] == str(tmp_path / "var/broker/queue")
    assert found["broker_options"]["control_folder"] == str(tmp_path / "var/broker/control")
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["core_adapter"] == "inprocess"
    assert found["sandbox"] is True
    assert found["email_backend"] == "django.core.mail.backends.filebased.EmailBackend"
    assert found["email_file_path"] == str(tmp_path / "var" / "mail")
    assert found["debug"] is True


def test_service_urls_switch_to_postgresql_redis_and_smtp(settings_of):
    found = settings_of(
        {
            "DATABASE_URL": "postgres://guichet:pw@db.internal:5432/guichet",
            "CELERY_BROKER_URL": "redis://cache.internal:6379/0",
            "REDIS_URL": "redis://cache.internal:6379/1",
            "EMAIL_URL": "smtp+tls://mailer:pw@smtp.internal:587",
        }
    )

    assert found["profile"] == "embedded"
    assert found["db_engine"] == "django.db.backends.postgresql"
    assert (found["db_name"], found["db_host"]) == ("guichet", "db.internal")
    assert found["broker"] == "redis://cache.internal:6379/0"
    assert found["broker_options"]["visibility_timeout"] == 7200
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["cache_location"] == "redis://cache.internal:6379/1"
    assert found["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (found["email_host"], found["email_port"], found["email_tls"]) == (
        "smtp.internal",
        587,
        True,
    )


def test_the_production_profile_uses_the_named_services_and_the_http_core(settings_of):
    found = settings_of(PRODUCTION_ENV)

    assert found["profile"] == "production"
    assert found["db_engine"] == "django.db.backends.postgresql"
    assert found["broker"].startswith("redis://")
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert found["core_adapter"] == "http"
    assert found["sandbox"] is False
    assert found["debug"] is False
    assert found["secure_ssl_redirect"] is True


def test_rabbitmq_is_accepted_as_the_production_broker(settings_of):
    found = settings_of({**PRODUCTION_ENV, "CELERY_BROKER_URL": "amqps://u:p@mq.internal/guichet"})

    assert found["broker"] == "amqps://u:p@mq.internal/guichet"


def test_production_refuses_to_start_with_the_sandbox_unless_told_so(start):
    refused = start({**PRODUCTION_ENV, "SANDBOX_CORE_ENABLED": "true"})
    allowed = start(
        {
            **PRODUCTION_ENV,
            "SANDBOX_CORE_ENABLED": "true",
            "GUICHET_ALLOW_SANDBOX_IN_PRODUCTION": "true",
        }
    )

    assert refused.returncode != 0
    assert "SANDBOX_CORE_ENABLED" in refused.stderr
    assert "GUICHET_ALLOW_SANDBOX_IN_PRODUCTION" in refused.stderr
    assert allowed.returncode == 0, allowed.stderr
    assert start(PRODUCTION_ENV).returncode == 0


TOKEN_PROBE = "from django.conf import settings; print(repr(settings.SANDBOX_CORE_API_TOKEN))"


def test_the_sandbox_token_has_no_default_in_code(tmp_path):
    from tests.config.conftest import base_env, run

    result = run(["-c", TOKEN_PROBE], base_env(tmp_path))

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "''"


def test_the_sandbox_token_is_read_from_the_installations_file(tmp_path):
    from tests.config.conftest import base_env, run

    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "sandbox-core-token").write_text("generated-for-this-installation\n")

    result = run(["-c", TOKEN_PROBE], base_env(tmp_path))

    assert result.stdout.strip() == "'generated-for-this-installation'"
