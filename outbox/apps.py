# STUB for the `lifecycle` branch only: the `outbox` branch owns this app; take its version.
from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "outbox"
