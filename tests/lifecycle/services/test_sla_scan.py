"""The SLA scan: statuses from the stored deadlines, each alert claimed and sent once.

Policy of ``test_plain`` here: first response 120 working minutes, resolution 1 140 (default
calendar, Monday–Friday 08:30–18:00 Paris). Filed Monday 2 March 2026 10:00 Paris: first response
due at 12:00, at risk from 11:36 (80 %).
"""

from __future__ import annotations

import threading
from datetime import UTC, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import connection, connections

from lifecycle import effects, tasks
from lifecycle.models import Request
from lifecycle.services import messages as message_services
from lifecycle.services.sla_scan import SLA_ALERT_EMAIL, sla_scan
from outbox.models import OutboxEffect
from sla.clock import SlaStatus
from sla.models import SlaPolicy
from tests.conftest import make_user
from tests.lifecycle.conftest import move, sla_policy_for_tests
from tests.sla.conftest import paris
from users import roles

FILED = paris(2026, 3, 2, 10, 0).astimezone(UTC)


@pytest.fixture(autouse=True)
def plain_policy(db) -> SlaPolicy:
    return sla_policy_for_tests()


def alerts(request: Request) -> list[OutboxEffect]:
    return list(OutboxEffect.objects.filter(kind=SLA_ALERT_EMAIL, subject_ref=request.subject_ref))


def status(request: Request) -> str:
    return Request.objects.values_list("sla_status", flat=True).get(pk=request.pk)


def send(effect: OutboxEffect) -> None:
    effects.sla_alert_send(effect)


@pytest.mark.django_db
def test_the_scan_is_scheduled_by_beat_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["lifecycle-scan-sla"]

    assert entry["task"] == tasks.scan_sla.name == "lifecycle.tasks.scan_sla"
    assert entry["schedule"] == timedelta(minutes=1)


@pytest.mark.django_db
def test_it_marks_at_risk_and_warns_the_supervisors_when_nobody_is_assigned(
    clock, alice, sam, file_request
):
    clock.current = FILED
    request = file_request(alice)
    clock.current = FILED + timedelta(minutes=95)  # before 11:36
    assert sla_scan().at_risk == 0
    assert status(request) == SlaStatus.ON_TIME

    clock.current = FILED + timedelta(minutes=97)
    result = sla_scan()

    assert (result.at_risk, result.at_risk_alerts, result.breach_alerts) == (1, 1, 0)
    assert status(request) == SlaStatus.AT_RISK
    (effect,) = alerts(request)
    assert effect.payload == {"request_id": request.pk, "alert": "at_risk"}
    send(effect)
    (email,) = mail.outbox
    assert email.to == [sam.email]
    assert email.subject == f"Demande {request.number} : délai bientôt atteint"
    assert "approche de son délai de traitement" in email.body
    assert "personne (demande non attribuée)" in email.body
    assert "lundi 2 mars 2026 à 12:00" in email.body  # the first response, Paris time


@pytest.mark.django_db
def test_it_warns_only_the_assignee_when_the_policy_spares_the_supervisors(
    clock, alice, tess, sam, file_request, plain_policy
):
    plain_policy.warn_supervisors = False
    plain_policy.save()
    clock.current = FILED
    request = move(file_request(alice), "take", tech=tess)
    clock.current = FILED + timedelta(minutes=100)

    sla_scan()

    (effect,) = alerts(request)
    send(effect)
    assert [email.to for email in mail.outbox] == [[tess.email]]


@pytest.mark.django_db
def test_a_breach_is_escalated_to_the_supervisors_and_claimed_once(
    clock, alice, tess, sam, file_request, plain_policy
):
    plain_policy.warn_supervisors = False
    plain_policy.save()
    clock.current = FILED
    request = move(file_request(alice), "take", tech=tess)
    clock.current = FILED + timedelta(minutes=121)  # first response overdue, never at-risk sent

    first = sla_scan()
    again = sla_scan()  # the next minute, or a retried task

    assert (first.breached, first.breach_alerts, first.at_risk_alerts) == (1, 1, 0)
    assert (again.breached, again.breach_alerts, again.at_risk_alerts) == (0, 0, 0)
    assert status(request) == SlaStatus.BREACHED
    (effect,) = alerts(request)
    assert effect.payload["alert"] == "breach"
    send(effect)
    (email,) = mail.outbox
    assert email.to == [tess.email, sam.email]
    assert email.subject == f"Demande {request.number} : délai dépassé"
    assert "a dépassé son délai de traitement" in email.body
    assert "Tess Technicienne" in email.body
    assert f"/espace/guichet/demandes/{request.number}/" in email.body
    assert isinstance(email, EmailMultiAlternatives)
    html, mime = email.alternatives[0]
    assert mime == "text/html"
    assert f'/espace/guichet/demandes/{request.number}/"' in str(html)
    assert "a dépassé son délai de traitement" in str(html)


@pytest.mark.django_db
def test_it_leaves_answered_paused_and_policy_less_requests_alone(clock, alice, tess, file_request):
    clock.current = FILED
    answered = move(file_request(alice), "take", tech=tess)
    message_services.message_post(request=answered, author=tess, body="Bien reçu.", internal=False)
    paused = move(file_request(alice, siret="35600000000048"), "take", "request_info", tech=tess)
    no_policy = file_request(alice, type_key="test_core", siret="35600000009075")
    clock.current = FILED + timedelta(minutes=130)  # past the first-response due

    result = sla_scan()

    assert result.breached == 0
    assert status(answered) == SlaStatus.ON_TIME
    assert status(paused) == SlaStatus.PAUSED
    assert status(no_policy) == SlaStatus.ON_TIME
    assert alerts(answered) == alerts(paused) == alerts(no_policy) == []


@pytest.mark.django_db
def test_the_task_runs_the_scan(clock, alice, file_request):
    clock.current = FILED
    request = file_request(alice)
    clock.current = FILED + timedelta(days=7)

    outcome = tasks.scan_sla.apply().get()

    assert outcome == {"breached": 1, "at_risk": 0, "breach_alerts": 1, "at_risk_alerts": 0}
    assert status(request) == SlaStatus.BREACHED


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_scans_claim_and_notify_each_breach_exactly_once(
    clock, alice, file_request, plain_policy
):
    assert connection.vendor == "postgresql"
    make_user("sam@example.com", role=roles.SUPERVISOR, is_staff=True)
    clock.current = FILED
    sirets = ["73282932000074", "35600000000048", "35600000009075"]
    requests = [file_request(alice, siret=sirets[i % 3]) for i in range(12)]
    clock.current = FILED + timedelta(days=7)
    barrier = threading.Barrier(2)
    results = []

    def scan() -> None:
        try:
            barrier.wait()
            results.append(sla_scan())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(results) == 2
    assert sum(r.breach_alerts for r in results) == len(requests)
    for request in requests:
        (effect,) = alerts(request)
        assert effect.payload["alert"] == "breach"
    assert Request.objects.filter(sla_breach_notified_at=None).count() == 0
