"""The sandbox core's home page: the companies a newcomer files requests with, and the demo's
clock (staff only, never in production)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from core_contract import PersonName
from sandbox_core import clock, demo
from sandbox_core.models import SandboxClock
from sandbox_core.services.reset import reset_link_issue, reset_link_status

pytestmark = pytest.mark.django_db

ADVANCE = "Avancer l'horloge du cœur de 8 heures"


@pytest.fixture
def companies():
    demo.load(stdout=io.StringIO())


def offset_hours() -> float:
    return clock.offset().total_seconds() / 3600


def test_it_lists_each_company_with_its_sirets_administrators_and_declarants(client, companies):
    page = client.get(reverse("sandbox:home")).content.decode()

    for text in (
        "Boulangerie Durand",
        "SIREN 732829320",
        "73282932000074",
        "DURAND Alice (administrateur et déclarant)",
        "LEFÈVRE Jean-François",
        "MARTIN Chloé",
        "La Poste",
        "35600000000048</span> — Siège",
        "35600000009075</span> — Agence de Lyon",
        "N&#x27;DIAYE Awa",
    ):
        assert text in page
    declarants = page.split("Déclarants")[1].split("</dd>")[0]
    assert "MARTIN Chloé" in declarants
    assert "LEFÈVRE" not in declarants


def test_the_clock_control_is_offered_to_staff_only(client, companies, alice, tess):
    client.force_login(alice)
    assert ADVANCE not in client.get(reverse("sandbox:home")).content.decode()

    client.force_login(tess)
    assert ADVANCE in client.get(reverse("sandbox:home")).content.decode()


def test_a_technician_moves_the_core_clock_8_hours_forward_then_back(client, tess):
    client.force_login(tess)

    response = client.post(reverse("sandbox:clock_move"), {"action": "advance"}, follow=True)

    assert offset_hours() == 8
    assert "L&#x27;horloge du cœur a avancé de 8 heures." in response.content.decode()
    assert "Elle avance de 8 heures sur l'heure réelle." in response.content.decode()
    assert abs(clock.now() - datetime.now(UTC) - timedelta(hours=8)) < timedelta(seconds=5)

    client.post(reverse("sandbox:clock_move"), {"action": "reset"})

    assert offset_hours() == 0


def test_the_offset_is_read_from_the_database_so_every_process_sees_it():
    SandboxClock.objects.create(pk=1, offset_seconds=3600)

    assert abs(clock.now() - datetime.now(UTC) - timedelta(hours=1)) < timedelta(seconds=5)


def test_moving_the_clock_makes_a_link_expire_as_8_hours_would(client, tess, companies):
    link = reset_link_issue(
        siret="73282932000074",
        administrator=PersonName("Lefèvre", "Jean-François"),
        recipient_email="liq@example.com",
        request_ref="demo-1",
    )
    assert reset_link_status(str(link.link_id)).status == "issued"
    client.force_login(tess)

    client.post(reverse("sandbox:clock_move"), {"action": "advance"})

    assert reset_link_status(str(link.link_id)).status == "expired"


@pytest.mark.parametrize("who", ["anonymous", "alice"])
def test_a_requester_or_a_visitor_cannot_move_the_clock(client, alice, who):
    if who == "alice":
        client.force_login(alice)

    response = client.post(reverse("sandbox:clock_move"), {"action": "advance"})

    assert response.status_code == 403
    assert offset_hours() == 0


def test_the_clock_never_moves_in_the_production_profile(client, tess, settings, companies):
    SandboxClock.objects.create(pk=1, offset_seconds=8 * 3600)
    settings.PRODUCTION = True
    client.force_login(tess)

    response = client.post(reverse("sandbox:clock_move"), {"action": "advance"})
    page = client.get(reverse("sandbox:home")).content.decode()

    assert response.status_code == 404
    assert ADVANCE not in page
    assert clock.offset() == timedelta(0)
    assert SandboxClock.objects.get(pk=1).offset_seconds == 8 * 3600


def test_the_clock_does_not_move_when_the_sandbox_is_disabled(client, tess, settings):
    settings.SANDBOX_CORE_ENABLED = False
    client.force_login(tess)

    response = client.post(reverse("sandbox:clock_move"), {"action": "advance"})

    assert response.status_code == 404
    assert offset_hours() == 0


def test_a_get_never_moves_the_clock(client, tess):
    client.force_login(tess)

    assert client.get(reverse("sandbox:clock_move")).status_code == 405
    assert offset_hours() == 0
