"""The requester's request page: data, thread, files, public history, answer, reopen."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from django.urls import reverse

from lifecycle import registry
from lifecycle.models import Request, TransitionLog
from lifecycle.registry import RequestType
from lifecycle.services import messages as message_services
from lifecycle.services import requests as services
from tests.documents.files import html_upload, pdf_upload
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


class LinkType(RequestType):
    """A type that declares its reopen reasons, like the liquidator's access."""

    key = "test_link"
    label = "Type de test avec lien"
    reopen_reasons = [("link_expired", "Le lien a expiré"), ("other", "Autre motif")]


@pytest.fixture(autouse=True)
def link_type() -> Iterator[None]:
    registry.register(LinkType)
    yield
    registry.unregister(LinkType.key)


@pytest.fixture(autouse=True)
def private_storage(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {**settings.STORAGES["default"]["OPTIONS"], "location": str(tmp_path)},
        },
    }


def page_url(request: Request) -> str:
    return reverse("helpdesk:request_detail", args=[request.number])


def action_url(request: Request, name: str) -> str:
    return reverse("helpdesk:request_action", args=[request.number, name])


def fresh(request: Request) -> Request:
    return Request.objects.get(pk=request.pk)


# --- What the page shows ------------------------------------------------------------------------


def test_it_shows_the_requests_data(client, alice, file_request):
    request = file_request(
        alice, subject="Accès refusé", theme="Se connecter sur le site", subtheme="Mot de passe"
    )
    client.force_login(alice)

    page = client.get(page_url(request)).text

    for expected in (
        f"Demande {request.number}",
        "Question de test",
        "Se connecter sur le site / Mot de passe",
        "Accès refusé",
        "73282932000074",
        request.filed_at.astimezone().strftime("%d/%m/%Y %H:%M"),
        "Non résolu",
    ):
        assert expected in page


def test_the_thread_has_no_internal_note_and_names_no_technician(client, alice, tess, file_request):
    request = move(file_request(alice), "take", tech=tess)
    message_services.message_post(
        request=request, author=tess, body="Note interne : dossier suspect", internal=True
    )
    message_services.message_post(
        request=request, author=tess, body="Nous étudions votre demande.", internal=False
    )
    client.force_login(alice)

    page = client.get(page_url(request)).text

    assert "Nous étudions votre demande." in page
    assert "Bonjour, voici ma demande." in page
    assert "dossier suspect" not in page
    assert "Tess" not in page
    assert "Technicienne" not in page
    assert "Le guichet" in page


def test_it_links_the_files_the_requester_may_download_and_only_those(
    client, alice, tess, file_request
):
    request = move(file_request(alice, files=[pdf_upload("mon kbis.pdf")]), "take", tech=tess)
    note = message_services.message_post(
        request=request,
        author=tess,
        body="Pièce interne",
        internal=True,
        files=[pdf_upload("interne.pdf")],
    )
    mine = request.attachments.get(display_name="mon kbis.pdf")
    client.force_login(alice)

    page = client.get(page_url(request)).text

    assert reverse("helpdesk:attachment_download", args=[mine.token]) in page
    assert "interne.pdf" not in page
    assert note.attachments.get().token not in page
    download = client.get(reverse("helpdesk:attachment_download", args=[mine.token]))
    assert download.status_code == 200


def test_the_history_lists_public_statuses_never_internal_comments(
    client, alice, tess, file_request
):
    request = services.request_take(
        request=file_request(alice), actor=tess, comment="Commentaire interne confidentiel"
    )
    request = move(request, "request_info", tech=tess)
    client.force_login(alice)

    page = client.get(page_url(request)).text

    history = page.split('id="historique"', 1)[1]
    assert "Demande déposée" in history
    assert "Le guichet vous demande un complément" in history
    assert "En attente" in history
    assert "Commentaire interne confidentiel" not in page
    assert "in_progress" not in history


# --- Answering ----------------------------------------------------------------------------------


def test_the_reply_box_is_offered_only_when_the_desk_is_waiting(client, alice, tess, file_request):
    request = file_request(alice)
    client.force_login(alice)
    assert 'data-transition="answer"' not in client.get(page_url(request)).text

    request = move(request, "take", "request_info", tech=tess)
    page = client.get(page_url(request)).text

    assert 'data-transition="answer"' in page
    assert '<label for="id_message">Votre réponse' in page
    assert '<label for="id_attachments">Joindre des documents' in page
    assert "Le guichet attend un complément de votre part" in page


