"""Reads of the sandbox core shown to people: the companies a newcomer can file requests for."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from sandbox_core.models import SandboxActor, SandboxCompany, SandboxEstablishment


@dataclass(frozen=True)
class EstablishmentLine:
    siret: str
    name: str


@dataclass(frozen=True)
class ActorLine:
    last_name: str
    first_name: str
    role_label: str

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


@dataclass(frozen=True)
class CompanyOverview:
    name: str
    siren: str
    enrolment_label: str
    establishments: list[EstablishmentLine]
    administrators: list[ActorLine]
    declarants: list[ActorLine]


def companies_overview() -> list[CompanyOverview]:
    """Every company with its SIRETs, administrators and declarants (sorted, for display)."""
    companies = SandboxCompany.objects.order_by("name", "siren").prefetch_related(
        Prefetch("establishments", queryset=SandboxEstablishment.objects.order_by("siret")),
        Prefetch("actors", queryset=SandboxActor.objects.order_by("last_name", "first_name")),
    )
    overview = []
    for company in companies:
        actors = [
            (actor, ActorLine(actor.last_name, actor.first_name, actor.get_role_display()))
            for actor in company.actors.all()
        ]
        overview.append(
            CompanyOverview(
                name=company.name,
                siren=company.siren,
                enrolment_label=company.get_enrolment_type_display(),
                establishments=[
                    EstablishmentLine(e.siret, e.name) for e in company.establishments.all()
                ],
                administrators=[line for actor, line in actors if actor.is_administrator],
                declarants=[line for actor, line in actors if not actor.is_administrator],
            )
        )
    return overview
