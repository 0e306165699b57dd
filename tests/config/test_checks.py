"""The project's own deploy checks (common/checks.py), each shown to fire."""

from __future__ import annotations

from django.core.checks import run_checks


def deploy_check_ids() -> set[str]:
    return {
        message.id
        for message in run_checks(include_deployment_checks=True)
        if message.id and message.id.startswith("guichet.")
    }


def production(settings) -> None:
    settings.PRODUCTION = True
    settings.GUICHET_BASE_URL = "https://guichet.example.fr"
    settings.SANDBOX_CORE_ENABLED = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.GUICHET_CLAMD_ADDRESS = "tcp://clamav.internal:3310"
    settings.GUICHET_DOCUMENT_STORE = "s3"


def test_a_production_configuration_raises_none_of_them(settings):
    production(settings)

    assert deploy_check_ids() == set()


def test_an_http_base_url_is_refused(settings):
    production(settings)
    settings.GUICHET_BASE_URL = "http://guichet.example.fr"

    assert "guichet.E001" in deploy_check_ids()


def test_private_storage_inside_the_static_files_is_refused(settings):
    production(settings)
    settings.PRIVATE_STORAGE_ROOT = settings.STATIC_ROOT / "private"

    assert "guichet.E003" in deploy_check_ids()


def test_celery_without_late_acknowledgement_is_refused(settings):
    production(settings)
    settings.CELERY_TASK_ACKS_LATE = False

    assert "guichet.E004" in deploy_check_ids()


def test_an_api_open_to_anyone_by_default_is_refused(settings):
    production(settings)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    }

    assert "guichet.E005" in deploy_check_ids()


def test_a_per_process_cache_is_refused_in_production(settings):
    production(settings)
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    assert "guichet.E006" in deploy_check_ids()


def test_e_mails_written_to_files_are_refused_in_production(settings):
    production(settings)
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"

    assert "guichet.E007" in deploy_check_ids()


def test_a_short_redis_visibility_timeout_is_refused(settings):
    production(settings)
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60}

    assert "guichet.E008" in deploy_check_ids()


def test_celery_tasks_without_time_limits_are_refused(settings):
    production(settings)
    settings.CELERY_TASK_TIME_LIMIT = None

    assert "guichet.E009" in deploy_check_ids()


def test_uploads_without_an_antivirus_are_refused_in_production(settings):
    production(settings)
    settings.GUICHET_CLAMD_ADDRESS = ""

    assert deploy_check_ids() == {"guichet.E010"}


def test_the_sandbox_without_a_generated_token_is_refused(settings):
    production(settings)
    settings.SANDBOX_CORE_ENABLED = True
    settings.GUICHET_ALLOW_SANDBOX_IN_PRODUCTION = True
    settings.SANDBOX_RESET_BASE_URL = "https://guichet.example.fr"

    for weak in ("", "sandbox-token", "a" * 40):
        settings.SANDBOX_CORE_API_TOKEN = weak
        assert "guichet.E011" in deploy_check_ids()
    settings.SANDBOX_CORE_API_TOKEN = "Zq8x-3vN_pL0kR7sT2wY9bM4cF6hJ1dG5aE"
    assert deploy_check_ids() == set()


def test_the_sandbox_in_production_needs_the_explicit_setting(settings):
    production(settings)
    settings.SANDBOX_CORE_ENABLED = True
    settings.SANDBOX_RESET_BASE_URL = "https://guichet.example.fr"
    settings.SANDBOX_CORE_API_TOKEN = "Zq8x-3vN_pL0kR7sT2wY9bM4cF6hJ1dG5aE"
    settings.GUICHET_ALLOW_SANDBOX_IN_PRODUCTION = False

    assert "guichet.E012" in deploy_check_ids()


def test_documents_on_the_local_disk_are_refused_in_production(settings):
    production(settings)
    settings.GUICHET_DOCUMENT_STORE = "filesystem"

    assert deploy_check_ids() == {"guichet.E013"}
