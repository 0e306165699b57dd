"""The reads behind "Mon espace": scoped to the requester, public statuses only."""

from __future__ import annotations

import pytest

from lifecycle import selectors
from lifecycle.machine import PublicStatus
from lifecycle.services import messages as message_services
from lifecycle.services import requests as services
from tests.documents.files import pdf_upload
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "location": str(tmp_path)},
        },
    }


def numbers(requests) -> list[str]:
    return [r.number for r in requests]


def test_it_lists_only_the_users_own_requests_newest_first(alice, bob, clock, file_request):
    first = file_request(alice)
    clock.advance(hours=1)
    file_request(bob)
    clock.advance(hours=1)
    second = file_request(alice)

    assert numbers(selectors.portal_requests(user=alice)) == [second.number, first.number]


def test_a_technician_sees_only_the_requests_he_filed_himself(alice, tess, file_request):
    file_request(alice)

    assert numbers(selectors.portal_requests(user=tess)) == []


def test_it_filters_by_public_status_across_the_states_behind_it(alice, tess, file_request):
    submitted = file_request(alice)
    taken = move(file_request(alice), "take", tech=tess)
    waiting = move(file_request(alice), "take", "request_info", tech=tess)

    unresolved = selectors.portal_requests(user=alice, status=PublicStatus.UNRESOLVED)
    assert set(numbers(unresolved)) == {submitted.number, taken.number}
    assert numbers(selectors.portal_requests(user=alice, status="waiting")) == [waiting.number]
    assert numbers(selectors.portal_requests(user=alice, status="closed")) == []


def test_an_unknown_status_filters_nothing(alice, file_request):
    request = file_request(alice)

    assert numbers(selectors.portal_requests(user=alice, status="bogus")) == [request.number]


def test_the_history_shows_public_status_changes_only_without_comments_or_names(
    alice, tess, clock, file_request
):
    request = file_request(alice)
    request = services.request_take(request=request, actor=tess, comment="Dossier douteux")
    request = move(request, "request_info", tech=tess)
    request = move(request, "answer", requester=alice)
    request = move(request, "take", "resolve", tech=tess)
    request = move(request, "reopen", requester=alice)

    history = selectors.portal_status_history(request=request)

    assert [(c.event, c.status.label) for c in history] == [
        ("Demande déposée", "Non résolu"),
        ("Le guichet vous demande un complément", "En attente"),
        ("Vous avez répondu", "Mis à jour"),
        ("Prise en charge par le guichet", "Non résolu"),
        ("Réponse du guichet", "Résolu"),  # refused, then reopened: neutral
        ("Vous avez rouvert la demande", "Mis à jour"),
    ]
    text = repr(history)
    assert "Dossier douteux" not in text
    assert "Tess" not in text


def test_the_thread_and_files_leave_out_internal_notes_whoever_looks(alice, tess, file_request):
    request = move(file_request(alice, files=[pdf_upload("mon kbis.pdf")]), "take", tech=tess)
    message_services.message_post(
        request=request,
        author=tess,
        body="Note interne : appeler le greffe",
        internal=True,
        files=[pdf_upload("note du guichet.pdf")],
    )
    message_services.message_post(
        request=request, author=tess, body="Nous vérifions votre dossier.", internal=False
    )

    bodies = [m.body for m in selectors.portal_thread(request=request)]
    files = [a.display_name for a in selectors.portal_attachments(request=request)]

    assert bodies == ["Bonjour, voici ma demande.", "Nous vérifions votre dossier."]
    assert files == ["mon kbis.pdf"]


def test_a_type_no_longer_registered_is_shown_by_its_key():
    assert selectors.request_type_label("test_plain") == "Question de test"
    assert selectors.request_type_label("retired_type") == "retired_type"


def test_the_history_costs_one_query_however_long_it_is(
    alice, tess, file_request, django_assert_num_queries
):
    request = move(file_request(alice), "take", "request_info", tech=tess)
    request = move(request, "answer", requester=alice)
    request = move(request, "take", "request_info", tech=tess)
    request = move(request, "answer", requester=alice)

    with django_assert_num_queries(1):
        history = selectors.portal_status_history(request=request)

    assert len(history) == 6  # filed, then waiting / updated / unresolved / waiting / updated
