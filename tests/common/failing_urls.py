"""Two views for the 500-versus-503 test: a plain bug and a core outage."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from core_contract import Unavailable


def boom(request: HttpRequest) -> HttpResponse:
    raise ValueError("a plain bug")


def core_down(request: HttpRequest) -> HttpResponse:
    raise Unavailable()


urlpatterns = [path("boom/", boom), path("core-down/", core_down)]
handler500 = "common.unavailable.server_error"
