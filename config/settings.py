"""Django settings for Guichet, read from the environment.

Profiles (``GUICHET_PROFILE``):
- ``embedded`` (default): runs on a fresh machine with nothing else installed.
- ``production``: every external service is named by an environment variable; passes
  ``manage.py check --deploy``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from botocore.config import Config as BotoConfig
from django.utils.translation import gettext_lazy as _

# Fixed settings kept in their own modules, re-exported here for Django.
from config.api_settings import REST_FRAMEWORK as REST_FRAMEWORK
from config.api_settings import SPECTACULAR_SETTINGS as SPECTACULAR_SETTINGS
from config.beat import beat_schedule
from config.env import env, fail, generated_secret, int_between, required, secret_key, url
from config.log_config import logging_config
from config.security_headers import CONTENT_SECURITY_POLICY as CONTENT_SECURITY_POLICY

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("GUICHET_VAR_DIR", default=str(BASE_DIR / "var")))

PROFILE = env.str("GUICHET_PROFILE", default="embedded")
if PROFILE not in {"embedded", "production"}:
    fail("GUICHET_PROFILE", f"must be 'embedded' or 'production', not {PROFILE!r}")
PRODUCTION = PROFILE == "production"


def _setting(name: str, embedded_default: str) -> str:
    """A value that production must set explicitly and the embedded profile may default."""
    if PRODUCTION:
        return required(name)
    return env.str(name, default=embedded_default)


# --- Core -------------------------------------------------------------------------------------
def _installation_secret(name: str) -> str:
    """The embedded profile's secret: generated once per installation into var/ (owner only);
    production must set it (``_setting`` refuses to start without it). None is in the code."""
    if PRODUCTION or env.str(name, default=""):
        return _setting(name, "")
    return generated_secret(name, VAR_DIR / name.lower().replace("_", "-"))


SECRET_KEY = _installation_secret("SECRET_KEY")
if PRODUCTION:
    secret_key("SECRET_KEY", SECRET_KEY)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    fail("DEBUG", "must be false in the production profile")
ALLOWED_HOSTS = [
    host.strip()
    for host in env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
    if host.strip()
]
if PRODUCTION and not ALLOWED_HOSTS:
    fail("ALLOWED_HOSTS", "is required in the production profile and is not set")
# Absolute base URL of the desk, used in e-mails; never taken from the Host header.
GUICHET_BASE_URL = _setting("GUICHET_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION:
    url("GUICHET_BASE_URL", GUICHET_BASE_URL, schemes={"https"})
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[GUICHET_BASE_URL])

INSTALLED_APPS = [
    "config.admin.AdminConfig",  # django.contrib.admin with the throttled sign-in
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc served by the desk itself, no CDN
    "django_fsm",
    "common",
    "sandbox_core",
    "sla",
    "users",
    "outbox",
    "documents",
    "kb",
    "lifecycle",
    "helpdesk",
]

MIDDLEWARE = [
    "common.request_id.RequestIdMiddleware",
    # Request latency per view for the operators' /metrics (common.metrics).
    "common.metrics.RequestLatencyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Upload size and count limits (413): installed first, checked before the CSRF check reads.
    "documents.upload_limits.UploadLimitsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "common.cache_control.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# config.urls_sandbox: a process serving only the sandbox core (scripts/prodlike.sh).
ROOT_URLCONF = env.str("GUICHET_ROOT_URLCONF", default="config.urls")
if ROOT_URLCONF not in {"config.urls", "config.urls_sandbox"}:
    fail(
        "GUICHET_ROOT_URLCONF", f"must be config.urls or config.urls_sandbox, not {ROOT_URLCONF!r}"
    )
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "users.context_processors.user_roles",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql", "psql"}
if PRODUCTION:
    _database_url = url("DATABASE_URL", required("DATABASE_URL"), schemes=POSTGRES_SCHEMES)
    DATABASES = {"default": env.db_url_config(_database_url)}
    if not DATABASES["default"].get("NAME"):
        fail("DATABASE_URL", "is malformed: it names no database")
else:
    DATABASES = {
        "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'guichet.sqlite3'}")
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (web, worker, beat) share the file: wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
    # PostgreSQL features SQLite lacks, said at every start of the demo: covering indexes
    # (INCLUDE, a speed-up only) and the roll-up's NULLS NOT DISTINCT grain (its rebuild deletes
    # and inserts whole days in one IMMEDIATE transaction, and SQLite runs one writer at a time).
    SILENCED_SYSTEM_CHECKS = ["models.W040", "models.W047"]
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------------
REDIS_URL = _setting("REDIS_URL", "")
if PRODUCTION:
    url("REDIS_URL", REDIS_URL, schemes={"redis", "rediss", "unix"})
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that hangs must not hang the page: fail fast, answered as a 503.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "users.User"
LOGIN_URL = "users:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # Django's own "mot de passe oublié" flow for desk users
# At most one "mot de passe oublié" e-mail per account in this many seconds (users.services).
PASSWORD_RESET_COOLDOWN = env.int("PASSWORD_RESET_COOLDOWN", default=5 * 60)
# Requesters confirm their address before filing a first request (users.services).
EMAIL_VERIFICATION_MAX_AGE = env.int("EMAIL_VERIFICATION_MAX_AGE", default=60 * 60 * 24 * 3)
EMAIL_VERIFICATION_RESEND_COOLDOWN = 60
SESSION_COOKIE_AGE = 60 * 60 * 8
# Sign-in throttle (users.throttle): failures per typed address / per client address in a window.
GUICHET_LOGIN_MAX_FAILURES_PER_ACCOUNT = env.int(
    "GUICHET_LOGIN_MAX_FAILURES_PER_ACCOUNT", default=5
)
GUICHET_LOGIN_MAX_FAILURES_PER_IP = env.int("GUICHET_LOGIN_MAX_FAILURES_PER_IP", default=50)
GUICHET_LOGIN_WINDOW_SECONDS = env.int("GUICHET_LOGIN_WINDOW_SECONDS", default=15 * 60)

# --- Outages: 503 + Retry-After instead of a 500 (common.unavailable, SECURITY I6) ---
GUICHET_RETRY_AFTER_SECONDS = env.int("GUICHET_RETRY_AFTER_SECONDS", default=30)

# --- Metrics: GET /metrics for Prometheus, only with this bearer token (no default in code) ---
GUICHET_METRICS_TOKEN = env.str("GUICHET_METRICS_TOKEN", default="")

# --- I18n -------------------------------------------------------------------------------------
LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static files and private storage ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
NODE_MODULES_DIR = BASE_DIR / "node_modules"
# Attachments live outside the web root and are only ever served by a view that checks access.
PRIVATE_STORAGE_ROOT = Path(env.str("PRIVATE_STORAGE_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(PRIVATE_STORAGE_ROOT),
            "base_url": None,
            "file_permissions_mode": 0o640,
            "directory_permissions_mode": 0o750,
        },
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Production keeps documents in S3-compatible object storage (GUICHET_DOCUMENT_STORE=s3): private
# bucket, no ACL, never a bucket URL given out (documents.storage streams them through the desk's
# view). Credentials come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables.
GUICHET_DOCUMENT_STORE = env.str("GUICHET_DOCUMENT_STORE", default="filesystem")
if GUICHET_DOCUMENT_STORE not in {"filesystem", "s3"}:
    fail("GUICHET_DOCUMENT_STORE", f"must be 'filesystem' or 's3', not {GUICHET_DOCUMENT_STORE!r}")
if GUICHET_DOCUMENT_STORE == "s3":
    if not env.str("GUICHET_S3_BUCKET", default=""):
        fail("GUICHET_S3_BUCKET", "is required when GUICHET_DOCUMENT_STORE=s3")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("GUICHET_S3_BUCKET"),
            "endpoint_url": env.str("GUICHET_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("GUICHET_S3_REGION", default="eu-west-3"),
            "location": env.str("GUICHET_S3_PREFIX", default=""),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
            # A store that hangs must not hang the page: fail fast, answered as a 503.
            "client_config": BotoConfig(
                connect_timeout=env.float("GUICHET_S3_CONNECT_TIMEOUT", default=2.0),
                read_timeout=env.float("GUICHET_S3_READ_TIMEOUT", default=10.0),
                retries={"max_attempts": 2, "mode": "standard"},
                s3={"addressing_style": "path"},
                signature_version="s3v4",
            ),
        },
    }
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Request types whose « Exécuter sur le compte » waits for a second person's approval
# (four eyes; lifecycle.services.four_eyes). Off by default; the demo lists liquidator_access.
GUICHET_FOUR_EYES_TYPES = env.list("GUICHET_FOUR_EYES_TYPES", default=[])
GUICHET_UPLOAD_MAX_BYTES = env.int("GUICHET_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
GUICHET_UPLOAD_MAX_FILES = env.int("GUICHET_UPLOAD_MAX_FILES", default=DATA_UPLOAD_MAX_NUMBER_FILES)
# U7: total size of the documents one user keeps stored (0: no quota).
GUICHET_UPLOAD_QUOTA_BYTES = env.int("GUICHET_UPLOAD_QUOTA_BYTES", default=200 * 1024 * 1024)
GUICHET_UPLOAD_MAX_PDF_PAGES = env.int("GUICHET_UPLOAD_MAX_PDF_PAGES", default=500)
# clamd's address (unix:///run/clamav/clamd.ctl or tcp://host:3310); empty: no antivirus scan.
GUICHET_CLAMD_ADDRESS = env.str("GUICHET_CLAMD_ADDRESS", default="")
GUICHET_CLAMD_TIMEOUT = env.float("GUICHET_CLAMD_TIMEOUT", default=10.0)

# --- Front-end packages ---------------------------------------------------------------------
# Installed from package-lock.json by scripts/bootstrap.sh (npm ci); never committed, never a CDN.
_HTMX_DIR = ("vendor/htmx", NODE_MODULES_DIR / "htmx.org" / "dist")  # (prefix, directory)
STATICFILES_DIRS += [_HTMX_DIR]  # type: ignore[list-item]
# axe-core is read straight from node_modules by the browser tests (tests/support/axe.py).
AXE_CORE_PATH = NODE_MODULES_DIR / "axe-core" / "axe.min.js"

# --- E-mail -----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Guichet <ne-pas-repondre@guichet.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMTP_SCHEMES = {"smtp", "smtps", "smtp+tls", "smtp+ssl"}
_email_url = required("EMAIL_URL") if PRODUCTION else env.str("EMAIL_URL", default="")
if _email_url:
    if PRODUCTION:
        url("EMAIL_URL", _email_url, schemes=SMTP_SCHEMES)
    else:
        url("EMAIL_URL", _email_url, schemes=env.EMAIL_SCHEMES, require_host=False)
    vars().update(env.email_url_config(_email_url))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")

# A mail server that accepts and never answers must not hold a worker until its time limit.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = _setting("CELERY_BROKER_URL", "filesystem://")
if PRODUCTION:
    url("CELERY_BROKER_URL", CELERY_BROKER_URL, schemes={"redis", "rediss", "amqp", "amqps"})
_BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "data_folder_in": str(_BROKER_DIR / "queue"),
        "data_folder_out": str(_BROKER_DIR / "queue"),
        "processed_folder": str(_BROKER_DIR / "processed"),
        # Exchange tables (kombu writes them to ./control by default: keep them in var/).
        "control_folder": str(_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Longer than any retry delay, so a late-acked task is not redelivered while it waits.
        "visibility_timeout": 60 * 60 * 2,
        "socket_timeout": 5,
        "socket_connect_timeout": 5,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Several beats, one scheduling (common.beat_lock): set to a Redis URL to run a standby beat.
GUICHET_BEAT_LOCK_URL = env.str("GUICHET_BEAT_LOCK_URL", default="")
GUICHET_BEAT_LOCK_TTL = env.float("GUICHET_BEAT_LOCK_TTL", default=30.0)
GUICHET_BEAT_LOCK_POLL = env.float("GUICHET_BEAT_LOCK_POLL", default=5.0)
if GUICHET_BEAT_LOCK_URL:
    CELERY_BEAT_SCHEDULER = "common.beat_lock:SingleBeatScheduler"

# --- Outbox -----------------------------------------------------------------------------------
# Side effects wait in the database (outbox/) and are published by a beat-driven relay; see
# docs/outbox.md. Retries are scheduled in the database (next_attempt_at), never as broker ETAs,
# so the Redis visibility timeout above only has to outlast the task time limit.
# How often the relay publishes the pending effects: the longest wait of an effect (an approval's
# reset link) before a worker takes it. Half a second keeps approval → e-mail under a second
# (docs/benchmarks.md); an idle relay costs one SELECT and one small task per period.
GUICHET_OUTBOX_RELAY_SECONDS = env.float("GUICHET_OUTBOX_RELAY_SECONDS", default=0.5)
# Every periodic task, in one place (config/beat.py).
CELERY_BEAT_SCHEDULE = beat_schedule(relay_seconds=GUICHET_OUTBOX_RELAY_SECONDS)
GUICHET_OUTBOX_MAX_ATTEMPTS = env.int("GUICHET_OUTBOX_MAX_ATTEMPTS", default=10)
GUICHET_OUTBOX_BACKOFF_BASE_SECONDS = env.float("GUICHET_OUTBOX_BACKOFF_BASE_SECONDS", default=5.0)
GUICHET_OUTBOX_BACKOFF_MAX_SECONDS = env.float("GUICHET_OUTBOX_BACKOFF_MAX_SECONDS", default=900.0)
# A dispatched row nobody holds locked for this long lost its message and is re-queued.
GUICHET_OUTBOX_STUCK_AFTER_SECONDS = env.int(
    "GUICHET_OUTBOX_STUCK_AFTER_SECONDS", default=CELERY_TASK_TIME_LIMIT + 60
)
# Extra modules registering effect handlers (besides each app's ``effects`` module).
GUICHET_OUTBOX_HANDLER_MODULES = env.list("GUICHET_OUTBOX_HANDLER_MODULES", default=[])
# A task that cannot be acked any more (broker connection lost) is cancelled and redelivered
# rather than finishing blind; the consumer is idempotent. Celery 6's default.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# The relay must not hang on a dead broker: a few quick tries, then the rows stay pending.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 5
# Done effects keep their row but lose payload and result after this many days (ADR 0004).
GUICHET_OUTBOX_RETENTION_DAYS = env.int("GUICHET_OUTBOX_RETENTION_DAYS", default=90)

# --- Account core -----------------------------------------------------------------------------
# "inprocess": the sandbox core in this process (embedded default); "http": a core over HTTP.
GUICHET_CORE_ADAPTER = env.str(
    "GUICHET_CORE_ADAPTER", default="http" if PRODUCTION else "inprocess"
)
if GUICHET_CORE_ADAPTER not in {"inprocess", "http"}:
    fail("GUICHET_CORE_ADAPTER", f"must be 'inprocess' or 'http', not {GUICHET_CORE_ADAPTER!r}")
if GUICHET_CORE_ADAPTER == "http":
    GUICHET_CORE_URL = url(
        "GUICHET_CORE_URL", required("GUICHET_CORE_URL"), schemes={"http", "https"}
    ).rstrip("/")
    GUICHET_CORE_TOKEN = required("GUICHET_CORE_TOKEN")
else:
    GUICHET_CORE_URL = env.str("GUICHET_CORE_URL", default="").rstrip("/")
    GUICHET_CORE_TOKEN = env.str("GUICHET_CORE_TOKEN", default="")
GUICHET_CORE_TIMEOUT = env.float("GUICHET_CORE_TIMEOUT", default=5.0)
# The sandbox core serves its own API and reset pages when enabled (embedded default, tests).
# Production refuses to start with it unless told so explicitly.
SANDBOX_CORE_ENABLED = env.bool("SANDBOX_CORE_ENABLED", default=not PRODUCTION)
GUICHET_ALLOW_SANDBOX_IN_PRODUCTION = env.bool("GUICHET_ALLOW_SANDBOX_IN_PRODUCTION", default=False)
if PRODUCTION and SANDBOX_CORE_ENABLED and not GUICHET_ALLOW_SANDBOX_IN_PRODUCTION:
    fail(
        "SANDBOX_CORE_ENABLED",
        "is true in the production profile: the sandbox core is a reference implementation; "
        "set GUICHET_ALLOW_SANDBOX_IN_PRODUCTION=true to run it there on purpose",
    )
# The sandbox API's bearer token: never a default in code. Generated per installation by
# scripts/demo.sh into var/sandbox-core-token (or given in the environment); without one, the
# API refuses every call. Its API answers loopback clients only.
SANDBOX_CORE_TOKEN_FILE = VAR_DIR / "sandbox-core-token"
SANDBOX_CORE_API_TOKEN = env.str("SANDBOX_CORE_API_TOKEN", default="") or (
    SANDBOX_CORE_TOKEN_FILE.read_text().strip() if SANDBOX_CORE_TOKEN_FILE.is_file() else ""
)
if GUICHET_CORE_ADAPTER == "http" and not GUICHET_CORE_TOKEN:
    GUICHET_CORE_TOKEN = SANDBOX_CORE_API_TOKEN  # the embedded desk calling its own sandbox
# Base URL of the reset links the sandbox sends: from settings, never from the Host header.
SANDBOX_RESET_BASE_URL = env.str("SANDBOX_RESET_BASE_URL", default=GUICHET_BASE_URL).rstrip("/")
RESET_LINK_TTL = timedelta(hours=8)

# --- Lifecycle --------------------------------------------------------------------------------
GUICHET_REOPEN_WINDOW_DAYS = env.int("GUICHET_REOPEN_WINDOW_DAYS", default=15)
GUICHET_AUTO_CLOSE_DAYS = env.int("GUICHET_AUTO_CLOSE_DAYS", default=15)


# --- Retention (docs/adr/0004-retention.md): what a closed request keeps, per kind of data ----
# Months after closing: the documents (court minutes and every other attachment: the stored
# objects are deleted), then the requester's personal data (messages' text, the request's
# fields except ids and codes). The history (transition log, audit events) is kept.
if "GUICHET_RETENTION_DAYS" in os.environ:
    fail(
        "GUICHET_RETENTION_DAYS",
        "is no longer read: set GUICHET_RETENTION_DOCUMENTS_MONTHS and "
        "GUICHET_RETENTION_PERSONAL_DATA_MONTHS",
    )
GUICHET_RETENTION_DOCUMENTS_MONTHS = int_between(
    "GUICHET_RETENTION_DOCUMENTS_MONTHS", 12, 1200, "months"
)
GUICHET_RETENTION_PERSONAL_DATA_MONTHS = int_between(
    "GUICHET_RETENTION_PERSONAL_DATA_MONTHS", 12, 1200, "months"
)
# Requests per batch (one transaction each) and batches per run of the daily task.
GUICHET_RETENTION_BATCH_SIZE = int_between("GUICHET_RETENTION_BATCH_SIZE", 200, 10_000, "requests")
GUICHET_RETENTION_MAX_BATCHES = int_between("GUICHET_RETENTION_MAX_BATCHES", 50, 10_000, "batches")

# --- API (config/api_settings.py: DRF and the schema) ------------------------------------------
# Per user (``scope``) and per client address (``scope_client``): filings and token creations.
GUICHET_API_THROTTLE_RATES = {
    "filing": env.str("GUICHET_API_RATE_FILING", default="20/hour"),
    "filing_client": env.str("GUICHET_API_RATE_FILING_CLIENT", default="100/hour"),
    "tokens": env.str("GUICHET_API_RATE_TOKENS", default="10/hour"),
    "tokens_client": env.str("GUICHET_API_RATE_TOKENS_CLIENT", default="30/hour"),
}
# Part of the short-lived figures' cache keys (common.short_cache): the queues' counts, the banner.
GUICHET_CACHE_NAMESPACE = env.str("GUICHET_CACHE_NAMESPACE", default="v1")
# Part of the counters' cache keys: a new value starts every count afresh (the tests do).
GUICHET_API_THROTTLE_NAMESPACE = env.str("GUICHET_API_THROTTLE_NAMESPACE", default="v1")

# --- Logging: one JSON line per request and per task ------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
# Celery's own lines (beat's "Sending due task", the worker's "received"/"succeeded" per task);
# the demo sets WARNING: the desk's own lines (guichet.*) still say what was done.
GUICHET_CELERY_LOG_LEVEL = env.str("GUICHET_CELERY_LOG_LEVEL", default="INFO")
LOGGING = logging_config(
    level=LOG_LEVEL,
    celery_level=GUICHET_CELERY_LOG_LEVEL,
    # The server-less broker has no host: kombu says so (WARNING) at every connection.
    quiet_kombu=CELERY_BROKER_URL.startswith("filesystem://"),
)

# --- Production hardening ---------------------------------------------------------------------
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every response: config/security_headers.py.
