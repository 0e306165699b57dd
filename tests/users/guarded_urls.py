"""The project's URLs plus a few views behind each guard, for the guard tests."""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.request import Request
from rest_framework.response import Response

from config.urls import urlpatterns as project_urlpatterns
from users.decorators import supervisor_required, technician_required, verified_email_required
from users.permissions import IsSupervisor, IsTechnician, IsVerifiedRequester


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@api_view(["GET"])
@permission_classes([IsTechnician])
def api_technician(request: Request) -> Response:
    return Response({"ok": True})


@api_view(["GET"])
@permission_classes([IsSupervisor])
def api_supervisor(request: Request) -> Response:
    return Response({"ok": True})


@api_view(["GET"])
@permission_classes([IsVerifiedRequester])
def api_requester(request: Request) -> Response:
    return Response({"ok": True})


urlpatterns = [
    *project_urlpatterns,
    path("test/verified/", verified_email_required(ok)),
    path("test/technician/", technician_required(ok)),
    path("test/supervisor/", supervisor_required(ok)),
    path("test/api/technician/", api_technician),
    path("test/api/supervisor/", api_supervisor),
    path("test/api/requester/", api_requester),
]
