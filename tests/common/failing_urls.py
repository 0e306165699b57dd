"""Two views for the 500-versus-503 test: a plain bug and a core outage."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from core_contract import Unavailable


def boom(request: HttpRequest) -> HttpResponse:
    raise ValueError("a plain bug")


def core_down(request: HttpRequest) -> HttpResponse:
    raise Unavailable()


# The project's URLs too: the 500 page links to them, as it does in production.
urlpatterns = [path("boom/", boom), path("core-down/", core_down), *project_urlpatterns]
handler500 = "common.unavailable.server_error"
