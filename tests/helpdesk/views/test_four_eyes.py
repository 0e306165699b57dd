"""Four eyes on the staff request page: ask, then a second person approves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lifecycle.machine import State
from lifecycle.models import Request
from tests.lifecycle.conftest import move

pytestmark = pytest.mark.django_db


def test_the_page_asks_then_shows_the_approval_to_the_other_person_only(
    client, settings, alice, tess, theo, file_request
):
    settings.GUICHET_FOUR_EYES_TYPES = ["test_core"]
    request = move(
        file_request(alice, type_key="test_core", data={"documents_checked": True}),
        "take",
        tech=tess,
    )
    detail = reverse("helpdesk:backoffice_detail", args=[request.number])
    client.force_login(tess)

    before = client.get(detail).content.decode()
    asked = client.post(
        reverse("helpdesk:backoffice_approval", args=[request.number, "ask"]),
        {"version": request.version},
        follow=True,
    ).content.decode()
    client.force_login(theo)
    for_theo = client.get(detail).content.decode()
    approved = client.post(
        reverse("helpdesk:backoffice_approval", args=[request.number, "approve"]),
        {"version": request.version},
        follow=True,
    ).content.decode()

    assert "Demander l'approbation" in before
    assert 'data-transition="execute"' not in before
    assert "Approbation demandée" in asked
    assert "Approuver et exécuter" not in asked  # not to the one who asked
    assert "Approuver et exécuter sur le compte" in for_theo
    assert "Exécution approuvée" in approved
    assert Request.objects.get(pk=request.pk).state == State.EXECUTING


def test_off_the_page_says_nothing_of_four_eyes(client, alice, tess, file_request):
    request = move(file_request(alice, type_key="test_core"), "take", tech=tess)
    client.force_login(tess)

    page = client.get(reverse("helpdesk:backoffice_detail", args=[request.number]))

    assert "Exécution à deux" not in page.content.decode()


def test_a_bad_step_or_version_is_refused_not_a_500(client, alice, tess, file_request):
    request = file_request(alice)
    client.force_login(tess)

    bad_step = client.post(reverse("helpdesk:backoffice_approval", args=[request.number, "x"]))
    no_version = client.post(
        reverse("helpdesk:backoffice_approval", args=[request.number, "ask"]), follow=True
    )

    assert bad_step.status_code == 404
    assert "rechargez-la" in no_version.content.decode()


def test_the_other_person_refuses_on_the_page_with_a_reason(
    client, settings, alice, tess, theo, file_request
):
    settings.GUICHET_FOUR_EYES_TYPES = ["test_core"]
    request = move(
        file_request(alice, type_key="test_core", data={"documents_checked": True}),
        "take",
        tech=tess,
    )
    client.force_login(tess)
    client.post(
        reverse("helpdesk:backoffice_approval", args=[request.number, "ask"]),
        {"version": request.version},
    )
    refuse = reverse("helpdesk:backoffice_approval", args=[request.number, "refuse"])
    client.force_login(theo)

    for_theo = client.get(reverse("helpdesk:backoffice_detail", args=[request.number]))
    blank = client.post(refuse, {"version": request.version, "motif": ""}, follow=True)
    refused = client.post(
        refuse, {"version": request.version, "motif": "Le PV n'est pas signé."}, follow=True
    )

    assert "Refuser l'exécution" in for_theo.content.decode()
    assert "Indiquez le motif du refus." in blank.content.decode()
    page = refused.content.decode()
    assert "Exécution refusée : le motif est dans les notes internes." in page
    assert "Le PV n&#x27;est pas signé." in page
    assert Request.objects.get(pk=request.pk).state == State.IN_PROGRESS
