"""``GET /metrics``: the operators' Prometheus endpoint, behind a bearer token.

``GUICHET_METRICS_TOKEN`` (no default in code; ``scripts/prodlike.sh`` generates one) must be
sent as ``Authorization: Bearer …``; without a configured token, or with a wrong one, the page
does not exist (404, nothing said). Counters and histograms come from ``common.metrics`` (every
gunicorn worker's, in multiprocess mode); the desk-wide gauges are read from the database now,
so two scrapes of two machines agree.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from common.metrics import registry_for_scrape
from lifecycle import machine
from lifecycle.selectors import open_requests_by_sla_status
from outbox.selectors import outbox_figures
from sla.clock import SlaStatus


class DeskCollector(Collector):
    """The gauges read from the database at each scrape (two queries, both on indexes)."""

    def collect(self) -> Iterator[Metric]:
        figures = outbox_figures(now=machine.now())
        backlog = GaugeMetricFamily(
            "guichet_outbox_backlog",
            "Effects not yet delivered, per status (pending: waiting for the relay).",
            labels=["status"],
        )
        backlog.add_metric(["pending"], figures["pending"])
        backlog.add_metric(["dispatched"], figures["dispatched"])
        yield backlog
        yield GaugeMetricFamily(
            "guichet_outbox_oldest_pending_age_seconds",
            "Age of the oldest pending effect (0 when none).",
            value=figures["oldest_pending_age"],
        )
        yield GaugeMetricFamily(
            "guichet_outbox_dead_effects",
            "Effects that exhausted their attempts (the supervisors' /outbox/ page).",
            value=figures["dead"],
        )
        by_status = open_requests_by_sla_status()
        sla = GaugeMetricFamily(
            "guichet_open_requests_sla",
            "Open requests per stored SLA status.",
            labels=["status"],
        )
        for status in (SlaStatus.ON_TIME, SlaStatus.AT_RISK, SlaStatus.BREACHED, SlaStatus.PAUSED):
            sla.add_metric([str(status)], float(by_status.get(str(status), 0)))
        yield sla


def _authorised(request: HttpRequest) -> bool:
    expected = settings.GUICHET_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if not expected or not given.startswith("Bearer "):
        return False
    return hmac.compare_digest(given.removeprefix("Bearer ").encode(), expected.encode())


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not _authorised(request):
        raise Http404
    desk = CollectorRegistry()
    desk.register(DeskCollector())
    body = generate_latest(registry_for_scrape()) + generate_latest(desk)
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)