def test_the_requester_answers_with_a_document(client, alice, tess, file_request):
    request = move(file_request(alice), "take", "request_info", tech=tess)
    client.force_login(alice)

    response = client.post(
        action_url(request, "answer"),
        {"version": request.version, "message": "Voici les minutes.", "attachments": pdf_upload()},
        follow=True,
    )

    assert response.redirect_chain == [(page_url(request), 302)]
    assert "Votre réponse a été transmise au guichet." in response.text
    request = fresh(request)
    assert request.state == "updated"
    assert request.messages.latest("created_at", "id").body == "Voici les minutes."
    assert (
        request.messages.latest("created_at", "id").attachments.get().display_name
        == "minutes du greffe.pdf"
    )
    assert "Mis à jour" in response.text


def test_an_empty_answer_is_refused_in_french_next_to_the_field(client, alice, tess, file_request):
    request = move(file_request(alice), "take", "request_info", tech=tess)
    client.force_login(alice)

    response = client.post(
        action_url(request, "answer"), {"version": request.version, "message": "  "}
    )

    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert "Écrivez votre réponse au guichet." in response.text
    assert 'aria-invalid="true"' in response.text
    assert fresh(request).state == "awaiting_requester"


def test_a_disguised_file_is_refused_and_the_text_kept(client, alice, tess, file_request):
    request = move(file_request(alice), "take", "request_info", tech=tess)
    client.force_login(alice)

    response = client.post(
        action_url(request, "answer"),
        {"version": request.version, "message": "Mon texte gardé", "attachments": html_upload()},
    )

    assert response.status_code == 400
    assert "Mon texte gardé" in response.text
    assert "Joindre des documents" in response.text.split('role="alert"', 1)[1]
    assert fresh(request).state == "awaiting_requester"
    assert fresh(request).attachments.count() == 0


def test_an_answer_after_someone_else_acted_is_a_conflict_that_keeps_the_text(
    client, alice, tess, sam, file_request
):
    request = move(file_request(alice), "take", "request_info", tech=tess)
    seen = request.version
    services.request_assign(request=request, actor=sam, technician=tess)  # bumps the version
    client.force_login(alice)

    response = client.post(
        action_url(request, "answer"), {"version": seen, "message": "Texte tapé avant"}
    )

    assert response.status_code == 409
    assert "modifiée entre-temps" in response.text
    assert "Texte tapé avant" in response.text
    assert f'name="version" value="{fresh(request).version}"' in response.text
    assert fresh(request).state == "awaiting_requester"


def test_an_answer_when_nothing_is_asked_is_refused_with_a_message(client, alice, file_request):
    request = file_request(alice)
    client.force_login(alice)

    response = client.post(
        action_url(request, "answer"),
        {"version": request.version, "message": "Bonjour"},
        follow=True,
    )

    assert "impossible : la demande est « Déposée »" in response.text
    assert fresh(request).state == "submitted"


def test_an_unknown_action_is_404(client, alice, file_request):
    request = file_request(alice)
    client.force_login(alice)

    assert client.post(action_url(request, "resolve"), {"version": 1}).status_code == 404


# --- Reopening ----------------------------------------------------------------------------------


def resolved(file_request, alice, tess, type_key="test_link") -> Request:
    return move(file_request(alice, type_key=type_key), "take", "resolve", tech=tess)


def test_a_resolved_request_offers_the_types_reopen_reasons_and_the_deadline(
    client, alice, tess, clock, file_request
):
    request = resolved(file_request, alice, tess)
    client.force_login(alice)

    page = client.get(page_url(request)).text

    assert 'data-transition="reopen"' in page
    assert '<label for="id_reason">Motif de la réouverture' in page
    assert '<option value="link_expired">Le lien a expiré</option>' in page
    assert '<label for="id_comment">Précisions (facultatif)</label>' in page
    assert "jusqu’au 17/03/2026" in page  # resolved 02/03 + 15 days


def test_the_requester_reopens_with_a_reason_and_details(client, alice, tess, clock, file_request):
    request = resolved(file_request, alice, tess)
    client.force_login(alice)

    response = client.post(
        action_url(request, "reopen"),
        {"version": request.version, "reason": "link_expired", "comment": "Reçu trop tard."},
        follow=True,
    )

    assert "Votre demande est rouverte" in response.text
    request = fresh(request)
    assert request.state == "updated"
    assert request.reopened_count == 1
    assert request.messages.latest("created_at", "id").body == "Le lien a expiré\n\nReçu trop tard."
    assert TransitionLog.objects.filter(request=request).latest("at", "id").name == "reopen"
    assert "Vous avez rouvert la demande" in response.text


