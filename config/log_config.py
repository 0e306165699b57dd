"""Logging: one JSON line per request and per task, with the request's id."""

from __future__ import annotations

from typing import Any


def logging_config(*, level: str, celery_level: str, quiet_kombu: bool) -> dict[str, Any]:
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "common.request_id.RequestIdLogFilter"}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["request_id"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.request": {"level": "ERROR"},
            "django.server": {"level": "WARNING"},
            "celery": {"level": celery_level},
        },
    }
    if quiet_kombu:
        config["loggers"]["kombu.connection"] = {"level": "ERROR"}
    return config
