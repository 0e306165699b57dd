"""A throwaway upload view for the handler tests: check_upload on each file (the limits are the
middleware's, documents.upload_limits)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns
from documents import UploadRefused, check_upload

calls: list[int] = []


def upload_view(request: HttpRequest) -> HttpResponse:
    files = request.FILES.getlist("files")
    calls.append(len(files))
    try:
        checked = [check_upload(file) for file in files]
    except UploadRefused as error:
        return HttpResponse(error.message, status=422)
    return HttpResponse(", ".join(item.display_name for item in checked))


# The project's URLs too: the 413 page is in the site's layout and links to them.
urlpatterns = [path("upload/", upload_view, name="test-upload"), *project_urlpatterns]
