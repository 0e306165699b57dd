"""Request types (with their fields' JSON schema), documents, and the knowledge base."""

from __future__ import annotations

import html
from typing import Any

from django.http import FileResponse, Http404
from django.utils.html import strip_tags
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import request as drf
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from helpdesk.api.form_schema import form_json_schema
from kb import selectors as kb_selectors
from kb.search import search_articles
from lifecycle import registry
from lifecycle.errors import NotVisible
from lifecycle.registry import RequestType
from lifecycle.services.attachments import attachment_download
from users.decorators import signed_in_user


class RequestTypeOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # moved out by the metaclass
    description = serializers.CharField(allow_blank=True)
    fields = serializers.JSONField(  # type: ignore[assignment]  # moved out by the metaclass
        help_text="The JSON schema of the body to POST to /api/v1/requests/ (with ``type``)."
    )


def _type_output(request_type: type[RequestType], user: Any) -> dict[str, Any]:
    assert request_type.form_class is not None  # available_to lists types with a form only
    return {
        "key": request_type.key,
        "label": str(request_type.label),
        "description": str(request_type.description),
        "fields": form_json_schema(request_type.form_class(user=user)),
    }


class RequestTypeListApi(APIView):
    """GET: the request types this user may file, each with the JSON schema of its fields."""

    @extend_schema(responses=RequestTypeOutput(many=True))
    def get(self, request: drf.Request) -> Response:
        user = signed_in_user(request)
        return Response([_type_output(t, user) for t in registry.available_to(user)])


class RequestTypeDetailApi(APIView):
    @extend_schema(responses=RequestTypeOutput)
    def get(self, request: drf.Request, key: str) -> Response:
        user = signed_in_user(request)
        for request_type in registry.available_to(user):
            if request_type.key == key:
                return Response(_type_output(request_type, user))
        raise Http404


class DocumentDownloadApi(APIView):
    """GET: the file, to its requester or staff only, as the pages serve it (audited)."""

    @extend_schema(
        responses={200: OpenApiResponse(OpenApiTypes.BINARY, description="The file itself.")}
    )
    def get(self, request: drf.Request, token: str) -> FileResponse:
        try:
            attachment, handle = attachment_download(token=token, actor=signed_in_user(request))
        except NotVisible as exc:
            raise Http404 from exc
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.display_name,
            content_type=attachment.mime,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


class ArticleHitOutput(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    category = serializers.CharField()
    excerpt = serializers.CharField(allow_blank=True)


class ArticleSearchOutput(serializers.Serializer):
    query = serializers.CharField(allow_blank=True)
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    results = ArticleHitOutput(many=True)


class ArticleOutput(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField(allow_blank=True)
    category = serializers.CharField()
    body_html = serializers.CharField(help_text="Sanitised HTML, as the page shows it.")
    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


class ArticleSearchApi(APIView):
    """GET ``?q=``: published articles matching every term (French stemming), best first."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="The words searched."),
            OpenApiParameter("page", int, description="From 1."),
        ],
        responses=ArticleSearchOutput,
    )
    def get(self, request: drf.Request) -> Response:
        raw_page = request.query_params.get("page", "1")
        page = int(raw_page) if raw_page.isdigit() and 0 < int(raw_page) < 10_000 else 1
        found = search_articles(query=request.query_params.get("q", ""), page=page)
        return Response(
            {
                "query": found.query,
                "total": found.total,
                "page": found.page,
                "results": [
                    {
                        "slug": hit.slug,
                        "title": hit.title,
                        "summary": hit.summary,
                        "category": hit.category_name,
                        "excerpt": html.unescape(strip_tags(str(hit.excerpt))),
                    }
                    for hit in found.hits
                ],
            }
        )


class ArticleApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses=ArticleOutput)
    def get(self, request: drf.Request, slug: str) -> Response:
        article = kb_selectors.article_get_published(slug=slug)
        return Response(
            {
                "slug": article.slug,
                "title": article.title,
                "summary": article.summary,
                "category": article.category.name,
                "body_html": article.body_html,
                "published_at": serializers.DateTimeField().to_representation(article.published_at)
                if article.published_at
                else None,
                "updated_at": serializers.DateTimeField().to_representation(article.updated_at),
            }
        )
