"""The sandbox core's contract operations: what both the API and the in-process adapter call.

Writes go through ``run_idempotent`` so that a replayed key returns the first result.
"""

from __future__ import annotations

import core_contract as contract
from core_contract import PersonName, Scope
from sandbox_core.services import accounts, reset
from sandbox_core.services.idempotency import run_idempotent


def find_establishment(siret: str) -> contract.Establishment:
    return accounts.establishment_result(accounts.establishment_get(siret))


def find_company(siren: str) -> contract.Company:
    return accounts.company_result(accounts.company_get(siren))


def list_actors(siret: str) -> list[contract.Actor]:
    return accounts.actors_of_establishment(siret)


def _name_payload(name: PersonName | None) -> dict[str, str] | None:
    return None if name is None else {"last_name": name.last_name, "first_name": name.first_name}


def remove_administrator(
    *, siret: str, removed: PersonName, beneficiary: PersonName | None, idempotency_key: str
) -> contract.RemovalResult:
    return run_idempotent(
        key=idempotency_key,
        operation="remove_administrator",
        payload={
            "siret": siret,
            "removed": _name_payload(removed),
            "beneficiary": _name_payload(beneficiary),
        },
        action=lambda: accounts.administrator_remove(
            siret=siret, removed=removed, beneficiary=beneficiary
        ),
        encode=contract.to_json,
        decode=contract.removal_from_json,
    )


def issue_reset_link(
    *,
    siret: str,
    administrator: PersonName,
    recipient_email: str,
    request_ref: str,
    idempotency_key: str,
    allow_over_quota: bool = False,
) -> contract.ResetLink:
    return run_idempotent(
        key=idempotency_key,
        operation="issue_reset_link",
        payload={
            "siret": siret,
            "administrator": _name_payload(administrator),
            "recipient_email": recipient_email,
            "request_ref": request_ref,
            "allow_over_quota": allow_over_quota,
        },
        action=lambda: reset.reset_link_issue(
            siret=siret,
            administrator=administrator,
            recipient_email=recipient_email,
            request_ref=request_ref,
            allow_over_quota=allow_over_quota,
        ),
        encode=contract.to_json,
        decode=contract.reset_link_from_json,
    )


def link_status(link_id: str) -> contract.ResetLink:
    return reset.reset_link_status(link_id)


def cancel_enrolment(
    *, scope: Scope, identifier: str, idempotency_key: str
) -> contract.CancellationResult:
    return run_idempotent(
        key=idempotency_key,
        operation="cancel_enrolment",
        payload={"scope": scope, "identifier": identifier},
        action=lambda: accounts.enrolment_cancel(scope=scope, identifier=identifier),
        encode=contract.to_json,
        decode=contract.cancellation_from_json,
    )
