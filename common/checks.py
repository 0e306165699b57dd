"""The project's own deploy checks (run by ``manage.py check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_guichet_deploy(app_configs: Any, **kwargs: Any) -> list[Error]:
    errors: list[Error] = []
    if not settings.GUICHET_BASE_URL.startswith("https://"):
        errors.append(Error("GUICHET_BASE_URL must be https in production.", id="guichet.E001"))
    if (
        settings.SANDBOX_RESET_BASE_URL
        and settings.SANDBOX_CORE_ENABLED
        and not (settings.SANDBOX_RESET_BASE_URL.startswith("https://"))
    ):
        errors.append(Error("SANDBOX_RESET_BASE_URL must be https.", id="guichet.E002"))
    private = settings.PRIVATE_STORAGE_ROOT.resolve()
    for public in (settings.STATIC_ROOT, *settings.STATICFILES_DIRS):
        public_path = public.resolve() if hasattr(public, "resolve") else public
        if private == public_path or public_path in private.parents:
            errors.append(
                Error("PRIVATE_STORAGE_ROOT must be outside static files.", id="guichet.E003")
            )
    celery_flags = {
        "CELERY_TASK_ACKS_LATE": True,
        "CELERY_TASK_REJECT_ON_WORKER_LOST": True,
        "CELERY_WORKER_PREFETCH_MULTIPLIER": 1,
    }
    for name, expected in celery_flags.items():
        if getattr(settings, name, None) != expected:
            errors.append(Error(f"{name} must be {expected!r}.", id="guichet.E004"))
    errors += _sandbox_core_errors()
    rest_framework: dict[str, Any] = settings.REST_FRAMEWORK
    permissions: list[str] = list(rest_framework.get("DEFAULT_PERMISSION_CLASSES", []))
    if not permissions or "rest_framework.permissions.AllowAny" in permissions:
        errors.append(Error("DRF default permission must not be AllowAny.", id="guichet.E005"))
    return errors


def _sandbox_core_errors() -> list[Error]:
    """The sandbox core: a generated API token, and in production only when allowed."""
    if not settings.SANDBOX_CORE_ENABLED:
        return []
    errors: list[Error] = []
    token = settings.SANDBOX_CORE_API_TOKEN
    if len(token) < 32 or len(set(token)) < 10:
        errors.append(
            Error(
                "SANDBOX_CORE_API_TOKEN must be a generated secret (32 characters or more; "
                "scripts/demo.sh writes one to var/sandbox-core-token).",
                id="guichet.E011",
            )
        )
    if getattr(settings, "PRODUCTION", False) and not getattr(
        settings, "GUICHET_ALLOW_SANDBOX_IN_PRODUCTION", False
    ):
        errors.append(
            Error(
                "The sandbox core is enabled in production: disable SANDBOX_CORE_ENABLED or set "
                "GUICHET_ALLOW_SANDBOX_IN_PRODUCTION=true on purpose.",
                id="guichet.E012",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def check_guichet_services(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Production runs on several processes and machines: shared services, reliable Celery."""
    errors: list[Error] = []
    if not getattr(settings, "PRODUCTION", False):
        return errors
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        errors.append(Error("The cache must be shared (Redis) in production.", id="guichet.E006"))
    if not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend"):
        errors.append(Error("E-mails must go to an SMTP server in production.", id="guichet.E007"))
    options: dict[str, Any] = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})
    if settings.CELERY_BROKER_URL.startswith(("redis", "rediss")):
        visibility = options.get("visibility_timeout", 0)
        if visibility < 3600:
            errors.append(
                Error(
                    "CELERY_BROKER_TRANSPORT_OPTIONS visibility_timeout must be at least one "
                    "hour, longer than any retry delay.",
                    id="guichet.E008",
                )
            )
    if not getattr(settings, "GUICHET_CLAMD_ADDRESS", ""):
        errors.append(
            Error(
                "GUICHET_CLAMD_ADDRESS must name clamd in production: uploads are scanned and "
                "refused when the scan cannot say they are clean (U8).",
                id="guichet.E010",
            )
        )
    if getattr(settings, "GUICHET_DOCUMENT_STORE", "filesystem") != "s3":
        errors.append(
            Error(
                "GUICHET_DOCUMENT_STORE must be s3 in production: documents on one web machine's "
                "disk are not seen by the others (docs/operations.md).",
                id="guichet.E013",
            )
        )
    if not (
        getattr(settings, "CELERY_TASK_TIME_LIMIT", None)
        and getattr(settings, "CELERY_TASK_SOFT_TIME_LIMIT", None)
    ):
        errors.append(Error("Celery tasks need hard and soft time limits.", id="guichet.E009"))
    return errors
