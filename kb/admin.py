"""Editing in the admin: every write goes through kb.services (rendering, index sync)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kb import services
from kb.models import Article, ArticleFeedback, Category, NewsItem, SearchLog


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "profile", "theme", "position"]
    list_filter = ["profile", "theme"]
    prepopulated_fields = {"slug": ["name"]}


ARTICLE_FIELDS = [
    "title",
    "slug",
    "category",
    "summary",
    "keywords",
    "body_markdown",
    "status",
    "published_at",
]


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ARTICLE_FIELDS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Publishing without a date means "now" (kb.services stamps it the same way).
        if cleaned.get("status") == Article.Status.PUBLISHED and not cleaned.get("published_at"):
            cleaned["published_at"] = timezone.now()
            self.instance.published_at = cleaned["published_at"]
        return cleaned


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "category", "status", "published_at", "updated_at"]
    list_filter = ["status", "category"]
    search_fields = ["title", "keywords"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["updated_at", "created_at"]
    fields = [*ARTICLE_FIELDS, "updated_at", "created_at"]
    actions = ["publish", "unpublish"]

    def save_model(self, request: HttpRequest, obj: Article, form: Any, change: bool) -> None:
        services.article_save(article=obj)

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        services.article_delete(article=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            services.article_delete(article=article)

    @admin.action(description=_("Publier les articles sélectionnés"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            services.article_publish(article=article)

    @admin.action(description=_("Repasser en brouillon"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        for article in queryset:
            services.article_unpublish(article=article)


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "published_at", "is_visible"]
    raw_id_fields = ["article"]


@admin.register(ArticleFeedback)
class ArticleFeedbackAdmin(admin.ModelAdmin):
    list_display = ["article", "helpful", "created_at"]
    list_filter = ["helpful"]
    readonly_fields = ["article", "helpful", "comment", "user", "visitor_key", "created_at"]


@admin.register(SearchLog)
class SearchLogAdmin(admin.ModelAdmin):
    list_display = ["query", "results_count", "followed_by_request", "is_shortcut", "created_at"]
    list_filter = ["followed_by_request", "is_shortcut"]
    search_fields = ["query"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
