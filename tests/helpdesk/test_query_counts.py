"""Lists cost the same number of queries whatever the number of rows (no N+1)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from lifecycle import machine
from lifecycle.models import Request
from lifecycle.services import four_eyes
from lifecycle.services import requests as request_services
from lifecycle.services.sla_scan import AT_RISK, sla_alert_claim
from sla.clock import SlaStatus
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


def queries_for(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200
    return len(captured)


def test_the_staff_list_page_and_the_api_list_do_not_grow_with_rows(
    client, alice, tess, file_request
):
    client.force_login(tess)
    api = APIClient()
    api.force_authenticate(tess)
    for _ in range(2):
        move(file_request(alice), "take", tech=tess)
    # The first page loads the working calendar once (then only its fingerprint is read): warm it.
    client.get(reverse("helpdesk:backoffice_list"))
    page_few = queries_for(lambda: client.get(reverse("helpdesk:backoffice_list")))
    api_few = queries_for(lambda: api.get("/api/v1/requests/"))

    for _ in range(6):
        move(file_request(alice), "take", tech=tess)

    assert queries_for(lambda: client.get(reverse("helpdesk:backoffice_list"))) == page_few
    assert queries_for(lambda: api.get("/api/v1/requests/")) == api_few


def test_the_staff_request_page_does_not_grow_with_the_thread(
    client, alice, tess, file_request, forget_kept_figures
):
    from lifecycle.services import messages as message_services

    request = move(file_request(alice), "take", tech=tess)
    client.force_login(tess)
    url = reverse("helpdesk:backoffice_detail", args=[request.number])
    few = queries_for(lambda: client.get(url))

    for i in range(5):
        message_services.message_post(request=request, author=tess, body=f"Note {i}", internal=True)
    forget_kept_figures()

    assert queries_for(lambda: client.get(url)) == few


def test_the_staff_request_page_does_not_grow_with_core_calls_approvals_and_alerts(
    client, settings, alice, tess, theo, file_request, forget_kept_figures
):
    settings.GUICHET_FOUR_EYES_TYPES = ["test_core"]
    request = move(
        file_request(alice, type_key="test_core", data={"documents_checked": True}),
        "take",
        tech=tess,
    )

    def refused_then_approved_then_failed_then_at_risk(round: int) -> None:
        current = Request.objects.get(pk=request.pk)
        four_eyes.execution_approval_ask(request=current, actor=tess, version=current.version)
        four_eyes.execution_approval_refuse(
            request=current, actor=theo, version=current.version, reason=f"Motif {round}"
        )
        four_eyes.execution_approval_ask(request=current, actor=tess, version=current.version)
        executing = four_eyes.execution_approval_approve(
            request=current, actor=theo, version=current.version
        )
        request_services.request_core_failed(
            request_id=request.pk,
            idempotency_key=executing.pending_idempotency_key,
            error=f"Erreur {round}",
        )
        Request.objects.filter(pk=request.pk).update(
            sla_status=SlaStatus.AT_RISK, sla_at_risk_notified_at=None
        )
        sla_alert_claim(request_id=request.pk, kind=AT_RISK, now=machine.now())

    client.force_login(tess)
    url = reverse("helpdesk:backoffice_detail", args=[request.number])
    refused_then_approved_then_failed_then_at_risk(0)
    client.get(url)  # the transitions forgot the staff banner's counts: count them again
    few = queries_for(lambda: client.get(url))

    for round in range(1, 4):
        refused_then_approved_then_failed_then_at_risk(round)
    forget_kept_figures()
    client.get(url)

    assert queries_for(lambda: client.get(url)) == few
