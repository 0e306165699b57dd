"""Knowledge-base test helpers: a category and an article maker that go through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from kb import services
from kb.models import Article, Category


@pytest.fixture
def category(db) -> Category:
    return Category.objects.create(
        name="Résilier une inscription", slug="resiliation", profile="employer", theme="Inscription"
    )


@pytest.fixture
def make_article(category) -> Callable[..., Article]:
    counter = iter(range(1, 10_000))

    def make(
        title: str = "Un article",
        body: str = "Un texte.",
        *,
        keywords: str = "",
        publish: bool = True,
        days_ago: int = 1,
    ) -> Article:
        return services.article_create(
            title=title,
            slug=f"article-{next(counter)}",
            body_markdown=body,
            category=category,
            keywords=keywords,
            publish=publish,
            now=timezone.now() - timedelta(days=days_ago),
        )

    return make
