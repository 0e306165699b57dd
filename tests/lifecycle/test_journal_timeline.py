"""The staff timeline reads as a technician would: the core's answers as labelled facts, its
errors in French, the SLA clock and alerts, and both people of a four-eyes execution."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lifecycle import machine
from lifecycle.journal import JournalEntry, staff_timeline
from lifecycle.models import Request, TransitionLog
from lifecycle.services import four_eyes
from lifecycle.services import requests as services
from lifecycle.services.sla_scan import AT_RISK, BREACH, sla_alert_claim
from outbox.models import OutboxEffect
from sla.clock import SlaStatus
from tests.lifecycle.conftest import move, sla_policy_for_tests

pytestmark = pytest.mark.django_db

LINK = {
    "link_id": "lnk_7f3a9c",
    "token": "secret-reset-token",
    "url": "https://comptes.example/reset/secret-reset-token",
    "issued_at": "2026-03-02T09:00:00+00:00",
    "expires_at": "2026-03-02T17:00:00+00:00",
}


def entry(timeline: list[JournalEntry], sentence: str) -> JournalEntry:
    (found,) = [e for e in timeline if e.sentence == sentence]
    return found


def executing(alice, tess, file_request) -> Request:
    request = move(
        file_request(alice, type_key="test_core", data={"documents_checked": True}),
        "take",
        tech=tess,
    )
    return services.request_execute(request=request, actor=tess)


def test_a_reset_link_sent_says_when_and_until_when_never_the_link(
    alice, tess, file_request, clock
):
    request = executing(alice, tess, file_request)
    services.request_core_succeeded(
        request_id=request.pk, idempotency_key=request.pending_idempotency_key, result=LINK
    )

    timeline = staff_timeline(request=request)

    assert entry(timeline, "Action lancée sur le compte par Tess Technicienne").facts == (
        ("Action demandée au service des comptes", "Faire l'action de test"),
    )
    done = entry(timeline, "Action confirmée par le service des comptes : demande résolue")
    assert done.facts == (
        ("Lien de réinitialisation envoyé le", "02/03/2026 10:00"),  # Paris time
        ("Lien valable jusqu'au", "02/03/2026 18:00"),
    )
    shown = repr(timeline)
    for raw in ("lnk_7f3a9c", "secret-reset-token", "expires_at", "issued_at", "link_id"):
        assert raw not in shown


def test_a_cancellation_reads_its_scope_and_counts_in_french(alice, tess, file_request):
    request = executing(alice, tess, file_request)
    result = {"scope": "company", "identifier": "732829320", "establishments_cancelled": 3}
    services.request_core_succeeded(
        request_id=request.pk, idempotency_key=request.pending_idempotency_key, result=result
    )

    done = entry(
        staff_timeline(request=request),
        "Action confirmée par le service des comptes : demande résolue",
    )

    assert done.facts == (
        ("Inscription résiliée", "l'entreprise"),
        ("SIREN ou SIRET concerné", "732829320"),
        ("Établissements résiliés", "3"),
    )


def test_a_failed_core_call_shows_its_french_error_once(alice, tess, file_request):
    request = executing(alice, tess, file_request)
    services.request_core_failed(
        request_id=request.pk,
        idempotency_key=request.pending_idempotency_key,
        error="PermanentError: L'établissement est fermé au répertoire SIRENE.",
    )

    failed = entry(
        staff_timeline(request=request),
        "Action en échec sur le service des comptes : demande rendue au technicien",
    )

    assert failed.facts == (
        ("Erreur du service des comptes", "L'établissement est fermé au répertoire SIRENE."),
    )
    assert failed.comment == ""


def test_waiting_for_the_requester_stops_the_clock_and_the_answer_starts_it(
    alice, tess, file_request
):
    sla_policy_for_tests()
    request = move(
        file_request(alice), "take", "request_info", "answer", tech=tess, requester=alice
    )

    timeline = staff_timeline(request=request)

    asked = entry(timeline, "Complément demandé au demandeur par Tess Technicienne")
    answered = entry(timeline, "Réponse du demandeur (Alice Durand)")
    assert asked.facts == (("Délai", "suspendu pendant l'attente du demandeur"),)
    assert answered.facts == (("Délai", "décompte repris"),)


def test_without_a_deadline_the_journal_says_nothing_of_the_clock(alice, tess, file_request):
    request = move(file_request(alice), "take", "request_info", tech=tess)

    asked = entry(
        staff_timeline(request=request), "Complément demandé au demandeur par Tess Technicienne"
    )

    assert asked.facts == ()


def test_the_scans_alerts_are_in_the_timeline_with_their_sending(alice, tess, file_request, clock):
    request = move(file_request(alice), "take", tech=tess)
    Request.objects.filter(pk=request.pk).update(sla_status=SlaStatus.AT_RISK)
    risk_at = clock.advance(hours=1)
    sla_alert_claim(request_id=request.pk, kind=AT_RISK, now=risk_at)
    Request.objects.filter(pk=request.pk).update(sla_status=SlaStatus.BREACHED)
    breach_at = clock.advance(hours=2)
    sla_alert_claim(request_id=request.pk, kind=BREACH, now=breach_at)
    OutboxEffect.objects.filter(idempotency_key__contains=":at_risk:").update(status="done")
    request.refresh_from_db()

    timeline = staff_timeline(request=request)

    risk = entry(timeline, "Délai à risque : alerte envoyée")
    breach = entry(timeline, "Délai dépassé : alerte aux superviseurs")
    assert (risk.at, risk.facts) == (risk_at, ())
    assert (breach.at, breach.facts) == (breach_at, (("Envoi de l'alerte", "en cours"),))
    assert timeline[-2:] == [risk, breach]


def test_an_alert_whose_e_mail_row_is_gone_still_shows_from_the_request(alice, tess, file_request):
    request = move(file_request(alice), "take", tech=tess)
    at = datetime(2026, 3, 3, 9, 0, tzinfo=UTC) + timedelta(days=30)
    # A breach takes the at-risk claim at the same instant: one alert, not two.
    Request.objects.filter(pk=request.pk).update(
        sla_breach_notified_at=at, sla_at_risk_notified_at=at
    )
    request.refresh_from_db()

    sentences = [e.sentence for e in staff_timeline(request=request)]

    assert sentences.count("Délai dépassé : alerte envoyée aux superviseurs") == 1
    assert "Délai à risque : alerte envoyée" not in sentences


def test_four_eyes_names_who_asked_and_who_approved(settings, alice, tess, theo, file_request):
    settings.GUICHET_FOUR_EYES_TYPES = ["test_core"]
    request = move(
        file_request(alice, type_key="test_core", data={"documents_checked": True}),
        "take",
        tech=tess,
    )
    four_eyes.execution_approval_ask(request=request, actor=tess, version=request.version)
    four_eyes.execution_approval_approve(request=request, actor=theo, version=request.version)

    sentences = [e.sentence for e in staff_timeline(request=request)]

    assert sentences[-3:] == [
        "Approbation de l'exécution demandée par Tess Technicienne",
        "Exécution approuvée par Théo Technicien",
        "Action lancée sur le compte par Tess Technicienne",
    ]


def test_a_refused_execution_says_who_refused_and_why(settings, alice, tess, theo, file_request):
    settings.GUICHET_FOUR_EYES_TYPES = ["test_core"]
    request = move(
        file_request(alice, type_key="test_core", data={"documents_checked": True}),
        "take",
        tech=tess,
    )
    four_eyes.execution_approval_ask(request=request, actor=tess, version=request.version)
    four_eyes.execution_approval_refuse(
        request=request, actor=theo, version=request.version, reason="Le PV n'est pas signé."
    )

    refused = entry(staff_timeline(request=request), "Exécution refusée par Théo Technicien")

    assert refused.facts == (
        ("Demandée par", "Tess Technicienne"),
        ("Motif du refus", "Le PV n'est pas signé."),
    )


def test_a_core_answer_of_unknown_keys_adds_no_fact(alice, tess, file_request):
    request = executing(alice, tess, file_request)
    services.request_core_succeeded(
        request_id=request.pk,
        idempotency_key=request.pending_idempotency_key,
        result={"operation": "done", "removed": "LEFÈVRE Jean", "expires_at": "demain"},
    )

    done = entry(
        staff_timeline(request=request),
        "Action confirmée par le service des comptes : demande résolue",
    )

    assert done.facts == ()


def test_a_supervisors_lift_of_the_link_limit_says_who_and_why(alice, sam, file_request):
    request = file_request(alice)
    TransitionLog.objects.create(
        request=request,
        name="link_cap_lifted",
        from_state=request.state,
        to_state=request.state,
        actor=sam,
        actor_role="supervisor",
        comment="Le liquidateur a changé d'adresse.",
        at=machine.now(),
    )

    lifted = entry(staff_timeline(request=request), "Limite des liens levée par Sam Superviseur")

    assert lifted.comment == "Le liquidateur a changé d'adresse."
