"""The whole journey of each request type, as its users live it.

A newcomer registers and confirms his address through the pages (Django test client), files the
request (the form asks the sandbox core over HTTP, served by the live server), a technician
takes it and asks for information from the staff page, the requester answers, the technician
executes (or answers); a REAL Celery worker, configured with the HTTP adapter, performs the
core action and the status e-mails (to files, read back here). Everything runs on the test
PostgreSQL and Redis.
"""

from __future__ import annotations

import email
import re
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from lifecycle.models import Request, Theme, TransitionLog
from outbox.models import OutboxEffect
from sandbox_core.models import SandboxActor, SandboxEstablishment, SandboxRight
from tests.accounts_bridge.conftest import make_companies
from tests.support.worker import pump_outbox, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PASSWORD = "Un-mot-de-passe-solide-42"
REMOVAL = {
    "siret": "73282932000074",
    "removed_last_name": "Lefèvre",
    "removed_first_name": "Jean-François",
    "beneficiary_last_name": "Durand",
    "beneficiary_first_name": "Alice",
    "reason": "Départ à la retraite.",
    "acknowledgement": "on",
}


class Mailbox:
    """The e-mails the worker wrote with Django's file backend."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def messages(self) -> list[EmailMessage]:
        found: list[EmailMessage] = []
        for path in sorted(self.directory.glob("*")):
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if raw.strip():
                    found.append(email.message_from_bytes(raw, policy=policy.default))
        return found

    def find(self, subject: str, *, to: str = "") -> EmailMessage | None:
        return next(
            (
                m
                for m in self.messages()
                if subject in str(m["subject"]) and (not to or to in str(m["to"]))
            ),
            None,
        )


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())


def start_journey(
    live_server: Any, settings: Any, factory: Any, tmp_path: Path, *, worker_core_url: str = ""
) -> Mailbox:
    """The sandbox companies, the HTTP core for the web and the worker, a worker, a mailbox."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_companies()
    core_url = f"{live_server.url}/sandbox/api/v1"
    settings.GUICHET_CORE_ADAPTER = "http"
    settings.GUICHET_CORE_URL = core_url
    settings.GUICHET_CORE_TOKEN = settings.SANDBOX_CORE_API_TOKEN
    settings.GUICHET_CORE_TIMEOUT = 10.0
    var_dir = tmp_path / "worker-var"
    factory(
        env={
            "GUICHET_CORE_ADAPTER": "http",
            "GUICHET_CORE_URL": worker_core_url or core_url,
            "GUICHET_CORE_TOKEN": settings.SANDBOX_CORE_API_TOKEN,
            "GUICHET_CORE_TIMEOUT": "2",
            "GUICHET_VAR_DIR": str(var_dir),
            "EMAIL_URL": "",
        }
    )
    return Mailbox(var_dir / "mail")


@pytest.fixture
def journey(db, live_server, settings, monkeypatch, celery_worker_factory, tmp_path) -> Mailbox:
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    return start_journey(live_server, settings, celery_worker_factory, tmp_path)


@pytest.fixture
def journey_core_down_in_worker(
    db, live_server, settings, monkeypatch, celery_worker_factory, tmp_path
) -> Mailbox:
    """The web reaches the core; the worker does not (a closed loopback port)."""
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    settings.GUICHET_OUTBOX_MAX_ATTEMPTS = 3
    return start_journey(
        live_server,
        settings,
        celery_worker_factory,
        tmp_path,
        worker_core_url="http://127.0.0.1:9/sandbox/api/v1",
    )


