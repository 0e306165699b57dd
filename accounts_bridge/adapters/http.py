"""The HTTP adapter: the account core over its JSON contract. The only module importing httpx.

Every call has one time budget (``timeout`` seconds, connect + read + retries): past it the
adapter raises ``Unavailable``. Only network errors and 5xx are retried, with exponential
backoff; writes are safe to retry because they carry an idempotency key.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import quote

import httpx

import core_contract as contract
from common.metrics import core_call_observed
from core_contract import CoreError, PersonName, Scope, Unavailable

logger = logging.getLogger("guichet.core")


def _path_template(path: str) -> str:
    """``/establishments/732…/actors`` → ``/establishments/{id}/actors``: a bounded label."""
    parts = path.split("?")[0].split("/")
    return "/".join(part if index % 2 or not part else "{id}" for index, part in enumerate(parts))


class HttpCore:
    def __init__(
        self,
        *,
        base_url: str,
        token: str,
        timeout: float = 5.0,
        connect_timeout: float = 2.0,
        max_attempts: int = 3,
        backoff: float = 0.2,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.max_attempts = max_attempts
        self.backoff = backoff
        self._client = httpx.Client(
            base_url=self.base_url,
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            transport=transport,
        )

    # --- transport ----------------------------------------------------------------------------
    def _request(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        operation = f"{method} {_path_template(path)}"
        started = time.monotonic()
        try:
            data = self._attempts(method, path, json=json, idempotency_key=idempotency_key)
        except CoreError as exc:
            core_call_observed(operation, time.monotonic() - started, error=exc.code)
            raise
        core_call_observed(operation, time.monotonic() - started)
        return data

    def _attempts(
        self,
        method: str,
        path: str,
        *,
        json: dict[str, Any] | None,
        idempotency_key: str | None,
    ) -> dict[str, Any]:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        deadline = time.monotonic() + self.timeout
        for attempt in range(1, self.max_attempts + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            timeout = httpx.Timeout(remaining, connect=min(self.connect_timeout, remaining))
            try:
                response = self._client.request(
                    method, path, json=json, headers=headers, timeout=timeout
                )
            except httpx.TransportError as exc:
                logger.warning(
                    "core call failed", extra={"path": path, "attempt": attempt, "error": repr(exc)}
                )
            else:
                if response.status_code < 500:
                    return self._decode(response)
                logger.warning(
                    "core call failed",
                    extra={"path": path, "attempt": attempt, "status": response.status_code},
                )
            pause = self.backoff * (2 ** (attempt - 1))
            if attempt == self.max_attempts or time.monotonic() + pause >= deadline:
                break
            time.sleep(pause)
        raise Unavailable()

    @staticmethod
    def _decode(response: httpx.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code >= 400:
            if isinstance(data, dict) and "code" in data:
                raise CoreError.from_json(data)
            raise CoreError(f"Réponse inattendue du service des comptes ({response.status_code}).")
        if not isinstance(data, dict):
            raise CoreError("Réponse illisible du service des comptes.")
        return data

    # --- the contract -------------------------------------------------------------------------
    def find_establishment(self, siret: str) -> contract.Establishment:
        return contract.establishment_from_json(
            self._request("GET", f"/establishments/{quote(siret, safe='')}")
        )

    def find_company(self, siren: str) -> contract.Company:
        return contract.company_from_json(
            self._request("GET", f"/companies/{quote(siren, safe='')}")
        )

    def list_actors(self, siret: str) -> list[contract.Actor]:
        data = self._request("GET", f"/establishments/{quote(siret, safe='')}/actors")
        return [contract.actor_from_json(a) for a in data["actors"]]

    def remove_administrator(
        self,
        *,
        siret: str,
        removed: PersonName,
        beneficiary: PersonName | None,
        idempotency_key: str,
    ) -> contract.RemovalResult:
        body = {
            "siret": siret,
            "removed": {"last_name": removed.last_name, "first_name": removed.first_name},
            "beneficiary": None
            if beneficiary is None
            else {"last_name": beneficiary.last_name, "first_name": beneficiary.first_name},
        }
        data = self._request(
            "POST", "/administrator-removals", json=body, idempotency_key=idempotency_key
        )
        return contract.removal_from_json(data)

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
        body = {
            "siret": siret,
            "administrator": {
                "last_name": administrator.last_name,
                "first_name": administrator.first_name,
            },
            "recipient_email": recipient_email,
            "request_ref": request_ref,
            "allow_over_quota": allow_over_quota,
        }
        data = self._request("POST", "/reset-links", json=body, idempotency_key=idempotency_key)
        return contract.reset_link_from_json(data)

    def link_status(self, link_id: str) -> contract.ResetLink:
        return contract.reset_link_from_json(
            self._request("GET", f"/reset-links/{quote(link_id, safe='')}")
        )

    def cancel_enrolment(
        self, *, scope: Scope, identifier: str, idempotency_key: str
    ) -> contract.CancellationResult:
        data = self._request(
            "POST",
            "/enrolment-cancellations",
            json={"scope": scope, "identifier": identifier},
            idempotency_key=idempotency_key,
        )
        return contract.cancellation_from_json(data)
