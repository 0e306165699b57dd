"""The API's front door: ``/api/v1/`` lists where each resource lives."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import request as drf
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

# name in the index -> URL name in the ``api`` namespace
RESOURCES = {
    "me": "api:me",
    "tokens": "api:token_list",
    "request_types": "api:request_type_list",
    "requests": "api:request_list",
    "kb_search": "api:kb_search",
    "request_take_next": "api:request_take_next",
    "schema": "api:schema",
    "docs": "api:docs",
    "redoc": "api:redoc",
}


class ApiIndex(APIView):
    """GET: the resources' URLs. Public, like the schema: it names endpoints, no data."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        operation_id="index",
        responses={
            200: OpenApiResponse(
                inline_serializer(
                    "ApiIndex",
                    {name: serializers.URLField() for name in RESOURCES},
                )
            )
        },
    )
    def get(self, request: drf.Request) -> Response:
        return Response({name: reverse(url, request=request) for name, url in RESOURCES.items()})


@extend_schema(exclude=True)
class NotFoundApi(APIView):
    """Any other address under /api/v1/: a 404 in the API's error shape, not an HTML page."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    def get(self, request: drf.Request, *args: Any, **kwargs: Any) -> Response:
        raise NotFound

    post = put = patch = delete = head = options = get
