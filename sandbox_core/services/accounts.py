"""Companies, establishments, actors, rights and enrolments of the sandbox core."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

import core_contract as contract
from common.identifiers import clean_siren, clean_siret
from core_contract import (
    AdministratorLimitReached,
    AlreadyCancelled,
    BeneficiaryNotAdministrator,
    InvalidInput,
    LastAdministrator,
    NotAnAdministrator,
    NotFound,
    PersonName,
    SamePerson,
    normalise_name,
)
from sandbox_core import clock
from sandbox_core.models import (
    EnrolmentStatus,
    SandboxActor,
    SandboxCompany,
    SandboxEstablishment,
    SandboxRight,
)

MAX_ADMINISTRATORS = 3


# --- Lookups ----------------------------------------------------------------------------------
def checked_siret(siret: str) -> str:
    try:
        return clean_siret(siret)
    except ValidationError as exc:
        raise InvalidInput(str(exc.messages[0])) from exc


def checked_siren(siren: str) -> str:
    try:
        return clean_siren(siren)
    except ValidationError as exc:
        raise InvalidInput(str(exc.messages[0])) from exc


def establishment_get(siret: str) -> SandboxEstablishment:
    compact = checked_siret(siret)
    establishment = (
        SandboxEstablishment.objects.select_related("company").filter(siret=compact).first()
    )
    if establishment is None:
        raise NotFound(f"Aucun établissement ne correspond au SIRET {compact}.")
    return establishment


def company_get(siren: str) -> SandboxCompany:
    compact = checked_siren(siren)
    company = SandboxCompany.objects.filter(siren=compact).first()
    if company is None:
        raise NotFound(f"Aucune entreprise ne correspond au SIREN {compact}.")
    return company


def actor_find(company: SandboxCompany, name: PersonName) -> SandboxActor | None:
    last_key, first_key = name.key()
    return SandboxActor.objects.filter(
        company=company, last_name_key=last_key, first_name_key=first_key
    ).first()


# --- Results ----------------------------------------------------------------------------------
def establishment_result(establishment: SandboxEstablishment) -> contract.Establishment:
    company = establishment.company
    status = (
        EnrolmentStatus.CANCELLED
        if company.enrolment_status == EnrolmentStatus.CANCELLED
        else establishment.enrolment_status
    )
    return contract.Establishment(
        siret=establishment.siret,
        siren=company.siren,
        name=establishment.name or company.name,
        company_name=company.name,
        enrolment_type=company.enrolment_type,
        enrolment_status=str(status),
    )


def company_result(company: SandboxCompany) -> contract.Company:
    establishments = tuple(
        establishment_result(e) for e in company.establishments.order_by("siret")
    )
    return contract.Company(
        siren=company.siren,
        name=company.name,
        enrolment_type=company.enrolment_type,
        enrolment_status=company.enrolment_status,
        establishments=establishments,
    )


def actor_result(actor: SandboxActor) -> contract.Actor:
    return contract.Actor(
        last_name=actor.last_name,
        first_name=actor.first_name,
        email=actor.email,
        role=actor.role,  # type: ignore[arg-type]
    )


# --- Reads ------------------------------------------------------------------------------------
def actors_of_establishment(siret: str) -> list[contract.Actor]:
    """The company's administrators, and the declarants with rights on this establishment."""
    establishment = establishment_get(siret)
    actors = SandboxActor.objects.filter(company=establishment.company).order_by(
        "last_name_key", "first_name_key"
    )
    with_rights = set(
        SandboxRight.objects.filter(establishment=establishment).values_list("actor_id", flat=True)
    )
    return [actor_result(a) for a in actors if a.is_administrator or a.pk in with_rights]


# --- Writes -----------------------------------------------------------------------------------
def actor_add(
    *,
    company: SandboxCompany,
    last_name: str,
    first_name: str,
    email: str,
    role: str,
) -> SandboxActor:
    """Add an actor; a company never has more than 3 administrators (seed 002)."""
    if role not in SandboxActor.Role.values:
        raise InvalidInput(f"Rôle inconnu : {role}.")
    if not normalise_name(last_name) or not normalise_name(first_name):
        raise InvalidInput("Le nom et le prénom sont obligatoires.")
    with transaction.atomic():
        locked = SandboxCompany.objects.select_for_update().get(pk=company.pk)
        if role != SandboxActor.Role.DECLARANT:
            administrators = SandboxActor.objects.filter(
                company=locked,
                role__in=[SandboxActor.Role.ADMINISTRATOR, SandboxActor.Role.BOTH],
            ).count()
            if administrators >= MAX_ADMINISTRATORS:
                raise AdministratorLimitReached()
        return SandboxActor.objects.create(
            company=locked,
            last_name=last_name.strip(),
            first_name=first_name.strip(),
            last_name_key=normalise_name(last_name),
            first_name_key=normalise_name(first_name),
            email=email.strip(),
            role=role,
        )


