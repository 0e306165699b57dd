"""The in-process adapter: the sandbox core called directly (the embedded default)."""

from __future__ import annotations

import core_contract as contract
from core_contract import PersonName, Scope
from sandbox_core import core


class InProcessCore:
    def find_establishment(self, siret: str) -> contract.Establishment:
        return core.find_establishment(siret)

    def find_company(self, siren: str) -> contract.Company:
        return core.find_company(siren)

    def list_actors(self, siret: str) -> list[contract.Actor]:
        return core.list_actors(siret)

    def remove_administrator(
        self,
        *,
        siret: str,
        removed: PersonName,
        beneficiary: PersonName | None,
        idempotency_key: str,
    ) -> contract.RemovalResult:
        return core.remove_administrator(
            siret=siret, removed=removed, beneficiary=beneficiary, idempotency_key=idempotency_key
        )

    def issue_reset_link(
        self,
        *,
        siret: str,
        administrator: PersonName,
        recipient_email: str,
        request_ref: str,
        idempotency_key: str,
        allow_over_quota: bool = False,
    ) -> contract.ResetLink:
        return core.issue_reset_link(
            siret=siret,
            administrator=administrator,
            recipient_email=recipient_email,
            request_ref=request_ref,
            idempotency_key=idempotency_key,
            allow_over_quota=allow_over_quota,
        )

    def link_status(self, link_id: str) -> contract.ResetLink:
        return core.link_status(link_id)

    def cancel_enrolment(
        self, *, scope: Scope, identifier: str, idempotency_key: str
    ) -> contract.CancellationResult:
        return core.cancel_enrolment(
            scope=scope, identifier=identifier, idempotency_key=idempotency_key
        )
