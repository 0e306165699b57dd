"""Load companies, establishments and actors into the sandbox core (CSV and demo data)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from tqdm import tqdm

from core_contract import CoreError, PersonName
from sandbox_core.models import (
    EnrolmentType,
    SandboxActor,
    SandboxCompany,
    SandboxEstablishment,
    SandboxRight,
)
from sandbox_core.services.accounts import actor_add, actor_find, checked_siret

CSV_COLUMNS = (
    "siret",
    "company_name",
    "establishment_name",
    "enrolment_type",
    "last_name",
    "first_name",
    "email",
    "role",
)


@dataclass
class LoadReport:
    rows: int = 0
    companies: int = 0
    establishments: int = 0
    actors: int = 0
    errors: list[str] | None = None


def row_load(row: dict[str, str], report: LoadReport) -> None:
    """One row: an establishment (and its company), optionally an actor with rights on it."""
    siret = checked_siret(row.get("siret", ""))
    enrolment_type = (row.get("enrolment_type") or EnrolmentType.MONO).strip()
    if enrolment_type not in EnrolmentType.values:
        raise CoreError(f"Type d'inscription inconnu : {enrolment_type}.")
    company, created = SandboxCompany.objects.get_or_create(
        siren=siret[:9],
        defaults={
            "name": (row.get("company_name") or siret[:9]).strip(),
            "enrolment_type": enrolment_type,
        },
    )
    report.companies += created
    establishment, created = SandboxEstablishment.objects.get_or_create(
        siret=siret, defaults={"company": company, "name": (row.get("establishment_name") or "")}
    )
    report.establishments += created
    last_name, first_name = (row.get("last_name") or "").strip(), (row.get("first_name") or "")
    if not last_name:
        return
    actor = actor_find(company, PersonName(last_name, first_name))
    if actor is None:
        actor = actor_add(
            company=company,
            last_name=last_name,
            first_name=first_name,
            email=(row.get("email") or "").strip(),
            role=(row.get("role") or SandboxActor.Role.DECLARANT).strip(),
        )
        report.actors += 1
    SandboxRight.objects.get_or_create(
        actor=actor,
        establishment=establishment,
        defaults={"can_declare": True, "can_pay": actor.is_administrator},
    )


def rows_load(rows: Iterable[dict[str, str]], *, total: int | None, out: Any) -> LoadReport:
    """Each row in its own transaction: a bad row is reported and skipped, never half-loaded."""
    report = LoadReport(errors=[])
    for number, row in enumerate(tqdm(rows, total=total, file=out, unit=" lignes"), start=2):
        report.rows += 1
        try:
            with transaction.atomic():
                row_load(row, report)
        except CoreError as error:
            assert report.errors is not None
            report.errors.append(f"ligne {number} : {error.message}")
    return report


def csv_load(path: Path, *, out: Any) -> LoadReport:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        total = max(0, sum(1 for _ in handle) - 1)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, delimiter=_delimiter(path))
        missing = {"siret"} - set(reader.fieldnames or [])
        if missing:
            raise CoreError("Colonne obligatoire absente : siret.")
        return rows_load(reader, total=total, out=out)


def _delimiter(path: Path) -> str:
    with path.open(encoding="utf-8-sig") as handle:
        header = handle.readline()
    return ";" if header.count(";") > header.count(",") else ","
