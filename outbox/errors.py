"""The errors a handler raises to say whether trying again can help."""

from __future__ import annotations


class EffectError(Exception):
    """Base class of the errors a side-effect handler raises on purpose."""


class TransientError(EffectError):
    """Trying again later may succeed (timeout, 5xx, 429, core unavailable)."""


class PermanentError(EffectError):
    """Trying again cannot succeed (4xx, refused by the core): the effect dies at once."""


class EffectNotRetryable(Exception):
    """A supervisor asked to retry an effect that is not dead, or whose retry would do nothing
    (``message`` says why, in French)."""

    def __init__(self, message: str, *, code: str = "not_dead") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
