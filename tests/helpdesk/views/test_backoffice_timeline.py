"""The staff request page's « Historique complet »: core answers, errors, SLA alerts and the
four-eyes steps in French, and neither a raw key nor a token of what the core returned."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lifecycle.models import Request
from lifecycle.services import four_eyes
from lifecycle.services import requests as services
from lifecycle.services.sla_scan import BREACH, sla_alert_claim
from sla.clock import SlaStatus
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db

LINK = {
    "link_id": "lnk_7f3a9c",
    "token": "secret-reset-token",
    "issued_at": "2026-03-02T09:00:00+00:00",
    "expires_at": "2026-03-02T17:00:00+00:00",
}


def history_of(html: str) -> str:
    start = html.index('id="journal"')
    return html[start : html.index("</section>", start)]


def test_the_history_reads_the_whole_story_in_french(
    client, settings, alice, tess, theo, file_request, clock
):
    settings.GUICHET_FOUR_EYES_TYPES = ["test_core"]
    request = move(
        file_request(alice, type_key="test_core", data={"documents_checked": True}),
        "take",
        tech=tess,
    )
    four_eyes.execution_approval_ask(request=request, actor=tess, version=request.version)
    clock.advance(minutes=5)
    four_eyes.execution_approval_refuse(
        request=request, actor=theo, version=request.version, reason="Le PV n'est pas daté."
    )
    clock.advance(minutes=5)
    four_eyes.execution_approval_ask(request=request, actor=tess, version=request.version)
    clock.advance(minutes=5)
    request = four_eyes.execution_approval_approve(
        request=request, actor=theo, version=request.version
    )
    clock.advance(minutes=5)
    services.request_core_failed(
        request_id=request.pk,
        idempotency_key=request.pending_idempotency_key,
        error="PermanentError: Le SIRET est fermé.",
    )
    Request.objects.filter(pk=request.pk).update(sla_status=SlaStatus.BREACHED)
    sla_alert_claim(request_id=request.pk, kind=BREACH, now=clock.advance(minutes=5))
    client.force_login(tess)

    html = client.get(reverse("helpdesk:backoffice_detail", args=[request.number])).content
    history = history_of(html.decode())

    assert "Approbation de l&#x27;exécution demandée par Tess Technicienne" in history
    assert "Exécution refusée par Théo Technicien" in history
    assert "<dt>Motif du refus</dt><dd>Le PV n&#x27;est pas daté.</dd>" in history
    assert "Exécution approuvée par Théo Technicien" in history
    assert "<dt>Erreur du service des comptes</dt><dd>Le SIRET est fermé.</dd>" in history
    assert "PermanentError" not in history
    assert "Délai dépassé : alerte aux superviseurs" in history  # its e-mail not sent yet
    assert "<dt>Envoi de l&#x27;alerte</dt><dd>en cours</dd>" in history


def test_a_sent_link_shows_its_dates_and_no_key_or_token(client, alice, tess, file_request, clock):
    request = move(
        file_request(alice, type_key="test_core", data={"documents_checked": True}),
        "take",
        tech=tess,
    )
    request = services.request_execute(request=request, actor=tess)
    services.request_core_succeeded(
        request_id=request.pk, idempotency_key=request.pending_idempotency_key, result=LINK
    )
    client.force_login(tess)

    html = client.get(reverse("helpdesk:backoffice_detail", args=[request.number])).content
    history = history_of(html.decode())

    assert "<dt>Lien de réinitialisation envoyé le</dt><dd>02/03/2026 10:00</dd>" in history
    assert "<dt>Lien valable jusqu&#x27;au</dt><dd>02/03/2026 18:00</dd>" in history
    for raw in ("lnk_7f3a9c", "secret-reset-token", "expires_at", "issued_at", "link_id"):
        assert raw not in html.decode()


def test_the_execute_form_says_once_what_it_will_do(client, alice, tess, file_request):
    request = move(
        file_request(alice, type_key="test_core", data={"documents_checked": True}),
        "take",
        tech=tess,
    )
    client.force_login(tess)

    html = client.get(reverse("helpdesk:backoffice_detail", args=[request.number])).content.decode()
    start = html.index('data-transition="execute"')
    form = html[start : html.index("</form>", start)]

    assert form.count("Faire l&#x27;action de test") == 1
