"""The liquidator's whole journey, end to end: Django test client, PostgreSQL, a REAL Celery
worker on Redis, and the sandbox core over HTTP (a live server), from registration to the
liquidated company's menu — then the link expires, the request is reopened, a new link works
and the old one is refused.

Who sends what: the desk's status e-mails are sent by the worker (files in ``worker_mail``);
the link e-mail and the password confirmation are sent by the core, i.e. the sandbox served by
the live server in this process (Django's test mailbox). Time travel: the 8 hours pass on the
sandbox's clock (``sandbox_core.clock``), which runs in this process — the worker
only reaches the core over HTTP, so it needs no clock of its own.
"""

from __future__ import annotations

import email
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.db import connections
from django.test import Client
from django.urls import reverse

from lifecycle.models import Request
from sandbox_core import clock as sandbox_clock
from sandbox_core.models import SandboxResetLink
from tests.accounts_bridge.conftest import LINK_RE, SIRET, MovableClock, make_companies
from tests.documents.files import pdf_upload
from tests.support.worker import pump_outbox, wait_until
from users.models import User

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PASSWORD = "Un-mot-de-passe-solide-42"
LIQUIDATOR = "maitre.lenoir@example.com"
RECIPIENT = "liquidations@etude-lenoir.example"
NEW_CORE_PASSWORD = "Liquid4tion2!"


@pytest.fixture
def clock(monkeypatch) -> MovableClock:
    movable = MovableClock(datetime.now(UTC))
    monkeypatch.setattr(sandbox_clock, "now", movable.now)
    return movable


@pytest.fixture
def desk(live_server, settings, monkeypatch, tmp_path, celery_worker_factory) -> Path:
    """Web (this process) and worker both use the core over HTTP; returns the worker's mail dir."""
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    core_url = f"{live_server.url}/sandbox/api/v1"
    settings.GUICHET_CORE_ADAPTER = "http"
    settings.GUICHET_CORE_URL = core_url
    settings.GUICHET_CORE_TOKEN = settings.SANDBOX_CORE_API_TOKEN
    settings.GUICHET_CORE_TIMEOUT = 10.0
    settings.SANDBOX_RESET_BASE_URL = live_server.url
    settings.GUICHET_BASE_URL = live_server.url
    worker_mail = tmp_path / "worker-mail"
    worker_mail.mkdir()
    celery_worker_factory(
        env={
            "GUICHET_CORE_ADAPTER": "http",
            "GUICHET_CORE_URL": core_url,
            "GUICHET_CORE_TOKEN": settings.SANDBOX_CORE_API_TOKEN,
            "GUICHET_CORE_TIMEOUT": "10",
            "GUICHET_BASE_URL": live_server.url,
            "EMAIL_URL": f"filemail:///{worker_mail}",
        }
    )
    return worker_mail


def worker_emails(directory: Path) -> list[email.message.Message]:
    """Every message the worker's file backend wrote (one file per connection)."""
    messages = []
    for path in sorted(directory.iterdir()):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk.strip()))
    return messages


