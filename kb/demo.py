"""Demo data of the knowledge base (idempotent): categories, ~30 articles, news items."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from kb import services
from kb.demo_content import ARTICLES, CATEGORIES, NEWS
from kb.models import Article, Category, NewsItem


def load(*, stdout: Any) -> list[tuple[str, str, str]]:
    now = timezone.now()
    categories: dict[str, Category] = {}
    for position, (slug, name, profile, theme, description) in enumerate(CATEGORIES):
        categories[slug], _ = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "profile": profile,
                "theme": theme,
                "description": description,
                "position": position,
            },
        )

    created = 0
    for age, (category_slug, title, keywords, summary, body) in enumerate(reversed(ARTICLES)):
        slug = slugify(title)[:150]
        if Article.objects.filter(slug=slug).exists():
            continue
        services.article_create(
            title=title,
            slug=slug,
            body_markdown=body,
            category=categories[category_slug],
            keywords=keywords,
            summary=summary,
            publish=True,
            now=now - timedelta(days=3 * age + 1),
        )
        created += 1

    for age, (title, body, article_slug) in enumerate(NEWS):
        if NewsItem.objects.filter(title=title).exists():
            continue
        services.news_item_create(
            title=title,
            body=body,
            article=Article.objects.filter(slug=article_slug).first(),
            now=now - timedelta(days=age),
        )
    stdout.write(f"Base de connaissances : {created} article(s) ajouté(s).")
    return []
