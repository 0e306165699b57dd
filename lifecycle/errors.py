"""Domain errors: a machine-readable code, a French message, and the HTTP status they map to.

One DRF exception handler (``helpdesk.api.exceptions``) turns them into responses; the pages
turn them into a flash message. Nothing is half-done when one is raised: services raise them
before writing, or inside the transaction they roll back.
"""

from __future__ import annotations

from django.utils.functional import Promise


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


class Conflict(TransitionRefused):
    """Someone else changed the request since the caller read it."""

    def __init__(self) -> None:
        from django.utils.translation import gettext

        super().__init__(
            "conflict",
            gettext(
                "La demande a été modifiée entre-temps par une autre personne. "
                "Rechargez la page pour voir son état actuel."
            ),
        )


class NotFound(DomainError):
    status = 404
