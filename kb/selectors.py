"""Knowledge-base reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kb.models import Article, Category, NewsItem, SearchLog


def article_published_qs(*, now: datetime | None = None) -> QuerySet[Article]:
    return Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now()
    ).select_related("category")


def article_get_published(*, slug: str) -> Article:
    """The published article with this slug, or 404 (drafts are never shown publicly)."""
    return get_object_or_404(article_published_qs(), slug=slug)


def article_latest(*, limit: int = 5) -> list[Article]:
    return list(article_published_qs().order_by("-published_at", "-pk")[:limit])


def article_related(*, article: Article, limit: int = 4) -> list[Article]:
    return list(
        article_published_qs()
        .filter(category=article.category)
        .exclude(pk=article.pk)
        .order_by("-published_at")[:limit]
    )


def news_latest(*, limit: int = 4, now: datetime | None = None) -> list[NewsItem]:
    return list(
        NewsItem.objects.filter(is_visible=True, published_at__lte=now or timezone.now())
        .select_related("article")
        .order_by("-published_at")[:limit]
    )


def category_list_with_counts(*, now: datetime | None = None) -> list[Category]:
    published = Q(
        articles__status=Article.Status.PUBLISHED,
        articles__published_at__lte=now or timezone.now(),
    )
    return list(
        Category.objects.annotate(published_count=Count("articles", filter=published)).filter(
            published_count__gt=0
        )
    )


def categories_by_profile(categories: list[Category]) -> list[tuple[str, list[Category]]]:
    """Categories grouped under their profile label, in the profiles' order."""
    groups: dict[str, list[Category]] = {}
    for category in categories:
        groups.setdefault(str(category.get_profile_display()), []).append(category)
    return list(groups.items())


def category_get(*, slug: str) -> Category:
    return get_object_or_404(Category, slug=slug)


def category_articles(*, category: Category) -> list[Article]:
    return list(article_published_qs().filter(category=category).order_by("title"))


@dataclass(frozen=True)
class DeflectionFigures:
    """Searches over a period and how many were followed by a request (the rest: deflected)."""

    searches: int
    followed_by_request: int
    without_result: int

    @property
    def deflected(self) -> int:
        return self.searches - self.followed_by_request

    @property
    def deflection_rate(self) -> float | None:
        return self.deflected / self.searches if self.searches else None


def search_deflection_figures(*, since: datetime, until: datetime) -> DeflectionFigures:
    """For the supervisor: searches in [since, until), the "Léa" shortcut not counted."""
    figures = SearchLog.objects.filter(
        created_at__gte=since, created_at__lt=until, is_shortcut=False
    ).aggregate(
        searches=Count("pk"),
        followed=Count("pk", filter=Q(followed_by_request=True)),
        empty=Count("pk", filter=Q(results_count=0)),
    )
    return DeflectionFigures(
        searches=figures["searches"],
        followed_by_request=figures["followed"],
        without_result=figures["empty"],
    )
