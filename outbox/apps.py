from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Effets différés")

    def ready(self) -> None:
        from outbox import registry

        registry.discover_handlers()