def administrator_remove(
    *, siret: str, removed: PersonName, beneficiary: PersonName | None
) -> contract.RemovalResult:
    """Remove an administrator and move every right he held to the beneficiary, atomically."""
    establishment = establishment_get(siret)
    with transaction.atomic():
        company = SandboxCompany.objects.select_for_update().get(pk=establishment.company_id)
        removed_actor = actor_find(company, removed)
        if removed_actor is None or not removed_actor.is_administrator:
            raise NotAnAdministrator(
                f"{removed} n'est pas administrateur de l'entreprise {company.siren}."
            )
        if beneficiary is None or not all(beneficiary.key()):
            others = (
                SandboxActor.objects.filter(
                    company=company,
                    role__in=[SandboxActor.Role.ADMINISTRATOR, SandboxActor.Role.BOTH],
                )
                .exclude(pk=removed_actor.pk)
                .exists()
            )
            if not others:
                raise LastAdministrator()
            raise InvalidInput("Indiquez l'administrateur bénéficiaire des habilitations.")
        if beneficiary.key() == removed.key():
            raise SamePerson()
        beneficiary_actor = actor_find(company, beneficiary)
        if beneficiary_actor is None:
            raise BeneficiaryNotAdministrator(
                f"{beneficiary} n'est pas inscrit comme administrateur de l'entreprise "
                f"{company.siren}."
            )
        if not beneficiary_actor.is_administrator:
            raise BeneficiaryNotAdministrator()
        transferred = 0
        for right in SandboxRight.objects.filter(actor=removed_actor).select_for_update():
            target, _created = SandboxRight.objects.get_or_create(
                actor=beneficiary_actor,
                establishment_id=right.establishment_id,
                defaults={"can_declare": False, "can_pay": False},
            )
            target.can_declare = target.can_declare or right.can_declare
            target.can_pay = target.can_pay or right.can_pay
            target.save(update_fields=["can_declare", "can_pay"])
            transferred += 1
        removed_actor.delete()
        return contract.RemovalResult(
            siret=establishment.siret,
            removed=PersonName(removed_actor.last_name, removed_actor.first_name),
            beneficiary=PersonName(beneficiary_actor.last_name, beneficiary_actor.first_name),
            transferred_rights=transferred,
        )


def enrolment_cancel(*, scope: str, identifier: str) -> contract.CancellationResult:
    now = clock.now()
    if scope == "company":
        company = company_get(identifier)
        with transaction.atomic():
            company = SandboxCompany.objects.select_for_update().get(pk=company.pk)
            if company.enrolment_status == EnrolmentStatus.CANCELLED:
                raise AlreadyCancelled(
                    f"L'inscription de l'entreprise {company.siren} est déjà résiliée."
                )
            company.enrolment_status = EnrolmentStatus.CANCELLED
            company.cancelled_at = now
            company.save(update_fields=["enrolment_status", "cancelled_at"])
            count = company.establishments.filter(enrolment_status=EnrolmentStatus.ACTIVE).update(
                enrolment_status=EnrolmentStatus.CANCELLED, cancelled_at=now
            )
            return contract.CancellationResult(
                scope="company",
                identifier=company.siren,
                cancelled_at=now,
                establishments_cancelled=count,
            )
    if scope == "establishment":
        establishment = establishment_get(identifier)
        with transaction.atomic():
            establishment = (
                SandboxEstablishment.objects.select_for_update()
                .select_related("company")
                .get(pk=establishment.pk)
            )
            if (
                establishment.enrolment_status == EnrolmentStatus.CANCELLED
                or establishment.company.enrolment_status == EnrolmentStatus.CANCELLED
            ):
                raise AlreadyCancelled(
                    f"L'inscription de l'établissement {establishment.siret} est déjà résiliée."
                )
            establishment.enrolment_status = EnrolmentStatus.CANCELLED
            establishment.cancelled_at = now
            establishment.save(update_fields=["enrolment_status", "cancelled_at"])
            return contract.CancellationResult(
                scope="establishment",
                identifier=establishment.siret,
                cancelled_at=now,
                establishments_cancelled=1,
            )
    raise InvalidInput("La portée de la résiliation doit être « company » ou « establishment ».")
