from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = _("Guichet")

    def ready(self) -> None:
        # Register the lifecycle's outbox effect handlers.
        from helpdesk import effects  # noqa: F401
