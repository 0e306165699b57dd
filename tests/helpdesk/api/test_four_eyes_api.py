"""Four eyes over the API: a technician asks, another technician or a supervisor approves or
refuses, never the one who asked; the steps are listed with the allowed transitions."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from lifecycle.models import ExecutionApproval
from lifecycle.services.requests import CORE_ACTION
from outbox.models import OutboxEffect
from sandbox_core.models import SandboxActor
from tests.accounts_bridge.conftest import SIRET
from tests.helpdesk.api.test_journeys_api import Caller, companies, run_outbox  # noqa: F401
from users.api_tokens import api_token_create

pytestmark = pytest.mark.django_db

REMOVAL = {
    "type": "admin_removal",
    "siret": SIRET,
    "removed_last_name": "Lefèvre",
    "removed_first_name": "Jean-François",
    "beneficiary_last_name": "Durand",
    "beneficiary_first_name": "Alice",
    "reason": "Départ à la retraite.",
    "acknowledgement": True,
}


@pytest.fixture(autouse=True)
def four_eyes_on(settings):
    settings.GUICHET_FOUR_EYES_TYPES = ["admin_removal"]


def names(caller: Caller, number: str) -> list[str]:
    return [t["name"] for t in caller.get(f"requests/{number}/transitions/")]


def step(caller: Any, number: str, name: str, version: int, key: str = "", **body: Any) -> Any:
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return caller.client.post(
        f"/api/v1/requests/{number}/transitions/{name}/",
        {"version": version, **body},
        format="json",
        **headers,
    )


@pytest.fixture
def taken(alice, tess) -> str:
    number = Caller(alice).post("requests/", REMOVAL, status=201)["number"]
    Caller(tess).move(number, "take")
    return number


def test_a_technician_asks_and_a_supervisor_approves_over_the_api(
    taken, tess, sam, django_capture_on_commit_callbacks
):
    technician, supervisor = Caller(tess), Caller(sam)
    assert "execute" not in names(technician, taken)
    assert "ask_approval" in names(technician, taken)
    version = technician.get(f"requests/{taken}/")["version"]

    asked = step(technician, taken, "ask_approval", version, key="ask-1")

    assert asked.status_code == 200, asked.content
    assert "ask_approval" not in names(technician, taken)
    assert "approve_execution" not in names(technician, taken)
    waiting = supervisor.get(f"requests/{taken}/")["execution_approval"]
    assert (waiting["requested_by"], waiting["version"]) == ("tess@example.com", version)
    assert {"approve_execution", "refuse_execution"} <= set(names(supervisor, taken))
    approved = step(supervisor, taken, "approve_execution", version, key="approve-1")
    assert approved.status_code == 200, approved.content
    assert approved.json()["state"] == "executing"
    assert approved.json()["execution_approval"] is None
    again = step(supervisor, taken, "approve_execution", version, key="approve-1")
    assert (again.status_code, again.json()) == (200, approved.json())
    assert OutboxEffect.objects.filter(kind=CORE_ACTION).count() == 1
    run_outbox(django_capture_on_commit_callbacks)
    assert technician.get(f"requests/{taken}/")["state"] == "resolved"
    assert not SandboxActor.objects.filter(last_name="Lefèvre", role="administrator").exists()
    approval = ExecutionApproval.objects.get()
    assert (approval.requested_by, approval.approved_by) == (tess, sam)


def test_the_one_who_asked_never_approves_nor_refuses_over_the_api(taken, tess):
    technician = Caller(tess)
    version = technician.get(f"requests/{taken}/")["version"]
    assert step(technician, taken, "ask_approval", version).status_code == 200

    approve = step(technician, taken, "approve_execution", version)
    refuse = step(technician, taken, "refuse_execution", version, message="Non.")

    for answer in (approve, refuse):
        assert answer.status_code == 403
        assert answer.json() == {
            "code": "same_person",
            "message": "Vous avez demandé cette exécution : une autre personne doit l'approuver.",
            "fields": {},
        }
    assert technician.get(f"requests/{taken}/")["state"] == "in_progress"


def test_another_technician_refuses_with_a_reason_and_the_asker_asks_again(taken, tess, theo):
    technician, other = Caller(tess), Caller(theo)
    version = technician.get(f"requests/{taken}/")["version"]
    step(technician, taken, "ask_approval", version)

    blank = step(other, taken, "refuse_execution", version, message="")
    refused = step(other, taken, "refuse_execution", version, message="Le PV n'est pas signé.")

    assert blank.status_code == 400
    assert blank.json()["code"] == "reason_required"
    assert refused.status_code == 200, refused.content
    detail = technician.get(f"requests/{taken}/")
    assert detail["state"] == "in_progress"
    assert "Le PV n'est pas signé." in detail["messages"][-1]["body"]
    assert "ask_approval" in names(technician, taken)
    assert "approve_execution" not in names(other, taken)


def test_a_stale_version_or_nothing_to_approve_is_a_409_and_the_version_is_required(taken, theo):
    other = Caller(theo)
    version = other.get(f"requests/{taken}/")["version"]

    nothing = step(other, taken, "approve_execution", version)
    stale = step(other, taken, "approve_execution", version - 1)
    missing = other.client.post(
        f"/api/v1/requests/{taken}/transitions/approve_execution/", {}, format="json"
    )

    assert (nothing.status_code, nothing.json()["code"]) == (409, "nothing_to_approve")
    assert (stale.status_code, stale.json()["code"]) == (409, "conflict")
    assert missing.status_code == 400
    assert list(missing.json()["fields"]) == ["version"]


def test_a_requester_takes_no_four_eyes_step(taken, alice, tess):
    _token, raw = api_token_create(user=alice, name="Cabinet")
    requester = APIClient()
    requester.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    version = Caller(tess).get(f"requests/{taken}/")["version"]

    answer = requester.post(
        f"/api/v1/requests/{taken}/transitions/ask_approval/", {"version": version}, format="json"
    )

    assert answer.status_code == 403
    assert answer.json()["message"] == "Vous ne pouvez pas demander l'exécution de cette demande."
