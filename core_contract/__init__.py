"""The contract between the desk and the account core: typed results and typed errors.

Results are frozen dataclasses that travel as JSON (``to_json`` / ``*_from_json``); errors carry
a stable ``code``, a French ``message`` the desk shows as is, and ``retryable`` (does retrying the
same call, with the same idempotency key, have a chance to succeed?).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Literal

Role = Literal["administrator", "declarant", "both"]
# issued: not opened with the right triplet yet; verified: the triplet was checked, no password
# created yet (the link still works); used: the password was created (the link is spent).
LinkStatus = Literal["issued", "verified", "used", "expired", "revoked"]
Scope = Literal["company", "establishment"]

ADMINISTRATOR_ROLES: frozenset[str] = frozenset({"administrator", "both"})


# Every Unicode dash (category Pd: hyphen, non-breaking hyphen, en and em dashes, …), the minus
# sign, whitespace and apostrophes: one separator between name parts.
_SEPARATOR = re.compile(r"[\s\-\u2212\u2043\uFE63\uFF0D'’‘`´ʼ]+")


def normalise_name(value: str) -> str:
    """R10: NFKD, accents dropped, casefold, spaces/dashes/apostrophes as one separator."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(
        " " if unicodedata.category(c) == "Pd" else c
        for c in decomposed
        if not unicodedata.combining(c)
    ).casefold()
    return " ".join(part for part in _SEPARATOR.split(stripped) if part)


@dataclass(frozen=True)
class PersonName:
    last_name: str
    first_name: str

    def key(self) -> tuple[str, str]:
        return normalise_name(self.last_name), normalise_name(self.first_name)

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


@dataclass(frozen=True)
class Establishment:
    siret: str
    siren: str
    name: str
    company_name: str
    enrolment_type: str
    enrolment_status: str


@dataclass(frozen=True)
class Company:
    siren: str
    name: str
    enrolment_type: str
    enrolment_status: str
    establishments: tuple[Establishment, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Actor:
    last_name: str
    first_name: str
    email: str
    role: Role

    @property
    def is_administrator(self) -> bool:
        return self.role in ADMINISTRATOR_ROLES

    @property
    def name(self) -> PersonName:
        return PersonName(self.last_name, self.first_name)


@dataclass(frozen=True)
class RemovalResult:
    siret: str
    removed: PersonName
    beneficiary: PersonName
    transferred_rights: int


@dataclass(frozen=True)
class ResetLink:
    link_id: str
    issued_at: datetime
    expires_at: datetime
    status: LinkStatus


@dataclass(frozen=True)
class CancellationResult:
    scope: Scope
    identifier: str
    cancelled_at: datetime
    establishments_cancelled: int


# --- JSON -------------------------------------------------------------------------------------
def to_json(result: object) -> dict[str, Any]:
    """A result as JSON-ready data (datetimes in ISO 8601 with offset)."""

    def convert(value: Any) -> Any:
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [convert(v) for v in value]
        return value

    converted: dict[str, Any] = convert(asdict(result))  # type: ignore[call-overload]
    return converted


def establishment_from_json(data: dict[str, Any]) -> Establishment:
    return Establishment(**data)


def company_from_json(data: dict[str, Any]) -> Company:
    establishments = tuple(establishment_from_json(e) for e in data.get("establishments", []))
    return Company(**{**data, "establishments": establishments})


def actor_from_json(data: dict[str, Any]) -> Actor:
    return Actor(**data)


def removal_from_json(data: dict[str, Any]) -> RemovalResult:
    return RemovalResult(
        siret=data["siret"],
        removed=PersonName(**data["removed"]),
        beneficiary=PersonName(**data["beneficiary"]),
        transferred_rights=data["transferred_rights"],
    )


def reset_link_from_json(data: dict[str, Any]) -> ResetLink:
    return ResetLink(
        link_id=data["link_id"],
        issued_at=datetime.fromisoformat(data["issued_at"]),
        expires_at=datetime.fromisoformat(data["expires_at"]),
        status=data["status"],
    )


def cancellation_from_json(data: dict[str, Any]) -> CancellationResult:
    return CancellationResult(
        scope=data["scope"],
        identifier=data["identifier"],
        cancelled_at=datetime.fromisoformat(data["cancelled_at"]),
        establishments_cancelled=data["establishments_cancelled"],
    )


# --- Errors -----------------------------------------------------------------------------------
class CoreError(Exception):
    """An error of the account core. ``message`` is French and may be shown as is."""

    code: ClassVar[str] = "core_error"
    http_status: ClassVar[int] = 500
    default_message: ClassVar[str] = "Le service des comptes a rencontré une erreur."
    default_retryable: ClassVar[bool] = False
    registry: ClassVar[dict[str, type[CoreError]]] = {}

    def __init__(self, message: str | None = None, *, retryable: bool | None = None) -> None:
        self.message = message or self.default_message
        self.retryable = self.default_retryable if retryable is None else retryable
        super().__init__(self.message)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        CoreError.registry[cls.code] = cls

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "retryable": self.retryable}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CoreError:
        error_class = CoreError.registry.get(str(data.get("code")), CoreError)
        error = error_class(data.get("message") or None, retryable=data.get("retryable"))
        if isinstance(error, LinkQuotaExceeded) and isinstance(data.get("retry_at"), str):
            try:
                error.retry_at = datetime.fromisoformat(data["retry_at"])
            except ValueError:
                error.retry_at = None
        return error


