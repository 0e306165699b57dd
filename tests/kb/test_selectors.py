from datetime import timedelta

import pytest
from django.utils import timezone

from kb import selectors, services

pytestmark = pytest.mark.django_db


def test_deflection_counts_searches_not_followed_by_a_request():
    now = timezone.now()

    def log(results: int, *, key: str, shortcut: bool = False, days_ago: int = 0) -> None:
        services.search_log_record(
            query="q", normalised_query="q", results_count=results, session_key=key,
            is_shortcut=shortcut, now=now - timedelta(days=days_ago),
        )  # fmt: skip

    log(3, key="a")
    log(0, key="a")
    log(0, key="b")
    log(0, key="b", shortcut=True)
    log(5, key="c", days_ago=40)
    services.search_mark_followed(session_key="a", now=now)

    figures = selectors.search_deflection_figures(
        since=now - timedelta(days=30), until=now + timedelta(seconds=1)
    )

    assert figures.searches == 3
    assert figures.followed_by_request == 2
    assert figures.deflected == 1
    assert figures.without_result == 2
    assert figures.deflection_rate == pytest.approx(1 / 3)


def test_no_search_means_no_rate():
    now = timezone.now()

    figures = selectors.search_deflection_figures(since=now - timedelta(days=1), until=now)

    assert figures.searches == 0
    assert figures.deflection_rate is None


def test_categories_are_grouped_by_profile_and_empty_ones_hidden(make_article, category):
    from kb.models import Category

    Category.objects.create(name="Vide", slug="vide", profile="liquidator", theme="X")
    make_article()

    groups = selectors.categories_by_profile(selectors.category_list_with_counts())

    assert groups == [("Employeur / administrateur", [category])]
    assert groups[0][1][0].published_count == 1  # type: ignore[attr-defined]
