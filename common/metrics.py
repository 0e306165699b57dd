"""The operators' figures (Prometheus), counted where they happen.

Counters and histograms live in each process (web workers, Celery workers). With several
processes (gunicorn's workers), ``PROMETHEUS_MULTIPROC_DIR`` names a directory they all write to
(prometheus-client's multiprocess mode; ``config/gunicorn.conf.py`` marks dead workers), and the
scrape adds them up. Gauges that describe the whole desk (outbox backlog, SLA) are not kept here:
they are read from the database at each scrape (``helpdesk.views.metrics``), so every process,
and every machine, answers the same.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from prometheus_client import CollectorRegistry, Counter, Histogram, multiprocess

HTTP_LATENCY = Histogram(
    "guichet_http_request_duration_seconds",
    "Time to answer a request, per view (the URL pattern's name), method and status class.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
CORE_LATENCY = Histogram(
    "guichet_core_call_duration_seconds",
    "Time of one call to the account core (retries included), per operation and outcome.",
    ["operation", "outcome"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
CORE_ERRORS = Counter(
    "guichet_core_call_errors_total",
    "Calls to the account core that failed, per operation and error code.",
    ["operation", "error"],
)
UPLOADS_REFUSED = Counter(
    "guichet_uploads_refused_total",
    "Uploaded files refused by the upload gate, per reason (documents.UploadRefused codes).",
    ["reason"],
)

RETENTION_PURGED = Counter(
    "guichet_retention_purged_total",
    "Closed requests purged by the retention purge, per kind of data (ADR 0004).",
    ["kind"],
)


def registry_for_scrape() -> CollectorRegistry:
    """What a scrape reads: every process's figures in multiprocess mode, else this one's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    from prometheus_client import REGISTRY

    return REGISTRY


def upload_refused(reason: str) -> None:
    UPLOADS_REFUSED.labels(reason=reason or "unknown").inc()


def retention_purged(kind: str, count: int) -> None:
    RETENTION_PURGED.labels(kind=kind).inc(count)


def core_call_observed(operation: str, seconds: float, error: str = "") -> None:
    CORE_LATENCY.labels(operation=operation, outcome="error" if error else "ok").observe(seconds)
    if error:
        CORE_ERRORS.labels(operation=operation, error=error).inc()


class RequestLatencyMiddleware:
    """Times each request; the label is the view's URL name (bounded), never the raw path."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match is not None else "") or "unmatched"
        HTTP_LATENCY.labels(
            view=view, method=request.method or "", status=f"{response.status_code // 100}xx"
        ).observe(time.perf_counter() - started)
        return response
