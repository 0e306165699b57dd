"""GET /metrics: only with the operators' bearer token, and each figure there and moving."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from documents import UploadRefused, check_upload
from lifecycle.models import Request
from outbox.models import OutboxEffect
from outbox.services import effect_enqueue
from tests.helpdesk.views.test_backoffice_retention import purged_request
from tests.lifecycle.services.test_retention import private_storage  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
TOKEN = "m3tr1cs-Token-For-The-Tests-0123456789abcdef"


@pytest.fixture(autouse=True)
def metrics_token(settings) -> None:
    settings.GUICHET_METRICS_TOKEN = TOKEN


def scrape(token: str = TOKEN) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(figures, name: str, **labels: str) -> float:
    return figures.get((name, tuple(sorted(labels.items()))), 0.0)


def test_it_does_not_exist_without_the_token_or_with_a_wrong_one(settings):
    client = Client()
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 404  # no scheme
    settings.GUICHET_METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_it_times_requests_per_view():
    before = value(
        scrape(),
        "guichet_http_request_duration_seconds_count",
        view="health",
        method="GET",
        status="2xx",
    )
    Client().get("/sante/")

    after = value(
        scrape(),
        "guichet_http_request_duration_seconds_count",
        view="health",
        method="GET",
        status="2xx",
    )
    assert after == before + 1


def test_it_shows_the_outbox_backlog_the_oldest_pending_age_and_the_dead():
    empty = scrape()
    assert value(empty, "guichet_outbox_backlog", status="pending") == 0
    assert value(empty, "guichet_outbox_oldest_pending_age_seconds") == 0

    with transaction.atomic():
        old = effect_enqueue(kind="test.noop", idempotency_key="metrics-1", payload={})
        effect_enqueue(kind="test.noop", idempotency_key="metrics-2", payload={})
    OutboxEffect.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=10))
    figures = scrape()
    assert value(figures, "guichet_outbox_backlog", status="pending") == 2
    assert 600 <= value(figures, "guichet_outbox_oldest_pending_age_seconds") < 700

    OutboxEffect.objects.filter(pk=old.pk).update(status=OutboxEffect.Status.DEAD)
    figures = scrape()
    assert value(figures, "guichet_outbox_backlog", status="pending") == 1
    assert value(figures, "guichet_outbox_dead_effects") == 1
    assert value(figures, "guichet_outbox_oldest_pending_age_seconds") < 60


def test_it_counts_open_requests_at_risk_and_breached_and_not_closed_ones(
    alice, file_request, django_assert_num_queries
):
    first, second, third = (file_request(alice) for _ in range(3))
    Request.objects.filter(pk=first.pk).update(sla_status="at_risk")
    Request.objects.filter(pk=second.pk).update(sla_status="breached")
    Request.objects.filter(pk=third.pk).update(sla_status="breached", state="closed")

    with django_assert_num_queries(2):  # the outbox's figures, then the SLA's: one query each
        figures = scrape()

    assert value(figures, "guichet_open_requests_sla", status="at_risk") == 1
    assert value(figures, "guichet_open_requests_sla", status="breached") == 1


def test_it_counts_refused_uploads_by_reason(client, alice):
    before = value(scrape(), "guichet_uploads_refused_total", reason="empty")
    with pytest.raises(UploadRefused):
        check_upload(SimpleUploadedFile("vide.pdf", b""))

    assert value(scrape(), "guichet_uploads_refused_total", reason="empty") == before + 1


def test_it_lists_the_core_figures_by_name():
    names = {name for name, _ in scrape()}
    text = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()

    assert "guichet_core_call_duration_seconds" in text
    assert "guichet_core_call_errors_total" in text
    assert "guichet_uploads_refused_total" in text
    assert "guichet_outbox_dead_effects" in names


def test_it_counts_the_requests_the_retention_purge_took_per_kind(
    alice,
    tess,
    clock,
    private_storage,  # noqa: F811
):
    before = scrape()

    purged_request(alice, tess, clock, "test_plain")

    after = scrape()
    for kind in ("documents", "personal_data"):
        assert value(after, "guichet_retention_purged_total", kind=kind) == (
            value(before, "guichet_retention_purged_total", kind=kind) + 1
        )
