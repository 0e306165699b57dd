# STUB for the `lifecycle` branch only: the `outbox` branch owns this app; take its version.
from outbox.models import OutboxEffect


def effect_enqueue(*, kind: str, key: str, payload: dict, subject_ref: str = "") -> OutboxEffect:
    effect, _ = OutboxEffect.objects.get_or_create(
        key=key, defaults={"kind": kind, "payload": payload, "subject_ref": subject_ref}
    )
    return effect
