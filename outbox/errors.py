# STUB for the `lifecycle` branch only: the `outbox` branch owns this app; take its version.
class TransientError(Exception):
    """Retried with backoff."""


class PermanentError(Exception):
    """The effect dies at once."""
