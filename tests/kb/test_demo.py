import io

import pytest

from kb.demo import load
from kb.models import Article, NewsItem
from kb.search import search_articles

pytestmark = pytest.mark.django_db


def test_the_demo_knowledge_base_loads_once():
    load(stdout=io.StringIO())
    counts = (Article.objects.count(), NewsItem.objects.count())
    load(stdout=io.StringIO())

    assert (Article.objects.count(), NewsItem.objects.count()) == counts
    assert counts[0] >= 30
    assert counts[1] >= 3
    assert not Article.objects.filter(body_html="").exists()


@pytest.mark.parametrize(
    ("query", "expected_title"),
    [
        ("resilier entreprise", "Résilier l'inscription d'une entreprise"),
        ("mot de passe oublié", "J'ai oublié mon mot de passe"),
        ("minutes du greffe", "Quelles pièces joindre à une demande de liquidateur ?"),
    ],
)
def test_the_demo_articles_answer_the_usual_questions(query, expected_title):
    load(stdout=io.StringIO())

    titles = [hit.title for hit in search_articles(query=query).hits[:3]]

    assert expected_title in titles
