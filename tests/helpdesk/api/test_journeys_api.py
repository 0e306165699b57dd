"""Each request type's journey over the API only: the requester's token, the technician's token;
and the supervisor's figures, with a token he creates over the API.

The account core is the in-process sandbox; the outbox's relay and consumer run in this process
after each commit (``run_outbox``), as the worker would. Nobody touches a page or a service.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from rest_framework.test import APIClient

from lifecycle.models import Theme
from outbox.relay import effects_dispatch_due
from outbox.services import effect_execute
from sandbox_core.models import SandboxActor, SandboxResetLink
from tests.accounts_bridge.conftest import SIRET, make_companies
from tests.documents.files import pdf_upload
from users.api_tokens import api_token_create

pytestmark = pytest.mark.django_db

RECIPIENT = "etude.mandataire@example.com"


@pytest.fixture(autouse=True)
def companies(db) -> Any:
    return make_companies()


class Caller:
    """One user's API client, with his personal token."""

    def __init__(self, user: Any) -> None:
        _token, raw = api_token_create(user=user, name="Journey")
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")

    def get(self, path: str) -> Any:
        response = self.client.get(f"/api/v1/{path}")
        assert response.status_code == 200, response.content
        return response.json()

    def post(self, path: str, body: dict, *, status: int = 200, multipart: bool = False) -> Any:
        response = self.client.post(
            f"/api/v1/{path}", body, format="multipart" if multipart else "json"
        )
        assert response.status_code == status, response.content
        return response.json() if response.content else None

    def move(self, number: str, name: str, **fields: Any) -> dict:
        version = self.get(f"requests/{number}/")["version"]
        return self.post(f"requests/{number}/transitions/{name}/", {"version": version, **fields})


def run_outbox(on_commit: Any) -> None:
    """What the relay and the worker do after commit, in this process."""
    with on_commit(execute=True):
        effects_dispatch_due(publish=lambda pk: effect_execute(effect_id=pk))


def test_an_employer_has_an_administrator_removed_over_the_api(
    alice, tess, django_capture_on_commit_callbacks
):
    requester, technician = Caller(alice), Caller(tess)
    (removal,) = [t for t in requester.get("request-types/") if t["key"] == "admin_removal"]
    assert "beneficiary_last_name" in removal["fields"]["required"]

    filed = requester.post(
        "requests/",
        {
            "type": "admin_removal",
            "siret": SIRET,
            "removed_last_name": "Lefèvre",
            "removed_first_name": "Jean-François",
            "beneficiary_last_name": "Durand",
            "beneficiary_first_name": "Alice",
            "reason": "Départ à la retraite.",
            "acknowledgement": True,
        },
        status=201,
    )
    number = filed["number"]
    assert number in [r["number"] for r in technician.get("requests/?state=submitted")["results"]]

    technician.move(number, "take")
    technician.move(number, "request_info", message="Merci de préciser la date du départ.")
    asked = requester.get(f"requests/{number}/")
    assert asked["public_status_label"] == "En attente"
    requester.post(
        f"requests/{number}/messages/",
        {"body": "Départ le 31 mars.", "version": asked["version"]},
        status=201,
    )
    assert "execute" in [t["name"] for t in technician.get(f"requests/{number}/transitions/")]
    assert SandboxActor.objects.filter(last_name="Lefèvre", role="administrator").exists()
    technician.move(number, "execute")
    run_outbox(django_capture_on_commit_callbacks)

    done = requester.get(f"requests/{number}/")
    assert done["public_status_label"] == "Résolu"
    assert [e["public_status"] for e in done["timeline"]][-1] == "resolved"
    assert "history" not in done
    assert not SandboxActor.objects.filter(last_name="Lefèvre", role="administrator").exists()


def test_a_liquidator_gets_a_new_link_after_reopening_over_the_api(
    liam, tess, django_capture_on_commit_callbacks
):
    requester, technician = Caller(liam), Caller(tess)

    filed = requester.post(
        "requests/",
        {
            "type": "liquidator_access",
            "siret": SIRET,
            "recipient_email": RECIPIENT,
            "minutes": pdf_upload(),
        },
        status=201,
        multipart=True,
    )
    number = filed["number"]
    assert filed["subject"] == "LIQUIDATEUR JUDICIAIRE – PROCEDURE SPECIFIQUE"

    technician.move(number, "take")
    # The link is issued for one named administrator of the company, chosen by the technician.
    technician.move(number, "execute", administrator="Lefèvre|Jean-François")
    run_outbox(django_capture_on_commit_callbacks)
    resolved = requester.get(f"requests/{number}/")
    assert resolved["public_status_label"] == "Résolu"
    assert "reinitialisation" not in str(resolved)  # the link is e-mailed, never shown
    assert [t["name"] for t in resolved["allowed_transitions"]] == ["reopen"]

    requester.move(number, "reopen", message="Le lien a expiré.")
    assert requester.get(f"requests/{number}/")["public_status_label"] == "Mis à jour"
    technician.move(number, "execute")
    run_outbox(django_capture_on_commit_callbacks)

    assert requester.get(f"requests/{number}/")["public_status_label"] == "Résolu"
    old, new = SandboxResetLink.objects.order_by("issued_at", "pk")
    assert old.revoked_at is not None
    assert new.revoked_at is None
    assert len([m for m in mail.outbox if m.to == [RECIPIENT]]) == 2


