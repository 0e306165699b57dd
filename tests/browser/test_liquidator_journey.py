"""The liquidator's journey through the real pages in chromium: he files with the court minutes,
a technician approves from the staff page, the link from the e-mail opens the core's reset
pages, the triplet and a new password lead to the liquidated company's menu.

The core action runs through the real outbox path (relay, then ``effect_execute``) in this
process, with the in-process sandbox core; the worker and the HTTP core are the subject of
``tests/lifecycle/test_e2e_liquidator_access.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from lifecycle.models import Request
from outbox.relay import effects_dispatch_due
from outbox.services import effect_execute
from tests.accounts_bridge.conftest import LINK_RE, SIRET, make_companies
from tests.conftest import PASSWORD
from tests.documents.files import pdf_bytes
from tests.support.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECIPIENT = "liquidations@etude.example"


def sign_in(page: Any, email: str) -> None:
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()


def test_the_liquidator_files_the_technician_approves_and_the_link_opens_the_menu(
    page, chromium, live_server, settings, liam, tess
):
    settings.SANDBOX_RESET_BASE_URL = live_server.url
    make_companies()

    # --- The liquidator files: first without the minutes, refused in place ----------------
    sign_in(page, liam.email)
    page.goto("/espace/demandes/nouvelle/")
    page.get_by_role("link", name="Liquidateur judiciaire – procédure spécifique").click()
    assert page.locator("h1").inner_text() == "Liquidateur judiciaire – procédure spécifique"
    assert "LIQUIDATEUR JUDICIAIRE – PROCEDURE SPECIFIQUE" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_label("SIRET concerné").fill(SIRET)
    page.get_by_label("Mail du liquidateur à renseigner").fill(RECIPIENT)
    page.get_by_role("button", name="Envoyer").click()

    minutes_field = page.locator(".field", has=page.locator("#id_minutes"))
    assert "sera jugée non conforme" in minutes_field.inner_text()
    assert page.get_by_label("SIRET concerné").input_value() == SIRET
    assert not Request.objects.exists()
    assert_accessible(page)

    page.locator("#id_minutes").set_input_files(
        files=[{"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_role("button", name="Envoyer").click()
    ticket = Request.objects.get()
    page.wait_for_url(f"**/espace/demandes/{ticket.number}/")

    # --- The technician takes it, reads what approving does, approves -----------------------
    staff = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    staff.set_default_timeout(10_000)
    tech_page = staff.new_page()
    sign_in(tech_page, tess.email)
    tech_page.goto(f"/espace/guichet/demandes/{ticket.number}/")
    tech_page.locator('form[data-transition="take"] button[type=submit]').click()
    execute = tech_page.locator('form[data-transition="execute"]')
    assert "Envoyer au liquidateur le lien de réinitialisation" in execute.inner_text()
    assert "minutes.pdf" in tech_page.locator("#pieces ~ ul").inner_text()
    assert_accessible(tech_page)
    # The company has two administrators: the technician names the one the link is for.
    chooser = execute.get_by_label("Administrateur concerné")
    assert chooser.input_value() == ""  # no default among two
    assert chooser.evaluate("select => !select.checkValidity()")  # the form will not go
    chooser.select_option(label="LEFÈVRE Jean-François")
    execute.locator("button[type=submit]").click()
    assert "effectuée" in tech_page.locator(".messages").inner_text()

    effects_dispatch_due(publish=lambda pk: effect_execute(effect_id=pk))  # the outbox, here

    tech_page.reload()
    assert tech_page.locator('[data-state="resolved"]').count() == 1
    assert tech_page.locator('[data-link-status="issued"]').count() == 1
    assert_accessible(tech_page)
    staff.close()

    # --- His space says it was processed, without the link -----------------------------------
    page.reload()
    assert "Votre demande a été traitée." in page.locator("main").inner_text()
    assert "reinitialisation" not in page.content()

    # --- The link from the e-mail: triplet, password, the company's menu -----------------------
    (sent,) = [m for m in mail.outbox if m.to == [RECIPIENT]]
    found = LINK_RE.search(str(sent.body))
    assert found, sent.body
    page.goto(found.group(0))
    assert page.url.endswith("/sandbox/reinitialisation/")
    assert "Vous n'êtes plus sur le guichet" in page.locator("header").inner_text()
    # Another administrator of the same company does not open this link.
    page.get_by_label("SIRET").fill(SIRET)
    page.locator("#id_last_name").fill("Durand")
    page.locator("#id_first_name").fill("Alice")
    page.get_by_role("button", name="Valider").click()
    assert "ne permet pas d'accéder à ce compte" in page.locator("[role=alert]").inner_text()
    page.locator("#id_last_name").fill("Lefèvre")
    page.locator("#id_first_name").fill("Jean–François")  # typed with an en dash
    page.get_by_role("button", name="Valider").click()
    assert page.locator("h1").inner_text() == "Créez votre mot de passe"
    # He closes the tab; the link, not spent, opens again in a new window.
    page.context.close()
    again = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    again.set_default_timeout(10_000)
    page = again.new_page()
    page.goto(found.group(0))
    page.get_by_label("SIRET").fill(SIRET)
    page.locator("#id_last_name").fill("Lefèvre")
    page.locator("#id_first_name").fill("Jean-François")
    page.get_by_role("button", name="Valider").click()
    assert page.locator("h1").inner_text() == "Créez votre mot de passe"
    page.locator("#id_password").fill("Liquid4tion2!")
    page.locator("#id_confirmation").fill("Liquid4tion2!")
    page.get_by_role("button", name="Valider").click()
    assert page.locator("h1").inner_text() == "Connexion à votre compte"
    page.get_by_label("SIRET").fill(SIRET)
    page.locator("#id_last_name").fill("Lefèvre")
    page.locator("#id_first_name").fill("Jean-François")
    page.locator("#id_password").fill("Liquid4tion2!")
    page.get_by_role("button", name="Se connecter", exact=True).click()
    assert page.locator("h1").inner_text() == "Vos déclarations"
    assert "Boulangerie Durand" in page.locator("main").inner_text()
