"""Knowledge-base writes: articles, news, feedback, the search log."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from kb.models import Article, ArticleFeedback, Category, NewsItem, SearchLog
from kb.rendering import html_to_text, render_markdown
from kb.search import search_index_sync
from users.models import User

FOLLOWED_WINDOW = timedelta(hours=24)


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:150] or "article"
    slug, n = base, 2
    others = Article.objects.exclude(pk=exclude_pk) if exclude_pk else Article.objects.all()
    while others.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def article_save(*, article: Article, now: datetime | None = None) -> Article:
    """Render and sanitise the body, stamp the update, save, and keep the search index in step.

    The admin, the demo loader and every other writer go through here.
    """
    now = now or timezone.now()
    if not article.slug:
        article.slug = _unique_slug(article.title, exclude_pk=article.pk)
    article.body_html = render_markdown(article.body_markdown)
    article.body_text = html_to_text(article.body_html)
    article.updated_at = now
    if article.status == Article.Status.PUBLISHED and article.published_at is None:
        article.published_at = now
    article.full_clean(exclude=["slug"] if article.pk else None)
    article.save()
    search_index_sync(article_id=article.pk)
    return article


def article_create(
    *,
    title: str,
    body_markdown: str,
    category: Category,
    keywords: str = "",
    summary: str = "",
    slug: str = "",
    publish: bool = False,
    now: datetime | None = None,
) -> Article:
    article = Article(
        title=title,
        body_markdown=body_markdown,
        category=category,
        keywords=keywords,
        summary=summary,
        slug=slug,
        status=Article.Status.PUBLISHED if publish else Article.Status.DRAFT,
    )
    return article_save(article=article, now=now)


def article_publish(*, article: Article, now: datetime | None = None) -> Article:
    article.status = Article.Status.PUBLISHED
    return article_save(article=article, now=now)


def article_unpublish(*, article: Article, now: datetime | None = None) -> Article:
    article.status = Article.Status.DRAFT
    return article_save(article=article, now=now)


@transaction.atomic
def article_delete(*, article: Article) -> None:
    article_id = article.pk
    article.delete()
    search_index_sync(article_id=article_id)


def news_item_create(
    *, title: str, body: str = "", article: Article | None = None, now: datetime | None = None
) -> NewsItem:
    return NewsItem.objects.create(
        title=title, body=body, article=article, published_at=now or timezone.now()
    )


def feedback_record(
    *,
    article: Article,
    helpful: bool,
    visitor_key: str,
    user: User | None = None,
    comment: str = "",
    now: datetime | None = None,
) -> ArticleFeedback:
    """One answer per visitor and article: answering again replaces the previous answer."""
    now = now or timezone.now()
    feedback, _ = ArticleFeedback.objects.update_or_create(
        article=article,
        visitor_key=visitor_key,
        defaults={
            "helpful": helpful,
            "comment": comment.strip()[:1000],
            "user": user,
            "updated_at": now,
        },
        create_defaults={
            "helpful": helpful,
            "comment": comment.strip()[:1000],
            "user": user,
            "created_at": now,
            "updated_at": now,
        },
    )
    return feedback


def search_log_record(
    *,
    query: str,
    normalised_query: str,
    results_count: int,
    session_key: str = "",
    user: User | None = None,
    is_shortcut: bool = False,
    now: datetime | None = None,
) -> SearchLog:
    limit = SearchLog.QUERY_MAX_LENGTH
    return SearchLog.objects.create(
        query=query[:limit],
        normalised_query=normalised_query[:limit],
        results_count=results_count,
        session_key=session_key,
        user=user,
        is_shortcut=is_shortcut,
        created_at=now or timezone.now(),
    )


def search_mark_followed(
    *,
    session_key: str | None = None,
    user: User | None = None,
    now: datetime | None = None,
) -> int:
    """Mark the visitor's searches of the last 24 hours as followed by a request.

    Called by the request-filing code right after a request is filed. ``session_key`` is the
    visitor key of kb.visitor.visitor_key(request) (it survives the login); ``user`` also
    catches searches made while logged in from another browser. Returns how many were marked.
    """
    who = Q()
    if session_key:
        who |= Q(session_key=session_key)
    if user is not None and user.pk is not None:
        who |= Q(user=user)
    if not who:
        return 0
    since = (now or timezone.now()) - FOLLOWED_WINDOW
    return SearchLog.objects.filter(who, created_at__gte=since, followed_by_request=False).update(
        followed_by_request=True
    )
