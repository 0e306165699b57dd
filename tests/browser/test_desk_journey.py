"""A supervisor's morning in a real browser: sign in, land on the desk, see a late request, open
it to read why, reassign it, export the late list as CSV; axe finds nothing serious, at desktop
and at phone width, and the page never scrolls sideways.

Screenshots go to $GUICHET_SCREENSHOT_DIR when set (to look at them), else to the test's tmp dir.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from lifecycle.models import Request, TransitionLog
from tests.conftest import PASSWORD
from tests.support.axe import assert_accessible
from tests.support.desk_data import desk_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("GUICHET_SCREENSHOT_DIR", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _no_sideways_scroll(page) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, overflow


def _default_sla_policies() -> None:
    import importlib

    from django.apps import apps

    from sla.models import WorkingCalendar

    if not WorkingCalendar.objects.exists():
        migration = importlib.import_module("sla.migrations.0002_default_calendar_and_policies")
        migration.create_defaults(apps, None)


def test_a_supervisor_finds_a_late_request_reassigns_it_and_exports_the_list(
    page, chromium, live_server, sam, tess, theo, alice, tmp_path
):
    _default_sla_policies()  # a transactional test before this one may have flushed them
    now = timezone.now()
    late = desk_request(
        alice,
        type_key="question",
        state="in_progress",
        assignee=tess,
        filed_at=now - timedelta(days=12),
        first_response_at=now - timedelta(days=11),
        resolution_due=now - timedelta(days=4),
        sla_status="breached",
        subject="Accès au compte de l'entreprise",
    )
    # Its history, as the real filing and taking wrote it: the SLA is recomputed from it when
    # the supervisor reassigns the request, and it must still be late then.
    TransitionLog.objects.create(
        request=late,
        name="file",
        from_state="",
        to_state="submitted",
        actor=alice,
        actor_role="requester",
        at=now - timedelta(days=12),
    )
    TransitionLog.objects.create(
        request=late,
        name="take",
        from_state="submitted",
        to_state="in_progress",
        actor=tess,
        actor_role="technician",
        at=now - timedelta(days=12) + timedelta(minutes=1),
    )
    desk_request(
        alice,
        type_key="question",
        filed_at=now - timedelta(hours=1),
        resolution_due=now + timedelta(days=3),
    )
    shots = _shots(tmp_path)

    page.goto(reverse("users:login"))
    page.get_by_label("Adresse électronique").fill(sam.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.wait_for_url("**/espace/pilotage/")
    late_list = page.locator("section[aria-labelledby=liste-en-retard]")
    assert late.number in late_list.inner_text()
    assert "dépassé de" in late_list.inner_text()
    assert "Tess Technicienne" in late_list.inner_text()
    page.screenshot(path=str(shots / "desk-desktop.png"), full_page=True)
    _no_sideways_scroll(page)
    assert_accessible(page)

    # Why is it late: its staff page (the SLA timeline is built there by another part of issue 11).
    late_list.get_by_role("link", name=late.number).click()
    page.wait_for_url(f"**/guichet/demandes/{late.number}/")
    assert late.number in page.locator("main").inner_text()
    page.go_back()

    late_list = page.locator("section[aria-labelledby=liste-en-retard]")
    late_list.get_by_label(f"Sélectionner {late.number}").check()
    late_list.get_by_label("Attribuer à").select_option(label="Théo Technicien")
    late_list.get_by_role("button", name="Attribuer la sélection").click()

    page.wait_for_load_state()
    assert "1 demande(s) attribuée(s) à Théo Technicien" in page.locator(".messages").inner_text()
    assert Request.objects.get(pk=late.pk).assignee == theo
    page.goto(reverse("helpdesk:backoffice_detail", args=[late.number]))
    assert "Théo Technicien" in page.locator("main").inner_text()
    page.go_back()

    with page.expect_download() as download_info:
        page.locator("section[aria-labelledby=liste-en-retard]").get_by_role(
            "link", name="Exporter la liste (CSV)"
        ).click()
    download = download_info.value
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Numéro"
    assert [row[0] for row in rows[1:]] == [late.number]
    assert rows[1][4] == "Théo Technicien"

    page.set_viewport_size({"width": 360, "height": 740})
    page.reload()
    _no_sideways_scroll(page)
    page.screenshot(path=str(shots / "desk-narrow.png"), full_page=True)
    page.screenshot(path=str(shots / "desk-narrow-top.png"))
    page.locator("section[aria-labelledby=a-surveiller]").screenshot(
        path=str(shots / "desk-narrow-lists.png")
    )
    assert_accessible(page)


def test_a_technician_is_told_in_french_the_desk_is_not_his(page, live_server, tess):
    page.goto(reverse("users:login"))
    page.get_by_label("Adresse électronique").fill(tess.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/espace/guichet/")

    response = page.goto(reverse("helpdesk:desk"))

    assert response is not None
    assert response.status == 403
    assert "Accès réservé aux superviseurs" in page.locator("h1").inner_text()
    assert_accessible(page)