def register_and_verify(
    client: Client, mailbox: Mailbox, *, email_address: str, last: str, first: str
) -> None:
    """ "S'inscrire", then the confirmation link from the e-mail (sent by the worker through the
    outbox), then "Se connecter"."""
    response = client.post(
        reverse("users:register"),
        {
            "email": email_address,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "last_name": last,
            "first_name": first,
            "profile": "employer",
            "siret": "73282932000074",
        },
    )
    assert response.status_code == 302, response.content.decode()
    confirmation = wait_until(
        lambda: mailbox.find("Confirmez votre adresse", to=email_address),
        pump=pump_outbox,
        message="the confirmation e-mail",
    )
    assert confirmation is not None
    match = re.search(r"/compte/verification/([^/\s]+)/", text_of(confirmation))
    assert match, text_of(confirmation)
    confirm = client.post(reverse("users:verify_email", args=[match.group(1)]))
    assert confirm.status_code == 302
    login = client.post(reverse("users:login"), {"username": email_address, "password": PASSWORD})
    assert login.status_code == 302


def file(client: Client, type_key: str, fields: dict[str, Any]) -> Request:
    response = client.post(reverse("helpdesk:request_form", args=[type_key]), fields)
    assert response.status_code == 302, response.content.decode()
    return Request.objects.get(number=response["Location"].rstrip("/").split("/")[-1])


def staff_act(staff: Client, ticket: Request, name: str, **fields: str) -> Request:
    """Press a button of the staff page: it must be shown, then the POST must succeed."""
    page = staff.get(reverse("helpdesk:backoffice_detail", args=[ticket.number])).content.decode()
    assert f'data-transition="{name}"' in page
    ticket.refresh_from_db()
    url = reverse("helpdesk:backoffice_transition", args=[ticket.number, name])
    response = staff.post(url, {"version": ticket.version, **fields}, follow=True)
    assert "effectuée" in response.content.decode(), response.content.decode()
    ticket.refresh_from_db()
    return ticket


def ask_and_answer(staff: Client, requester: Client, ticket: Request, mailbox: Mailbox) -> None:
    """The technician takes the request and asks for information; the requester answers."""
    ticket = staff_act(staff, ticket, "take")
    ticket = staff_act(staff, ticket, "request_info", message="Pouvez-vous préciser la date ?")
    assert ticket.state == "awaiting_requester"
    wait_until(
        lambda: mailbox.find(f"Demande {ticket.number} : En attente"),
        pump=pump_outbox,
        message="the e-mail asking for information",
    )
    url = reverse("helpdesk:request_action", args=[ticket.number, "answer"])
    response = requester.post(url, {"version": ticket.version, "message": "Le 1er décembre."})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.state == "updated"


def wait_resolved(ticket: Request, mailbox: Mailbox) -> EmailMessage:
    wait_until(
        lambda: Request.objects.get(pk=ticket.pk).state == "resolved",
        pump=pump_outbox,
        timeout=60,
        message="the request to be resolved",
    )
    found = wait_until(
        lambda: mailbox.find(f"Demande {ticket.number} : Résolu"),
        pump=pump_outbox,
        message="the resolution e-mail",
    )
    assert found is not None
    return found


@pytest.fixture
def staff(tess) -> Client:
    client = Client()
    client.force_login(tess)
    return client


def test_an_administrator_is_removed_and_his_rights_transferred(journey, staff):
    requester = Client()
    register_and_verify(
        requester, journey, email_address="nina@example.com", last="Lemaire", first="Nina"
    )
    ticket = file(requester, "admin_removal", REMOVAL)
    ask_and_answer(staff, requester, ticket, journey)
    page = staff.get(reverse("helpdesk:backoffice_detail", args=[ticket.number])).content.decode()
    assert "Radier l&#x27;administrateur et transférer ses habilitations" in page

    staff_act(staff, ticket, "execute")

    resolved = wait_resolved(ticket, journey)
    assert not SandboxActor.objects.filter(last_name="Lefèvre").exists()
    assert SandboxRight.objects.get(
        actor__last_name="Durand", establishment__siret="73282932000074"
    ).can_pay
    assert "transférées à DURAND Alice" in text_of(resolved)
    assert resolved["to"] == "nina@example.com"
    # The append-only history keeps ids and counts of the core's answer, never a name.
    history = TransitionLog.objects.get(request__number=ticket.number, name="core_succeeded")
    kept = history.details["core_result"]
    assert kept == {"transferred_rights": 1}
    assert not {"removed", "beneficiary"} & set(kept)
    assert "Lefèvre" not in str(history.details)


