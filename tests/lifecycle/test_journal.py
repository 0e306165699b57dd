"""The staff journal's sentences come from the transition table."""

from __future__ import annotations

import pytest

from lifecycle import machine
from lifecycle.journal import journal_sentence, staff_journal, staff_timeline
from lifecycle.machine import TRANSITIONS
from lifecycle.models import AuditEvent, TransitionLog
from lifecycle.services import messages as message_services
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


def test_every_transition_has_a_french_journal_sentence():
    for spec in TRANSITIONS.values():
        assert spec.journal, f"{spec.name} has no journal sentence"
        assert spec.name not in str(spec.journal)


def test_it_names_who_did_it_and_the_states_in_french(alice, tess, file_request):
    request = move(file_request(alice), "take", tech=tess)

    entries = staff_journal(request=request)

    assert [e.sentence for e in entries] == [
        "Demande déposée par Alice Durand",
        "Prise en charge par Tess Technicienne",
    ]
    assert (entries[1].from_label, entries[1].to_label) == ("Déposée", "En cours de traitement")


def test_a_system_transition_names_the_desk(alice, file_request):
    log = TransitionLog(name="close", from_state="resolved", to_state="closed", actor=None)
    assert journal_sentence(log) == "Close automatiquement"
    assert journal_sentence(TransitionLog(name="gone", to_state="closed")) == "Changement d'état"


def test_the_timeline_interleaves_transitions_messages_and_downloads(alice, tess, file_request):
    request = move(file_request(alice), "take", tech=tess)
    message_services.message_post(request=request, author=tess, body="Vu.", internal=True)
    AuditEvent.objects.create(
        kind=AuditEvent.Kind.ATTACHMENT_DOWNLOADED, actor=tess, request=request, at=machine.now()
    )

    sentences = [entry.sentence for entry in staff_timeline(request=request)]

    assert sentences == [
        "Demande déposée par Alice Durand",
        "Message écrit par Alice Durand",
        "Prise en charge par Tess Technicienne",
        "Note interne écrite par Tess Technicienne",
        "Pièce jointe téléchargée par Tess Technicienne",
    ]
