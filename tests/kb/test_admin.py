import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from kb.models import Article

pytestmark = pytest.mark.django_db


def test_an_article_saved_in_the_admin_is_rendered_and_searchable(client, tess, category):
    tess.user_permissions.add(*Permission.objects.filter(codename__endswith="_article"))
    client.force_login(tess)

    response = client.post(
        reverse("admin:kb_article_add"),
        {
            "title": "Radiation d'un administrateur",
            "slug": "radiation-administrateur",
            "category": category.pk,
            "summary": "",
            "keywords": "radiation",
            "body_markdown": "La **radiation** se demande en ligne.",
            "status": "published",
            "published_at_0": "",
            "published_at_1": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get()
    assert "<strong>radiation</strong>" in article.body_html
    assert article.published_at is not None
    search = client.get(reverse("search"), {"q": "radiations"}).content.decode()
    assert "radiation-administrateur" in search
