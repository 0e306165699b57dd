# STUB for the `lifecycle` branch only: the `outbox` branch owns this app; take its version.
from django.db import models


class OutboxEffect(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending"
        DONE = "done"
        DEAD = "dead"

    kind = models.CharField(max_length=100)
    key = models.CharField(max_length=200, unique=True)
    payload = models.JSONField(default=dict)
    subject_ref = models.CharField(max_length=100, blank=True, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