class NotFound(CoreError):
    code = "not_found"
    http_status = 404
    default_message = "Aucun établissement ne correspond à ce SIRET."


class NotAnAdministrator(CoreError):
    code = "not_an_administrator"
    http_status = 422
    default_message = "Cette personne n'est pas administrateur de l'entreprise."


class BeneficiaryNotAdministrator(CoreError):
    code = "beneficiary_not_administrator"
    http_status = 422
    default_message = (
        "L'administrateur bénéficiaire du transfert des habilitations doit impérativement être "
        "inscrit sur le site en tant qu'administrateur. S'il a uniquement le rôle de déclarant, "
        "le transfert ne pourra s'effectuer vers cet acteur."
    )


class SamePerson(CoreError):
    code = "same_person"
    http_status = 422
    default_message = "Le bénéficiaire doit être un autre administrateur que la personne radiée."


class LastAdministrator(CoreError):
    code = "last_administrator"
    http_status = 422
    default_message = (
        "Le dernier administrateur de l'entreprise ne peut pas être radié sans un bénéficiaire "
        "administrateur qui reprend ses habilitations."
    )


class AdministratorLimitReached(CoreError):
    code = "administrator_limit"
    http_status = 422
    default_message = "Une entreprise ne peut pas avoir plus de 3 administrateurs."


class AlreadyCancelled(CoreError):
    code = "already_cancelled"
    http_status = 409
    default_message = "Cette inscription est déjà résiliée."


class LinkQuotaExceeded(CoreError):
    """Three links in 24 hours for one request; ``retry_at`` is when the next may be sent."""

    code = "link_quota_exceeded"
    http_status = 429
    default_message = (
        "Trois liens ont déjà été envoyés pour cette demande au cours des dernières 24 heures. "
        "Réessayez plus tard."
    )

    def __init__(
        self,
        message: str | None = None,
        *,
        retryable: bool | None = None,
        retry_at: datetime | None = None,
    ) -> None:
        super().__init__(message, retryable=retryable)
        self.retry_at = retry_at

    def to_json(self) -> dict[str, Any]:
        data = super().to_json()
        if self.retry_at is not None:
            data["retry_at"] = self.retry_at.isoformat()
        return data


class InvalidInput(CoreError):
    code = "invalid_input"
    http_status = 400
    default_message = "La demande adressée au service des comptes est incomplète ou invalide."


class Conflict(CoreError):
    code = "conflict"
    http_status = 409
    default_message = "Une opération concurrente est en cours ; réessayez."
    default_retryable = True


class Unauthorized(CoreError):
    code = "unauthorized"
    http_status = 401
    default_message = "Le guichet n'est pas autorisé à appeler le service des comptes."


class Unavailable(CoreError):
    code = "unavailable"
    http_status = 503
    default_message = "Le service des comptes est momentanément indisponible ; réessayez plus tard."
    default_retryable = True
