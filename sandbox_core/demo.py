"""Demo data of the sandbox core: the companies of the shared cast, with their administrators."""

from __future__ import annotations

from typing import Any

from sandbox_core import selectors
from sandbox_core.loading import LoadReport, row_load

DEMO_ROWS: list[dict[str, str]] = [
    # Alice's company (demo employer), multi-établissements.
    {
        "siret": "73282932000074",
        "company_name": "Boulangerie Durand",
        "enrolment_type": "multi",
        "last_name": "Durand",
        "first_name": "Alice",
        "email": "alice@example.com",
        "role": "both",
    },
    {
        "siret": "73282932000074",
        "last_name": "Lefèvre",
        "first_name": "Jean-François",
        "email": "jf.lefevre@example.com",
        "role": "administrator",
    },
    {
        "siret": "73282932000074",
        "last_name": "Martin",
        "first_name": "Chloé",
        "email": "chloe.martin@example.com",
        "role": "declarant",
    },
    # La Poste: two establishments (digit-sum SIRET rule).
    {
        "siret": "35600000000048",
        "company_name": "La Poste",
        "enrolment_type": "multi",
        "establishment_name": "Siège",
        "last_name": "Moutin",
        "first_name": "Claire",
        "email": "claire.moutin@example.com",
        "role": "administrator",
    },
    {
        "siret": "35600000009075",
        "establishment_name": "Agence de Lyon",
        "last_name": "Petit",
        "first_name": "Bob",
        "email": "bob@example.com",
        "role": "administrator",
    },
    {
        "siret": "35600000009075",
        "last_name": "N'Diaye",
        "first_name": "Awa",
        "email": "awa.ndiaye@example.com",
        "role": "declarant",
    },
]


def load(*, stdout: Any) -> list[tuple[str, str, str]]:
    """Idempotent: rows already present are left as they are."""
    report = LoadReport()
    for row in DEMO_ROWS:
        row_load(row, report)
    stdout.write(
        f"Cœur bac à sable : {report.companies} entreprises, {report.establishments} "
        f"établissements, {report.actors} acteurs ajoutés."
    )
    return []


def summary() -> list[str]:
    """What ``make demo`` prints after the logins: the companies to file requests with."""
    lines = ["Entreprises du cœur bac à sable (aussi sur /sandbox/) :"]
    for company in selectors.companies_overview():
        enrolment = company.enrolment_label.lower()
        lines.append(f"  {company.name} — SIREN {company.siren} (inscription {enrolment})")
        for establishment in company.establishments:
            name = f" — {establishment.name}" if establishment.name else ""
            lines.append(f"    SIRET {establishment.siret}{name}")
        lines.append("    Administrateurs : " + _names(company.administrators))
        lines.append("    Déclarants : " + _names(company.declarants))
    return lines


def _names(actors: list[selectors.ActorLine]) -> str:
    return ", ".join(str(actor) for actor in actors) or "aucun"
