"""The staff pages: list, request page with exactly the allowed actions, French refusals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lifecycle.models import Request
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


def detail_url(request) -> str:
    return reverse("helpdesk:backoffice_detail", args=[request.number])


def action_url(request, name) -> str:
    return reverse("helpdesk:backoffice_transition", args=[request.number, name])


def test_requesters_and_anonymous_users_never_see_the_backoffice(client, alice, file_request):
    request = file_request(alice)

    anonymous = client.get(reverse("helpdesk:backoffice_list"))
    client.force_login(alice)

    assert anonymous.status_code == 302
    assert client.get(reverse("helpdesk:backoffice_list")).status_code == 404
    assert client.get(detail_url(request)).status_code == 404
    assert client.post(action_url(request, "take"), {"version": 1}).status_code == 404


def test_the_list_sorts_by_last_update_on_demand_and_filters_by_type_and_state(
    client, alice, tess, file_request, clock
):
    older = file_request(alice, type_key="test_core")
    clock.advance(minutes=1)
    newer = file_request(alice)
    client.force_login(tess)

    page = client.get(reverse("helpdesk:backoffice_list"), {"sort": "updated"}).content.decode()
    filtered = client.get(reverse("helpdesk:backoffice_list"), {"type": "test_core"})
    by_state = client.get(reverse("helpdesk:backoffice_list"), {"state": "in_progress"})

    assert page.index(newer.number) < page.index(older.number)
    assert older.number in filtered.content.decode()
    assert newer.number not in filtered.content.decode()
    assert "Aucune demande dans cette file." in by_state.content.decode()


def test_the_request_page_shows_exactly_the_allowed_actions(client, alice, tess, sam, file_request):
    request = file_request(alice)

    client.force_login(tess)
    for_tess = client.get(detail_url(request)).content.decode()
    client.force_login(sam)
    for_sam = client.get(detail_url(request)).content.decode()

    assert 'data-transition="take"' in for_tess
    assert 'data-transition="assign"' not in for_tess
    assert 'data-transition="resolve"' not in for_tess
    assert 'data-transition="assign"' in for_sam
    assert "Historique complet" in for_tess
    assert "Bonjour, voici ma demande." in for_tess


def test_taking_then_resolving_from_the_page(client, alice, tess, file_request):
    request = file_request(alice)
    client.force_login(tess)

    taken = client.post(action_url(request, "take"), {"version": 1}, follow=True)
    resolved = client.post(
        action_url(request, "resolve"),
        {"version": 2, "outcome": "non_compliant", "message": "Les minutes manquent."},
        follow=True,
    )

    assert "Action « Prendre en charge » effectuée." in taken.content.decode()
    assert "Action « Résoudre » effectuée." in resolved.content.decode()
    request.refresh_from_db()
    assert (request.state, request.outcome) == ("resolved", "non_compliant")


def test_a_refusal_is_a_french_message_and_changes_nothing(
    client, alice, tess, theo, file_request, clock
):
    request = file_request(alice)
    client.force_login(tess)
    client.post(action_url(request, "take"), {"version": 1})
    client.force_login(theo)

    stale = client.post(action_url(request, "take"), {"version": 1}, follow=True)

    assert "modifiée entre-temps" in stale.content.decode()
    assert (
        "Depuis l&#x27;ouverture de la page : Tess Technicienne a effectué "
        "« Prendre en charge » à 10:00." in stale.content.decode()
    )
    assert Request.objects.get(pk=request.pk).assignee == tess


def test_an_internal_note_from_the_page(client, alice, tess, file_request):
    request = file_request(alice)
    client.force_login(tess)

    response = client.post(
        reverse("helpdesk:backoffice_message", args=[request.number]),
        {"body": "Vérifier au greffe.", "internal": "on"},
        follow=True,
    )

    assert "Message enregistré." in response.content.decode()
    assert request.messages.filter(visibility="internal", body="Vérifier au greffe.").exists()


def test_a_failed_core_action_is_visible_on_the_request(client, alice, tess, file_request):
    from lifecycle import effects
    from tests.lifecycle.conftest import pending_effects

    request = move(
        file_request(alice, type_key="test_core", data={"documents_checked": True}),
        "take",
        tech=tess,
    )
    client.force_login(tess)
    client.post(action_url(request, "execute"), {"version": request.version})
    (effect,) = pending_effects(request, "request.core_action")
    effect.last_error = "Le cœur est indisponible."
    effects.core_action_dead(effect)

    page = client.get(detail_url(request)).content.decode()

    assert "action sur le compte a échoué :" in page
    assert "Le cœur est indisponible." in page
    assert 'data-transition="execute"' in page


def test_take_next_from_the_list_opens_the_claimed_request(client, alice, tess, file_request):
    request = file_request(alice)
    client.force_login(tess)

    response = client.post(reverse("helpdesk:backoffice_take_next"), follow=True)
    empty = client.post(reverse("helpdesk:backoffice_take_next"), follow=True)

    assert response.redirect_chain[-1][0] == detail_url(request)
    assert f"Demande {request.number} prise en charge." in response.content.decode()
    assert "Aucune demande en attente de prise en charge." in empty.content.decode()
