"""Public knowledge-base pages: home, search, categories, articles and their feedback."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kb import selectors, services
from kb.forms import FeedbackForm
from kb.search import normalise, search_articles
from kb.visitor import visitor_key
from users.models import User


def _user_or_none(request: HttpRequest) -> User | None:
    return cast(User, request.user) if request.user.is_authenticated else None


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    categories = selectors.category_list_with_counts()
    return render(
        request,
        "kb/home.html",
        {
            "news": selectors.news_latest(),
            "latest": selectors.article_latest(),
            "category_groups": selectors.categories_by_profile(categories),
        },
    )


def _page_number(raw: str | None) -> int:
    try:
        return min(max(int(raw or 1), 1), 1000)
    except ValueError:
        return 1


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    if normalise.is_request_forms_shortcut(raw):
        services.search_log_record(
            query=normalise.clean_query(raw),
            normalised_query=normalise.normalised_query(raw),
            results_count=0,
            is_shortcut=True,
            session_key=visitor_key(request),
            user=_user_or_none(request),
        )
        return redirect("helpdesk:request_new")

    results = search_articles(query=raw, page=_page_number(request.GET.get("page")))
    if results.query:
        services.search_log_record(
            query=results.query,
            normalised_query=results.normalised_query,
            results_count=results.total,
            session_key=visitor_key(request),
            user=_user_or_none(request),
        )
    return render(request, "kb/search.html", {"results": results})


@require_GET
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_get(slug=slug)
    articles = selectors.category_articles(category=category)
    return render(request, "kb/category.html", {"category": category, "articles": articles})


@require_GET
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = selectors.article_get_published(slug=slug)
    return render(
        request,
        "kb/article.html",
        {
            "article": article,
            "related": selectors.article_related(article=article),
            "form": FeedbackForm(),
        },
    )


@require_POST
def article_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    """Records "Cette réponse vous a-t-elle aidé ?"; htmx swaps the fragment, else a redirect."""
    article = selectors.article_get_published(slug=slug)
    form = FeedbackForm(request.POST)
    is_htmx = request.headers.get("HX-Request") == "true"
    if not form.is_valid():
        context = {"article": article, "form": form}
        if is_htmx:
            return render(request, "kb/partials/feedback.html", context)
        context["related"] = selectors.article_related(article=article)
        return render(request, "kb/article.html", context, status=400)

    user = _user_or_none(request)
    services.feedback_record(
        article=article,
        helpful=form.cleaned_data["helpful"],
        comment=form.cleaned_data["comment"],
        # One answer per user wherever he logs in from; per browser session otherwise.
        visitor_key=f"user-{user.pk}" if user else visitor_key(request),
        user=user,
    )
    if is_htmx:
        return render(request, "kb/partials/feedback.html", {"article": article, "thanks": True})
    messages.success(request, _("Merci pour votre avis."))
    return redirect(f"{article.get_absolute_url()}#avis")