def test_an_establishments_enrolment_is_cancelled(journey, staff):
    requester = Client()
    register_and_verify(
        requester, journey, email_address="alice.d@example.com", last="Durand", first="Alice"
    )
    ticket = file(
        requester,
        "enrolment_cancellation",
        {
            "scope": "establishment",
            "siret": "73282932000108",
            "requester_last_name": "Durand",
            "requester_first_name": "Alice",
            "reason": "wrong_type",
            "acknowledgement": "on",
        },
    )
    ask_and_answer(staff, requester, ticket, journey)

    staff_act(staff, ticket, "execute")

    resolved = wait_resolved(ticket, journey)
    establishment = SandboxEstablishment.objects.get(siret="73282932000108")
    assert establishment.enrolment_status == "cancelled"
    assert "L'inscription de l'établissement (SIRET 73282932000108) est résiliée" in text_of(
        resolved
    )


def test_a_question_is_answered(journey, staff):
    requester = Client()
    register_and_verify(
        requester, journey, email_address="omar@example.com", last="Benali", first="Omar"
    )
    # A transactional test starts from an emptied database: the seeded themes are recreated.
    theme, _ = Theme.objects.get_or_create(name="Se connecter sur le site", parent=None)
    Theme.objects.get_or_create(name="Connexion par mot de passe", parent=theme)
    ticket = file(
        requester,
        "question",
        {
            "theme": theme.pk,
            "subtheme": theme.subthemes.get(name="Connexion par mot de passe").pk,
            "subject": "Mot de passe refusé",
            "question": "Mon mot de passe est refusé depuis hier.",
        },
    )
    ask_and_answer(staff, requester, ticket, journey)

    staff_act(
        staff,
        ticket,
        "resolve",
        outcome="done",
        message="Utilisez « Mot de passe oublié » sur la page de connexion.",
    )

    resolved = wait_resolved(ticket, journey)
    assert "Utilisez « Mot de passe oublié »" in text_of(resolved)
    assert Request.objects.get(pk=ticket.pk).subtheme == "Connexion par mot de passe"


def test_a_core_down_at_execution_keeps_the_request_executing_then_returns_it_with_the_error(
    journey_core_down_in_worker, staff
):
    requester = Client()
    register_and_verify(
        requester,
        journey_core_down_in_worker,
        email_address="nina@example.com",
        last="Lemaire",
        first="Nina",
    )
    ticket = file(requester, "admin_removal", REMOVAL)
    ticket = staff_act(staff, ticket, "take")

    staff_act(staff, ticket, "execute")

    effect = wait_until(
        lambda: OutboxEffect.objects.filter(
            kind="request.core_action", attempts__gte=1, status="pending"
        ).first(),
        pump=pump_outbox,
        message="a first failed attempt",
    )
    assert effect is not None
    page = staff.get(reverse("helpdesk:backoffice_detail", args=[ticket.number])).content.decode()
    assert Request.objects.get(pk=ticket.pk).state == "executing"
    assert "Action en cours sur le service des comptes." in page
    assert f"1 tentative sur {effect.max_attempts}" in page
    assert "momentanément indisponible" in page
    wait_until(
        lambda: Request.objects.get(pk=ticket.pk).state == "in_progress",
        pump=pump_outbox,
        timeout=60,
        message="the request to return to its technician",
    )
    page = staff.get(reverse("helpdesk:backoffice_detail", args=[ticket.number])).content.decode()
    assert "L'action sur le compte a échoué :</strong>" in page
    assert "Le service des comptes est momentanément indisponible" in page
    assert 'data-transition="execute"' in page
    assert SandboxActor.objects.filter(last_name="Lefèvre").exists()
