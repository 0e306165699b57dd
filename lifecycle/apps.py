import importlib
import pkgutil

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    name = "lifecycle"
    verbose_name = _("Demandes")
    demo_loader = "lifecycle.demo.load"

    def ready(self) -> None:
        """Register the lifecycle's outbox effect handlers, then import every module of
        ``lifecycle.types``: each registers its request type."""
        from lifecycle import effects, types  # noqa: F401

        for module in pkgutil.iter_modules(types.__path__):
            importlib.import_module(f"{types.__name__}.{module.name}")
