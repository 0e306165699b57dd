"""SIREN and SIRET: the company and establishment identifiers.

python-stdnum does the arithmetic (Luhn, and La Poste's SIREN 356000000 whose SIRETs follow a
digit-sum rule); we add what it does not refuse: all-zero numbers.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret

SIRET_INVALID = _("Le SIRET doit comporter 14 chiffres et être valide.")
SIREN_INVALID = _("Le SIREN doit comporter 9 chiffres et être valide.")


def clean_siret(value: str) -> str:
    """Return the compact SIRET, or raise ValidationError with the French message."""
    compact = stdnum_siret.compact(value or "")
    if not compact.isdigit() or set(compact) == {"0"}:
        raise ValidationError(SIRET_INVALID, code="invalid_siret")
    try:
        return str(stdnum_siret.validate(compact))
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(SIRET_INVALID, code="invalid_siret") from exc


def clean_siren(value: str) -> str:
    compact = stdnum_siren.compact(value or "")
    if not compact.isdigit() or set(compact) == {"0"}:
        raise ValidationError(SIREN_INVALID, code="invalid_siren")
    try:
        return str(stdnum_siren.validate(compact))
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(SIREN_INVALID, code="invalid_siren") from exc


def validate_siret(value: str) -> None:
    """Model/form validator form of clean_siret."""
    clean_siret(value)


def validate_siren(value: str) -> None:
    clean_siren(value)


def siren_of(siret: str) -> str:
    return siret[:9]