def test_a_reason_outside_the_list_is_refused(client, alice, tess, clock, file_request):
    request = resolved(file_request, alice, tess)
    client.force_login(alice)

    response = client.post(
        action_url(request, "reopen"), {"version": request.version, "reason": "je veux"}
    )

    assert response.status_code == 400
    assert "Choisissez un des motifs de la liste." in response.text
    assert fresh(request).state == "resolved"


def test_a_type_without_reasons_asks_for_free_text(client, alice, tess, clock, file_request):
    request = resolved(file_request, alice, tess, type_key="test_plain")
    client.force_login(alice)
    page = client.get(page_url(request)).text
    assert '<textarea name="reason"' in page
    assert "id_comment" not in page

    refused = client.post(action_url(request, "reopen"), {"version": request.version})
    assert refused.status_code == 400
    assert "Indiquez pourquoi vous rouvrez la demande." in refused.text

    client.post(
        action_url(request, "reopen"),
        {"version": request.version, "reason": "La réponse ne règle pas mon problème."},
    )
    assert (
        fresh(request).messages.latest("created_at", "id").body
        == "La réponse ne règle pas mon problème."
    )
    assert fresh(request).state == "updated"


def test_after_the_window_the_page_explains_and_a_reopen_is_refused(
    client, alice, tess, clock, file_request, settings
):
    request = resolved(file_request, alice, tess)
    clock.advance(days=settings.GUICHET_REOPEN_WINDOW_DAYS, seconds=1)
    client.force_login(alice)

    page = client.get(page_url(request)).text
    response = client.post(
        action_url(request, "reopen"),
        {"version": request.version, "reason": "link_expired"},
        follow=True,
    )

    assert 'data-transition="reopen"' not in page
    assert "Le délai de réouverture est dépassé" in page
    assert "Le délai de réouverture est dépassé : déposez une nouvelle demande." in response.text
    assert fresh(request).state == "resolved"


def test_a_closed_request_is_read_only_and_says_why(
    client, alice, tess, clock, file_request, settings
):
    request = resolved(file_request, alice, tess)
    clock.advance(days=settings.GUICHET_AUTO_CLOSE_DAYS + 1)
    services.request_close_due()
    client.force_login(alice)

    page = client.get(page_url(request)).text

    assert "Clos" in page
    assert "Cette demande est close" in page
    assert "<form" not in page.split('id="contenu"', 1)[1].replace(
        'action="/compte/deconnexion/"', ""
    )
    assert "Bonjour, voici ma demande." in page


# --- Scope ------------------------------------------------------------------------------------


def test_another_users_request_is_404_and_logged(client, alice, bob, file_request, caplog):
    request = file_request(alice)
    client.force_login(bob)

    with caplog.at_level(logging.WARNING, logger="helpdesk.views.requests"):
        page = client.get(page_url(request))
        action = client.post(action_url(request, "answer"), {"version": 1, "message": "x"})

    assert (page.status_code, action.status_code) == (404, 404)
    records = [r for r in caplog.records if r.name == "helpdesk.views.requests"]
    assert [(r.levelname, r.user_id, r.number) for r in records] == [
        ("WARNING", bob.pk, request.number),
        ("WARNING", bob.pk, request.number),
    ]
    assert fresh(request).messages.count() == 1


def test_a_number_that_does_not_exist_is_404_too(client, alice):
    client.force_login(alice)

    assert (
        client.get(reverse("helpdesk:request_detail", args=["DEM-2026-999999"])).status_code == 404
    )


