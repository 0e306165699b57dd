from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsBridgeConfig(AppConfig):
    name = "accounts_bridge"
    verbose_name = _("Cœur des comptes")
    demo_loader = "accounts_bridge.demo.load"
