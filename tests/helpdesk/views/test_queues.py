"""The queues page: the side menu with counts, filters, keyset pages, saved views, bad input."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lifecycle.models import Request, SavedQueue
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db

URL = "/espace/guichet/"


def get(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_is_the_backoffice_list_other_pages_link_to():
    assert reverse("helpdesk:backoffice_list") == URL


def test_it_shows_labels_the_company_and_the_sla_in_words(client, alice, tess, file_request):
    request = file_request(alice, data={"company_name": "Boulangerie Martin"}, subject="Radiation")
    client.force_login(tess)

    page = get(client)

    assert request.number in page
    assert "Boulangerie Martin" in page
    assert "73282932000074" in page
    assert "Radiation" in page
    assert "test_plain" not in page.split("<tbody>")[1]  # the type's label, not its key
    assert "Toutes les demandes ouvertes" in page
    assert "Mes demandes" in page
    assert "Personne" in page  # nobody assigned, in words


def test_resolved_requests_appear_only_on_demand(client, alice, tess, file_request):
    done = move(file_request(alice), "take", "resolve", tech=tess)
    client.force_login(tess)

    assert done.number not in get(client)
    assert done.number in get(client, view="resolved")


def test_bad_input_is_a_french_message_and_the_default_view_never_a_500(
    client, alice, tess, file_request
):
    request = file_request(alice)
    client.force_login(tess)

    page = get(client, view="nope", state="lost", cursor="forged", company="abc")

    assert "Cette file n&#x27;existe pas" in page
    assert "L&#x27;état demandé n&#x27;existe pas" in page
    assert "Le lien de pagination n&#x27;est pas valide" in page
    assert "Saisissez un SIRET (14 chiffres)" in page
    assert request.number in page


def test_the_next_page_link_follows_the_cursor(client, alice, tess, file_request, monkeypatch):
    from lifecycle import selectors_queues

    monkeypatch.setattr(selectors_queues, "PAGE_SIZE", 2)
    filed = [file_request(alice).number for _ in range(3)]
    client.force_login(tess)

    first = client.get(URL, {"sort": "filed"})
    next_url = first.context["next_url"]
    second = client.get(next_url).content.decode()

    assert filed[0] in first.content.decode()
    assert filed[2] not in first.content.decode()
    assert filed[2] in second
    assert filed[0] not in second
    assert "Première page" in second


def test_the_page_runs_a_constant_number_of_queries(
    client, alice, tess, file_request, forget_kept_figures
):
    client.force_login(tess)
    for _ in range(2):
        move(file_request(alice, data={"company_name": "A"}), "take", tech=tess)
    SavedQueue.objects.create(owner=tess, name="Les miennes", params={"view": "mine"})
    with CaptureQueriesContext(connection) as few:
        get(client, q="demande", company="732829320")

    for _ in range(6):
        move(file_request(alice), "take", tech=tess)
    SavedQueue.objects.create(owner=tess, name="Autres", params={"view": "open"})
    forget_kept_figures()
    with CaptureQueriesContext(connection) as many:
        page = get(client, q="demande", company="732829320")

    assert len(few) == len(many)
    assert page.count('data-number="') == 8


def test_a_technician_saves_a_view_and_finds_it_in_his_menu_only(client, tess, theo):
    client.force_login(tess)

    response = client.post(
        reverse("helpdesk:queue_save"),
        {"name": "  Mes  urgences ", "view": "late", "type": "test_plain", "state": "lost"},
        follow=True,
    )

    saved = SavedQueue.objects.get(owner=tess)
    assert saved.name == "Mes urgences"
    assert saved.params == {"view": "late", "sort": "due", "type": "test_plain"}
    assert "File « Mes urgences » enregistrée." in response.content.decode()
    assert "Mes urgences" in response.content.decode()
    client.force_login(theo)
    assert "Mes urgences" not in get(client)


def test_a_view_needs_a_name_and_only_its_owner_deletes_it(client, tess, theo):
    saved = SavedQueue.objects.create(owner=tess, name="À moi", params={"view": "mine"})
    client.force_login(theo)

    nameless = client.post(reverse("helpdesk:queue_save"), {"name": " "}, follow=True)
    foreign = client.post(reverse("helpdesk:queue_delete", args=[saved.pk]), follow=True)

    assert "Donnez un nom à cette file." in nameless.content.decode()
    assert "Cette file enregistrée n&#x27;existe pas." in foreign.content.decode()
    assert SavedQueue.objects.filter(pk=saved.pk).exists()
    client.force_login(tess)
    client.post(reverse("helpdesk:queue_delete", args=[saved.pk]))
    assert not SavedQueue.objects.filter(pk=saved.pk).exists()


def test_requesters_find_nothing_here(client, alice):
    client.force_login(alice)

    assert client.get(URL).status_code == 404
    assert client.post(reverse("helpdesk:queue_save"), {"name": "x"}).status_code == 404
    assert Request.objects.count() == 0


def test_one_row_is_taken_from_the_list_and_the_list_comes_back(client, alice, tess, file_request):
    request = file_request(alice)
    client.force_login(tess)

    response = client.post(
        reverse("helpdesk:queue_bulk"),
        {"one": f"{request.number}:{request.version}", "view": "unassigned"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == f"{URL}?view=unassigned&sort=due"
    assert f"1 demande traitée : {request.number}." in response.content.decode()
    assert Request.objects.get(pk=request.pk).assignee == tess


def test_a_bulk_action_lists_the_refused_requests_and_why(client, alice, tess, theo, file_request):
    free = file_request(alice)
    theirs = move(file_request(alice), "take", tech=theo)
    client.force_login(tess)

    page = client.post(
        reverse("helpdesk:queue_bulk"),
        {"action": "take", "pick": [f"{free.number}:1", f"{theirs.number}:1"]},
        follow=True,
    ).content.decode()

    assert f"1 demande traitée : {free.number}." in page
    assert f"{theirs.number} non traitée : La demande a été modifiée entre-temps" in page


def test_a_bulk_action_without_a_pick_is_a_french_message(client, tess):
    client.force_login(tess)

    page = client.post(reverse("helpdesk:queue_bulk"), {"action": "take"}, follow=True)

    assert "Sélectionnez au moins une demande." in page.content.decode()


def menu_count(page: str, label: str) -> str:
    """The count the side menu shows next to ``label``."""
    item = page.split(f"<span>{label}</span>", 1)[1]
    return item.split('class="queue-count"', 1)[1].split(">", 1)[1].split("<", 1)[0]


def test_the_menu_counts_are_kept_a_few_seconds_then_counted_again(
    client, alice, tess, file_request, forget_kept_figures
):
    file_request(alice)
    client.force_login(tess)
    assert menu_count(get(client), "Non attribuées") == "1"

    file_request(alice)  # by someone else: shown once the kept counts expire

    assert menu_count(get(client), "Non attribuées") == "1"
    forget_kept_figures()  # as COUNTS_TTL does
    assert menu_count(get(client), "Non attribuées") == "2"


def test_a_technicians_own_take_refreshes_his_counts_at_once(
    client, alice, tess, file_request, django_capture_on_commit_callbacks
):
    request = file_request(alice)
    client.force_login(tess)
    before = get(client)

    with django_capture_on_commit_callbacks(execute=True):
        move(request, "take", tech=tess)
    after = get(client)

    assert (menu_count(before, "Mes demandes"), menu_count(after, "Mes demandes")) == ("0", "1")
    assert menu_count(after, "Non attribuées") == "0"
