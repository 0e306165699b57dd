from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SandboxCoreConfig(AppConfig):
    name = "sandbox_core"
    verbose_name = _("Cœur des comptes (bac à sable)")
    demo_loader = "sandbox_core.demo.load"
    demo_summary = "sandbox_core.demo.summary"
