# STUB for the `lifecycle` branch only: the `outbox` branch owns this app; take its version.
from django.db.models import QuerySet

from outbox.models import OutboxEffect


def effects_for_subject(subject_ref: str) -> QuerySet[OutboxEffect]:
    return OutboxEffect.objects.filter(subject_ref=subject_ref).order_by("id")
