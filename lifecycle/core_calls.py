"""What the request types share when they talk to the account core (through accounts_bridge).

At filing time a type's form asks the core; a refusal becomes a French error on the right
field, an unavailable core a form-wide error (nothing is filed). At execution time the outbox
calls the type's ``perform_core_action``: a core error becomes ``TransientError`` (retry with the
same key) or ``PermanentError`` (back to the technician with the core's message).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.utils.translation import gettext_lazy as _

from core_contract import CoreError, Unavailable
from outbox.errors import PermanentError, TransientError

T = TypeVar("T")

CHECK_UNAVAILABLE = _(
    "La vérification auprès du service des comptes n'a pas pu être faite : il est "
    "momentanément indisponible. Votre demande n'a pas été envoyée ; vos saisies sont "
    "conservées, réessayez dans quelques minutes."
)


class CheckUnavailable(Exception):
    """The core could not answer a filing-time check; the form says so and files nothing."""


def core_check(form: forms.Form, field: str | None, call: Callable[[], T]) -> T | None:
    """Run a filing-time check; a refusal is ``field``'s error, an outage a form-wide error.

    Returns the call's result, or None when an error was added to the form.
    """
    try:
        return call()
    except Unavailable:
        form_mark_unavailable(form)
        return None
    except CoreError as error:
        if error.retryable:
            form_mark_unavailable(form)
        else:
            form.add_error(field, error.message)
        return None


def form_mark_unavailable(form: forms.Form) -> None:
    """The check could not be made: one form-wide error, and a flag the API answers 503 on."""
    form.core_unavailable = True  # type: ignore[attr-defined]
    form.add_error(None, forms.ValidationError(CHECK_UNAVAILABLE, code="core_unavailable"))


def outbox_error(error: CoreError) -> Exception:
    """The outbox's view of a core error: retry the same key, or stop and tell the technician."""
    if error.retryable:
        return TransientError(error.message)
    return PermanentError(error.message)


def perform(call: Callable[[], T]) -> T:
    """Run a core write for the outbox, mapping core errors to the outbox's."""
    try:
        return call()
    except CoreError as error:
        raise outbox_error(error) from error


def person(data: dict[str, Any], prefix: str) -> dict[str, str]:
    """``{"last_name", "first_name"}`` from the fields ``<prefix>_last_name`` / ``_first_name``."""
    return {
        "last_name": data[f"{prefix}_last_name"].strip(),
        "first_name": data[f"{prefix}_first_name"].strip(),
    }
