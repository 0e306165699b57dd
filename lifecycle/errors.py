"""Domain errors: a machine-readable code, a French message, and the HTTP status they map to.

One DRF exception handler (``helpdesk.api.exceptions``) turns them into responses; the pages
turn them into a flash message. Nothing is half-done when one is raised: services raise them
before writing, or inside the transaction they roll back.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext


class DomainError(Exception):
    status = 400

    def __init__(self, code: str, message: str | Promise) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = str(message)


class InvalidInput(DomainError):
    """Missing or malformed input (a message, an outcome, a technician)."""

    status = 400


class Forbidden(DomainError):
    """The actor's role does not allow this on this request."""

    status = 403


class TransitionRefused(DomainError):
    """Wrong state or a condition not met."""

    status = 409


class StaleVersion(TransitionRefused):
    """Someone else changed the request since the caller read it."""

    def __init__(self) -> None:
        super().__init__(
            "conflict",
            gettext(
                "La demande a été modifiée entre-temps par une autre personne. "
                "Rechargez la page pour voir son état actuel."
            ),
        )


class NotVisible(DomainError):
    """Not there, or not this user's: the same 404 either way."""

    status = 404


class DuplicateOpenRequest(DomainError):
    """The type allows one open request per key (``RequestType.open_key``) and one is open.

    ``field`` names the form field the refusal belongs to; ``existing_number`` the open request.
    """

    status = 400
    field = "siret"

    def __init__(self, *, existing_number: str) -> None:
        super().__init__(
            "already_open",
            gettext(
                "Vous avez déjà une demande en cours pour cette entreprise (%(number)s) : "
                "suivez-la ou complétez-la plutôt que d'en déposer une seconde."
            )
            % {"number": existing_number},
        )
        self.existing_number = existing_number
