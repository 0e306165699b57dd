from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The upload gate: checks, antivirus, stored names, the multi-file field."""

    name = "documents"
    verbose_name = _("Documents")
