from datetime import timedelta

import pytest
from django.utils import timezone

from kb import services
from kb.models import Article, ArticleFeedback, SearchLog

pytestmark = pytest.mark.django_db


def test_saving_renders_and_sanitises_the_body(make_article):
    article = make_article("Titre", "Texte **gras** <script>alert(1)</script>")

    assert "<strong>gras</strong>" in article.body_html
    assert "<script" not in article.body_html
    assert "alert(1)" not in article.body_text or "<script" not in article.body_text


def test_publishing_stamps_the_date_once(make_article):
    article = make_article(publish=False)
    assert article.published_at is None
    first = timezone.now() - timedelta(days=2)

    services.article_publish(article=article, now=first)
    services.article_publish(article=article, now=first + timedelta(days=1))

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == first
    assert article.updated_at == first + timedelta(days=1)


def test_unpublishing_keeps_the_article_as_a_draft(make_article):
    article = services.article_unpublish(article=make_article())

    assert article.status == Article.Status.DRAFT


def test_a_slug_is_made_unique_from_the_title(category):
    one = services.article_create(title="Mot de passe", body_markdown="x", category=category)
    two = services.article_create(title="Mot de passe", body_markdown="y", category=category)

    assert one.slug == "mot-de-passe"
    assert two.slug == "mot-de-passe-2"


def test_a_visitor_has_one_feedback_per_article_and_may_change_it(make_article, alice):
    article = make_article()

    services.feedback_record(article=article, helpful=False, visitor_key="v1", comment=" Flou ")
    services.feedback_record(article=article, helpful=True, visitor_key="v1", user=alice)

    [feedback] = ArticleFeedback.objects.all()
    assert feedback.helpful is True
    assert feedback.user == alice
    assert feedback.comment == ""


def test_the_search_log_truncates_the_query():
    log = services.search_log_record(query="x" * 500, normalised_query="x" * 500, results_count=0)

    assert len(log.query) == SearchLog.QUERY_MAX_LENGTH


def test_a_request_marks_the_visitors_recent_searches_as_followed(alice, bob):
    now = timezone.now()
    mine = services.search_log_record(
        query="a", normalised_query="a", results_count=0, session_key="k1", now=now
    )
    logged_in = services.search_log_record(
        query="b", normalised_query="b", results_count=0, user=alice, now=now
    )
    old = services.search_log_record(
        query="c", normalised_query="c", results_count=0, session_key="k1",
        now=now - timedelta(days=2),
    )  # fmt: skip
    other = services.search_log_record(
        query="d", normalised_query="d", results_count=0, session_key="k2", user=bob, now=now
    )

    marked = services.search_mark_followed(session_key="k1", user=alice, now=now)

    assert marked == 2
    for log, followed in [(mine, True), (logged_in, True), (old, False), (other, False)]:
        log.refresh_from_db()
        assert log.followed_by_request is followed


def test_marking_without_a_visitor_marks_nothing():
    services.search_log_record(query="a", normalised_query="a", results_count=0)

    assert services.search_mark_followed() == 0
    assert services.search_mark_followed(session_key="") == 0