def text_of(message: email.message.Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    return ""


def status_email(directory: Path, number: str, status: str) -> str | None:
    for message in worker_emails(directory):
        body = text_of(message)
        if message["To"] == LIQUIDATOR and number in body and f"Statut : {status}" in body:
            return body
    return None


def link_emails() -> list[str]:
    """The reset links the core e-mailed to the address of the request, oldest first."""
    return [
        "/sandbox/reinitialisation/" + LINK_RE.search(str(m.body)).group(1) + "/"  # type: ignore[union-attr]
        for m in mail.outbox
        if m.to == [RECIPIENT] and LINK_RE.search(str(m.body))
    ]


def state_of(number: str) -> str:
    return Request.objects.get(number=number).state


def version_of(number: str) -> int:
    return Request.objects.get(number=number).version


def staff_action(tech: Client, number: str, name: str, **fields: Any) -> Any:
    url = reverse("helpdesk:backoffice_transition", args=[number, name])
    response = tech.post(url, {"version": version_of(number), **fields}, follow=True)
    assert "effectuée." in response.text, response.text
    return response


def confirmation_email(directory: Path) -> str | None:
    for message in worker_emails(directory):
        if message["To"] == LIQUIDATOR and "/compte/verification/" in text_of(message):
            return text_of(message)
    return None


def register_and_verify(client: Client, worker_mail: Path) -> User:
    response = client.post(
        reverse("users:register"),
        {
            "email": LIQUIDATOR,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "last_name": "Lenoir",
            "first_name": "Claire",
            "profile": User.Profile.LIQUIDATOR,
            "siret": "35600000009075",
        },
    )
    assert response.status_code == 302
    # The confirmation e-mail is an outbox effect: the worker sends it.
    body = wait_until(
        lambda: confirmation_email(worker_mail), pump=pump_outbox, message="the confirmation"
    )
    assert body is not None
    path = re.search(r"/compte/verification/[^/\s]+/", body)
    assert path, body
    assert client.post(path.group(0)).status_code == 302
    login = client.post(reverse("users:login"), {"username": LIQUIDATOR, "password": PASSWORD})
    assert login.status_code == 302
    user = User.objects.get(email=LIQUIDATOR)
    assert user.email_verified_at is not None
    return user


def test_the_liquidator_gets_the_companys_account_and_a_new_link_when_the_first_expired(
    desk, clock, tess
):
    make_companies()
    liquidator = Client()
    register_and_verify(liquidator, desk)

    # --- He files, with the court minutes --------------------------------------------------
    form_url = reverse("helpdesk:request_form", args=["liquidator_access"])
    filed = liquidator.post(
        form_url, {"siret": SIRET, "recipient_email": RECIPIENT, "minutes": pdf_upload()}
    )
    assert filed.status_code == 302, filed.text
    ticket = Request.objects.get()
    number = ticket.number
    assert ticket.subject == "LIQUIDATEUR JUDICIAIRE – PROCEDURE SPECIFIQUE"

    # --- The technician takes it, asks for information; the liquidator answers ---------------
    tech = Client()
    tech.force_login(tess)
    staff_page = reverse("helpdesk:backoffice_detail", args=[number])
    assert 'data-transition="take"' in tech.get(staff_page).text
    staff_action(tech, number, "take")
    staff_action(tech, number, "request_info", message="Merci de joindre le jugement complet.")
    wait_until(
        lambda: status_email(desk, number, "En attente"),
        pump=pump_outbox,
        message="the 'En attente' e-mail",
    )
    answered = liquidator.post(
        reverse("helpdesk:request_action", args=[number, "answer"]),
        {
            "version": version_of(number),
            "message": "Voici le jugement complet.",
            "attachments": pdf_upload("jugement.pdf"),
        },
    )
    assert answered.status_code == 302
    assert state_of(number) == "updated"

    # --- He approves: the core e-mails the link; Résolu, the link never in the space ---------
    page = tech.get(staff_page).text
    assert "Envoyer au liquidateur le lien de réinitialisation (valable 8 heures)" in page
    assert '<option value="Lefèvre|Jean-François">LEFÈVRE Jean-François</option>' in page
    staff_action(tech, number, "execute", administrator="Lefèvre|Jean-François")
    wait_until(lambda: state_of(number) == "resolved", pump=pump_outbox, timeout=60)
    assert (
        SandboxResetLink.objects.filter(request_ref=number, recipient_email=RECIPIENT).count() == 1
    )
    body = wait_until(
        lambda: status_email(desk, number, "Résolu"), pump=pump_outbox, message="Résolu e-mail"
    )
    assert "Votre demande a été traitée." in str(body)
    space = liquidator.get(reverse("helpdesk:request_detail", args=[number])).text
    assert "Résolu" in space
    assert "Votre demande a été traitée." in space
    assert "reinitialisation" not in space
    (first_link,) = link_emails()
    assert 'data-link-status="issued"' in tech.get(staff_page).text

    # --- Eight hours later the link is dead; he reopens "lien expiré" -------------------------
    clock.advance(hours=8)
    browser = Client()
    assert browser.get(first_link).status_code == 302
    assert browser.get(reverse("sandbox:reset_triplet")).status_code == 410
    reopened = liquidator.post(
        reverse("helpdesk:request_action", args=[number, "reopen"]),
        {"version": version_of(number), "reason": "link_expired"},
    )
    assert reopened.status_code == 302
    assert state_of(number) == "updated"
    assert 'data-link-status="expired"' in tech.get(staff_page).text

    # --- One click re-issues: a new link; the old one stays refused --------------------------
    staff_action(tech, number, "execute")
    wait_until(lambda: state_of(number) == "resolved", pump=pump_outbox, timeout=60)
    wait_until(lambda: len(link_emails()) == 2, message="the second link e-mail")
    old, new = link_emails()
    assert old == first_link
    browser = Client()
    browser.get(old)
    assert browser.get(reverse("sandbox:reset_triplet")).status_code == 410

    # --- The new link: triplet, new password, the liquidated company's menu ------------------
    browser = Client()
    assert browser.get(new).status_code == 302
    assert browser.get(reverse("sandbox:reset_triplet")).status_code == 200
    triplet = browser.post(
        reverse("sandbox:reset_triplet"),
        {"siret": SIRET, "last_name": "LEFEVRE", "first_name": "jean-françois"},
    )
    assert triplet["Location"] == reverse("sandbox:reset_password")
    password = browser.post(
        reverse("sandbox:reset_password"),
        {"password": NEW_CORE_PASSWORD, "confirmation": NEW_CORE_PASSWORD},
    )
    assert password["Location"] == reverse("sandbox:login")
    signed_in = browser.post(
        reverse("sandbox:login"),
        {
            "siret": SIRET,
            "last_name": "Lefèvre",
            "first_name": "Jean-François",
            "password": NEW_CORE_PASSWORD,
        },
    )
    assert signed_in["Location"] == reverse("sandbox:menu")
    menu = browser.get(reverse("sandbox:menu")).text
    assert "Vos déclarations" in menu
    assert "Boulangerie Durand" in menu
    confirmations = [
        m for m in mail.outbox if m.to == [RECIPIENT] and not LINK_RE.search(str(m.body))
    ]
    assert len(confirmations) == 1  # R19: the liquidator's confirmation, once
    statuses = tech.get(staff_page).text
    assert 'data-link-status="used"' in statuses
    assert 'data-link-status="expired"' in statuses
