"""A throwaway upload view for the handler tests: limits first, then check_upload on each file."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from documents import UploadRefused, check_upload
from documents.handlers import limited_uploads

calls: list[int] = []


@limited_uploads
def upload_view(request: HttpRequest) -> HttpResponse:
    files = request.FILES.getlist("files")
    calls.append(len(files))
    try:
        checked = [check_upload(file) for file in files]
    except UploadRefused as error:
        return HttpResponse(error.message, status=422)
    return HttpResponse(", ".join(item.display_name for item in checked))


urlpatterns = [path("upload/", upload_view, name="test-upload")]