def test_the_page_costs_the_same_queries_whatever_the_thread(
    client, alice, tess, file_request, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request = move(file_request(alice), "take", tech=tess)
    client.force_login(alice)
    with CaptureQueriesContext(connection) as few:
        client.get(page_url(request))

    for i in range(6):
        message_services.message_post(
            request=request,
            author=tess,
            body=f"Réponse {i}",
            internal=False,
            files=[pdf_upload(f"piece {i}.pdf")],
        )

    with django_assert_num_queries(len(few)):
        client.get(page_url(request))


# --- Completing an open request -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("steps", "state"),
    [
        ((), "submitted"),
        (("take",), "in_progress"),
        (("take", "request_info", "answer"), "updated"),
    ],
)
def test_the_requester_completes_an_open_request_without_changing_its_state(
    client, alice, tess, file_request, steps, state
):
    request = move(file_request(alice), *steps, tech=tess, requester=alice)
    client.force_login(alice)
    assert 'data-transition="complete"' in client.get(page_url(request)).text

    response = client.post(
        action_url(request, "complete"),
        {"message": "J'ajoute le Kbis.", "attachments": pdf_upload()},
        follow=True,
    )

    assert response.redirect_chain == [(page_url(request), 302)]
    assert "Votre message a été ajouté à la demande" in response.text
    request = fresh(request)
    assert request.state == state
    added = request.messages.latest("created_at", "id")
    assert (added.body, added.author, added.visibility) == ("J'ajoute le Kbis.", alice, "public")
    assert added.attachments.get().display_name == "minutes du greffe.pdf"
    assert not TransitionLog.objects.filter(request=request, name="complete").exists()


def test_waiting_for_an_answer_the_page_offers_the_answer_not_the_addition(
    client, alice, tess, file_request
):
    request = move(file_request(alice), "take", "request_info", tech=tess)
    client.force_login(alice)

    assert 'data-transition="complete"' not in client.get(page_url(request)).text
    response = client.post(action_url(request, "complete"), {"message": "Bonjour"}, follow=True)

    assert "utilisez « Répondre au guichet »" in response.text
    assert fresh(request).messages.count() == 2  # the filing and the desk's question


def test_a_resolved_request_cannot_be_completed(client, alice, tess, file_request):
    request = move(file_request(alice), "take", "resolve", tech=tess)
    client.force_login(alice)

    assert 'data-transition="complete"' not in client.get(page_url(request)).text
    response = client.post(action_url(request, "complete"), {"message": "Bonjour"}, follow=True)

    assert "La demande n&#x27;est plus en cours" in response.text
    assert not fresh(request).messages.filter(body="Bonjour").exists()


def test_an_empty_addition_is_refused_next_to_the_field(client, alice, file_request):
    request = file_request(alice)
    client.force_login(alice)

    response = client.post(action_url(request, "complete"), {"message": "  "})

    assert response.status_code == 400
    assert "Écrivez votre message au guichet." in response.text
    assert fresh(request).messages.count() == 1


# --- The wording follows the outcome ------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "callout", "event"),
    [
        ("refused", "Votre demande a été refusée", "Demande refusée"),
        ("non_compliant", "Votre demande n’est pas conforme", "Demande jugée non conforme"),
    ],
)
def test_a_request_refused_or_non_compliant_says_so_not_processed(
    client, alice, tess, file_request, outcome, callout, event
):
    request = move(file_request(alice), "take", tech=tess)
    request = services.request_resolve(
        request=request, actor=tess, outcome=outcome, message="Motif : pièce manquante."
    )
    client.force_login(alice)

    page = client.get(page_url(request)).text

    assert callout in page
    assert "Votre demande a été traitée" not in page
    history = page.split('id="historique"', 1)[1]
    assert event in history
    assert "Demande traitée" not in history


def test_an_earlier_resolution_followed_by_a_reopening_reads_neutrally(
    client, alice, tess, file_request
):
    request = move(file_request(alice, type_key="test_link"), "take", "resolve", tech=tess)
    request = move(request, "reopen", requester=alice)
    request = move(request, "take", "resolve", tech=tess)
    client.force_login(alice)

    history = client.get(page_url(request)).text.split('id="historique"', 1)[1]

    assert history.index("Réponse du guichet") < history.index("Demande refusée")
    assert history.count("Demande refusée") == 1


def test_the_link_hint_shows_only_when_a_link_was_issued(client, alice, tess, file_request):
    request = resolved(file_request, alice, tess)
    client.force_login(alice)

    assert "lien" not in client.get(page_url(request)).text.split('id="la-demande"', 1)[0]

    from lifecycle.models import TransitionLog

    # What the history keeps when the core confirms a link (request_core_succeeded).
    TransitionLog.objects.create(
        request=request,
        name="core_succeeded",
        from_state="executing",
        to_state="resolved",
        actor_role="system",
        details={"core_result": {"link_id": "L1", "issued_at": "2026-03-02T09:00:00+00:00"}},
        at=request.filed_at,
    )
    page = client.get(page_url(request)).text
    assert "Si le lien reçu a expiré, ne fonctionne plus ou a déjà servi" in page
