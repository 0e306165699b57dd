"""The port: what the desk may ask the account core. Both adapters implement it."""

from __future__ import annotations

from typing import Protocol

from core_contract import (
    Actor,
    CancellationResult,
    Company,
    Establishment,
    PersonName,
    RemovalResult,
    ResetLink,
    Scope,
)


class AccountCore(Protocol):
    def find_establishment(self, siret: str) -> Establishment: ...

    def find_company(self, siren: str) -> Company: ...

    def list_actors(self, siret: str) -> list[Actor]: ...

    def remove_administrator(
        self,
        *,
        siret: str,
        removed: PersonName,
        beneficiary: PersonName | None,
        idempotency_key: str,
    ) -> RemovalResult: ...

    def issue_reset_link(
        self,
        *,
        siret: str,
        administrator: PersonName,
        recipient_email: str,
        request_ref: str,
        idempotency_key: str,
        allow_over_quota: bool = False,
    ) -> ResetLink:
        """A link for one named administrator of ``siret``'s company, valid for that SIRET.
        ``allow_over_quota``: a supervisor lifted the 3-links-per-24-h cap for this request."""
        ...

    def link_status(self, link_id: str) -> ResetLink: ...

    def cancel_enrolment(
        self, *, scope: Scope, identifier: str, idempotency_key: str
    ) -> CancellationResult: ...
