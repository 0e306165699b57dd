import importlib
import pkgutil

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("Types de demande")
    demo_loader = "workflows.demo.load"

    def ready(self) -> None:
        """Import every module of ``workflows.types``: each registers its request type."""
        from workflows import types

        for module in pkgutil.iter_modules(types.__path__):
            importlib.import_module(f"{types.__name__}.{module.name}")
