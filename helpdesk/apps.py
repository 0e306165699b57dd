from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    """The desk's pages and API: the portal, the back-office and ``/api/``."""

    name = "helpdesk"
    verbose_name = _("Guichet")
