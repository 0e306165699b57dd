from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from common import views as common_views
from helpdesk.views.metrics import metrics

admin.site.site_header = admin.site.site_title = _("Administration du Guichet")

urlpatterns = [
    path("", include("kb.urls")),
    path("sante/", common_views.health, name="health"),
    path("metrics", metrics, name="metrics"),  # operators only: a bearer token (docs)
    path("compte/", include("users.urls")),
    path("espace/", include("helpdesk.urls")),
    path("api/v1/", include("helpdesk.api_urls")),
    # The unversioned addresses of before stay answering: they lead to version 1.
    path("api/", RedirectView.as_view(url="/api/v1/", permanent=False), name="api-root"),
    path(
        "api/schema/",
        RedirectView.as_view(url="/api/v1/schema/", permanent=False),
        name="api-schema",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("outbox/", include("helpdesk.outbox_urls")),
    path("admin/", admin.site.urls),
]

# A dependency outage (database, cache, broker, core) is a 503 with Retry-After, not a 500.
handler500 = "common.unavailable.server_error"

if settings.SANDBOX_CORE_ENABLED:
    urlpatterns.append(path("sandbox/", include("sandbox_core.urls")))