def test_an_employer_cancels_an_establishments_enrolment_over_the_api(
    alice, tess, django_capture_on_commit_callbacks
):
    requester, technician = Caller(alice), Caller(tess)

    filed = requester.post(
        "requests/",
        {
            "type": "enrolment_cancellation",
            "scope": "establishment",
            "siret": "73282932000108",
            "siren": "",
            "requester_last_name": "Durand",
            "requester_first_name": "Alice",
            "reason": "wrong_type",
            "details": "",
            "acknowledgement": True,
        },
        status=201,
    )
    number = filed["number"]
    technician.move(number, "take")
    technician.move(number, "execute")
    run_outbox(django_capture_on_commit_callbacks)

    assert requester.get(f"requests/{number}/")["public_status_label"] == "Résolu"
    assert technician.get(f"requests/{number}/")["state"] == "resolved"


def test_a_question_is_answered_and_resolved_over_the_api(alice, tess):
    importlib.import_module("lifecycle.migrations.0003_seed_themes").seed(apps, None)
    theme = Theme.objects.get(name="Se connecter sur le site", parent=None)
    subtheme = theme.subthemes.get(name="Connexion par mot de passe")
    requester, technician = Caller(alice), Caller(tess)

    filed = requester.post(
        "requests/",
        {
            "type": "question",
            "theme": theme.pk,
            "subtheme": subtheme.pk,
            "subject": "Mot de passe refusé",
            "question": "Mon mot de passe est refusé depuis hier.",
            "siret": "",
        },
        status=201,
    )
    number = filed["number"]
    technician.move(number, "take")
    technician.post(
        f"requests/{number}/messages/", {"body": "Note : cas connu.", "internal": True}, status=201
    )
    technician.move(
        number, "resolve", outcome="done", message="Réinitialisez-le depuis la page de connexion."
    )

    answered = requester.get(f"requests/{number}/")
    assert answered["public_status_label"] == "Résolu"
    bodies = [m["body"] for m in answered["messages"]]
    assert "Réinitialisez-le depuis la page de connexion." in bodies
    assert "Note : cas connu." not in bodies


def test_a_supervisor_reads_the_figures_over_the_api(
    alice, tess, sam, django_capture_on_commit_callbacks
):
    requester, technician = Caller(alice), Caller(tess)
    filed = requester.post(
        "requests/",
        {
            "type": "enrolment_cancellation",
            "scope": "establishment",
            "siret": "73282932000108",
            "siren": "",
            "requester_last_name": "Durand",
            "requester_first_name": "Alice",
            "reason": "wrong_type",
            "details": "",
            "acknowledgement": True,
        },
        status=201,
    )
    technician.move(filed["number"], "take")
    technician.move(filed["number"], "execute")
    run_outbox(django_capture_on_commit_callbacks)
    signed_in = APIClient()
    signed_in.force_login(sam)
    created = signed_in.post("/api/v1/me/tokens/", {"name": "Tableau de bord"}, format="json")
    assert created.status_code == 201, created.content
    supervisor = APIClient()
    supervisor.credentials(HTTP_AUTHORIZATION=f"Bearer {created.json()['token']}")

    figures = supervisor.get("/api/v1/figures/").json()
    narrowed = supervisor.get(
        "/api/v1/figures/", {"type": "enrolment_cancellation", "technician": tess.pk}
    ).json()
    other_type = supervisor.get("/api/v1/figures/", {"type": "admin_removal"}).json()
    bad = supervisor.get("/api/v1/figures/", {"start": "2026-03-31", "end": "2026-03-01"})

    assert (figures["period"]["filed"], figures["period"]["resolved"]) == (1, 1)
    assert figures["backlog"]["total"] == 0
    (load,) = narrowed["period"]["workload"]
    assert (load["technician"]["id"], load["taken"], load["resolved"]) == (tess.pk, 1, 1)
    assert [row["key"] for row in narrowed["period"]["times_by_type"]] == ["enrolment_cancellation"]
    assert other_type["period"]["filed"] == 0
    assert bad.status_code == 400
    assert bad.json()["fields"] == {"start": ["La date de début est postérieure à la date de fin."]}
    assert Caller(tess).client.get("/api/v1/figures/").status_code == 403
