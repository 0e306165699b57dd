"""The URLs of a process that serves only the sandbox account core (``scripts/prodlike.sh``):
its API and reset pages under ``/sandbox/``, and the health probe. Chosen with
``GUICHET_ROOT_URLCONF=config.urls_sandbox``; the desk's own pages are not there, and its error
pages (which link to the desk's home) are replaced by plain ones."""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.urls import include, path
from django.utils.translation import gettext as _

from common import views as common_views
from common.unavailable import is_dependency_error, unavailable_response

urlpatterns = [
    path("sante/", common_views.health, name="health"),
    path("sandbox/", include("sandbox_core.urls")),
]


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return HttpResponseNotFound(_("Page introuvable."), content_type="text/plain; charset=utf-8")


def server_error(request: HttpRequest) -> HttpResponse:
    import sys

    if is_dependency_error(sys.exc_info()[1]):
        return unavailable_response(request)
    return HttpResponse(
        _("Erreur du service."), status=500, content_type="text/plain; charset=utf-8"
    )


handler404 = "config.urls_sandbox.not_found"
handler500 = "config.urls_sandbox.server_error"
