"""The sandbox core's tables live in accounts_bridge.sandbox.models (app label accounts_bridge)."""

from accounts_bridge.sandbox.models import (  # noqa: F401
    SandboxActor,
    SandboxCompany,
    SandboxEstablishment,
    SandboxIdempotencyRecord,
    SandboxResetAttempts,
    SandboxResetEvent,
    SandboxResetLink,
    SandboxRight,
)
