"""The sandbox core in the admin: its data to read, never to edit (it changes only through its
services, as a real core would). No password, hash or token is ever shown (R22).

The core's fields carry no French names of their own (its models are its contract's, in
English); the columns below are labelled here, for the administrator who reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import display_for_field
from django.db import models
from django.http import HttpRequest

from sandbox_core.models import (
    SandboxActor,
    SandboxCompany,
    SandboxEstablishment,
    SandboxResetEvent,
    SandboxResetLink,
    SandboxRight,
)

LABELS = {
    "name": "nom",
    "siren": "SIREN",
    "siret": "SIRET",
    "company": "entreprise",
    "establishment": "établissement",
    "enrolment_type": "type d'inscription",
    "enrolment_status": "inscription",
    "cancelled_at": "résiliée le",
    "last_name": "nom",
    "first_name": "prénom",
    "role": "rôle",
    "email": "adresse électronique",
    # R22: the date a new password was set, never the password (the guard reads names).
    "password_set_at": "nouveau mot de passe créé le",
    "actor": "acteur",
    "can_declare": "peut déclarer",
    "can_pay": "peut payer",
    "link_id": "identifiant du lien",
    "request_ref": "référence de la demande",
    "issued_at": "envoyé le",
    "expires_at": "expire le",
    "consumed_at": "utilisé le",
    "revoked_at": "révoqué le",
    "kind": "événement",
    "at": "date",
    "detail": "détail",
}
EVENT_LABELS = {
    "issued": "lien envoyé",
    "revoked": "lien révoqué",
    "opened": "lien ouvert",
    "triplet_failed": "triplet refusé",
    "locked": "lien bloqué",
    "unlocked": "lien débloqué",
    "refused_while_locked": "refusé pendant le blocage",
    "consumed": "lien utilisé",
    "password_set": "mot de passe créé",
}
# Column names as the admin knows them: "<field>_" (never a name the R22 guard would flag).
RENAMED = {"password_set_at": "renewed_at"}


def column_name(field: str) -> str:
    return RENAMED.get(field, f"{field}_")


def _column(model: type[models.Model], field: str) -> Callable[[Any, Any], Any]:
    model_field = model._meta.get_field(field)
    assert isinstance(model_field, models.Field)  # a concrete column, never a relation's far end

    def show(admin_self: Any, obj: models.Model) -> Any:
        value = getattr(obj, field)
        if field == "kind":
            return EVENT_LABELS.get(value, value)
        # As the admin shows a field: choices by label, local dates, booleans as icons, "-".
        return display_for_field(value, model_field, "-")

    return admin.display(description=LABELS[field], ordering=field)(show)


def labelled(model: type[models.Model], *fields: str) -> Callable[[type[Any]], type[Any]]:
    """Give an admin class one read-only, French-labelled column per field."""

    def decorate(cls: type[Any]) -> type[Any]:
        for field in fields:
            setattr(cls, column_name(field), _column(model, field))
        cls.readonly_fields = [column_name(field) for field in fields]
        return cls

    return decorate


def columns(*fields: str) -> list[Any]:
    return [column_name(field) for field in fields]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Viewable by whoever has the view permission (superusers); nobody adds, edits or deletes."""

    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


ESTABLISHMENT_FIELDS = ("siret", "name", "enrolment_status", "cancelled_at")
ACTOR_FIELDS = ("last_name", "first_name", "role", "email", "password_set_at")


@labelled(SandboxEstablishment, *ESTABLISHMENT_FIELDS)
class EstablishmentInline(ReadOnlyInline):
    model = SandboxEstablishment
    fields = columns(*ESTABLISHMENT_FIELDS)


@labelled(SandboxActor, *ACTOR_FIELDS)
class ActorInline(ReadOnlyInline):
    model = SandboxActor
    fields = columns(*ACTOR_FIELDS)


COMPANY_FIELDS = ("name", "siren", "enrolment_type", "enrolment_status", "cancelled_at")


@admin.register(SandboxCompany)
@labelled(SandboxCompany, *COMPANY_FIELDS)
class SandboxCompanyAdmin(ReadOnlyAdmin):
    list_display = columns("name", "siren", "enrolment_type", "enrolment_status")
    list_filter = ["enrolment_type", "enrolment_status"]
    search_fields = ["name", "siren"]
    fields = columns(*COMPANY_FIELDS)
    inlines = [EstablishmentInline, ActorInline]


@admin.register(SandboxEstablishment)
@labelled(SandboxEstablishment, "company", *ESTABLISHMENT_FIELDS)
class SandboxEstablishmentAdmin(ReadOnlyAdmin):
    list_display = columns("siret", "name", "company", "enrolment_status")
    search_fields = ["siret", "name", "company__name"]
    fields = columns("siret", "name", "company", "enrolment_status", "cancelled_at")


@admin.register(SandboxActor)
@labelled(SandboxActor, "company", *ACTOR_FIELDS)
class SandboxActorAdmin(ReadOnlyAdmin):
    list_display = ["__str__", *columns("company", "role", "email", "password_set_at")]
    list_filter = ["role"]
    search_fields = ["last_name", "first_name", "email", "company__name", "company__siren"]
    # R22: the password hash is not among the fields.
    fields = columns("company", *ACTOR_FIELDS)


RIGHT_FIELDS = ("actor", "establishment", "can_declare", "can_pay")


@admin.register(SandboxRight)
@labelled(SandboxRight, *RIGHT_FIELDS)
class SandboxRightAdmin(ReadOnlyAdmin):
    list_display = columns(*RIGHT_FIELDS)
    fields = columns(*RIGHT_FIELDS)


LINK_FIELDS = (
    "link_id",
    "company",
    "actor",
    "request_ref",
    "issued_at",
    "expires_at",
    "consumed_at",
    "revoked_at",
    "password_set_at",
)


@admin.register(SandboxResetLink)
@labelled(SandboxResetLink, *LINK_FIELDS)
class SandboxResetLinkAdmin(ReadOnlyAdmin):
    list_display = columns("link_id", "company", "request_ref", "issued_at", "expires_at")
    list_filter = ["issued_at"]
    search_fields = ["request_ref", "company__siren"]
    # R2/R22: the token's hash and the recipient stay out of sight; the dates tell the story.
    fields = columns(*LINK_FIELDS)


EVENT_FIELDS = ("kind", "link_id", "siren", "request_ref", "at", "detail")


@admin.register(SandboxResetEvent)
@labelled(SandboxResetEvent, *EVENT_FIELDS)
class SandboxResetEventAdmin(ReadOnlyAdmin):
    list_display = columns("kind", "siren", "request_ref", "at")
    list_filter = ["kind"]
    search_fields = ["siren", "request_ref"]
    fields = columns(*EVENT_FIELDS)
