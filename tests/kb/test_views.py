import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kb import services
from kb.models import ArticleFeedback, NewsItem, SearchLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(make_article):
    return make_article(
        "Résilier l'inscription d'une entreprise",
        "La **résiliation** porte sur le SIREN.",
        keywords="résiliation, SIREN",
    )


def test_the_home_page_shows_news_latest_articles_and_categories(client, published):
    services.news_item_create(title="Bienvenue sur le nouveau guichet !", article=published)

    page = client.get(reverse("home")).content.decode()

    assert "Besoin d'aide ?" in page
    assert "Actualités" in page
    assert "Bienvenue sur le nouveau guichet !" in page
    assert "Dernières publications" in page
    assert published.title.replace("'", "&#x27;") in page
    assert published.category.name in page
    assert 'role="search"' in page


def test_the_home_page_hides_drafts_and_hidden_news(client, make_article):
    draft = make_article("Brouillon secret", publish=False)
    NewsItem.objects.create(title="Actualité masquée", is_visible=False)

    page = client.get(reverse("home")).content.decode()

    assert draft.title not in page
    assert "Actualité masquée" not in page


def test_the_home_page_offers_login_to_anonymous_and_my_space_to_users(client, alice):
    anonymous = client.get(reverse("home")).content.decode()
    client.force_login(alice)
    logged_in = client.get(reverse("home")).content.decode()

    assert reverse("users:login") in anonymous
    assert "Se déconnecter" in logged_in
    assert reverse("helpdesk:portal") in logged_in


def test_the_home_page_takes_a_bounded_number_of_queries(
    client, make_article, django_assert_max_num_queries
):
    for n in range(10):
        make_article(f"Article {n}")

    with django_assert_max_num_queries(6):
        client.get(reverse("home"))


def test_a_search_lists_highlighted_results_and_is_logged(client, published):
    response = client.get(reverse("search"), {"q": "resilier"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "1 résultat pour « resilier »" in page
    assert "<mark>résiliation</mark>" in page
    assert published.get_absolute_url() in page
    [log] = SearchLog.objects.all()
    assert (log.query, log.normalised_query, log.results_count) == ("resilier", "resilier", 1)
    assert log.session_key == client.session["kb_visitor_key"]
    assert log.followed_by_request is False


def test_the_search_page_queries_do_not_grow_with_the_results(client, make_article):
    def queries_for(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("search"), {"q": query})
        return len(captured)

    make_article("Mandat SEPA", "Mandat.")
    for n in range(10):
        make_article(f"Résiliation {n}", "Résiliation.")
    client.get(reverse("search"), {"q": "warm-up"})  # the session exists from now on

    assert queries_for("résiliation") == queries_for("mandat") <= 6


def test_a_logged_in_search_remembers_the_user(client, alice, published):
    client.force_login(alice)

    client.get(reverse("search"), {"q": "SIREN"})

    assert SearchLog.objects.get().user == alice


def test_no_result_says_so_and_offers_the_request_forms(client, published):
    page = client.get(reverse("search"), {"q": "kangourou"}).content.decode()

    assert "Aucun résultat" in page
    assert f'<a href="{reverse("helpdesk:request_new")}">sur ce lien</a>' in page
    assert SearchLog.objects.get().results_count == 0


@pytest.mark.parametrize("query", ["Léa", "lea", "  LÉA  "])
def test_lea_opens_the_request_forms(client, query):
    response = client.get(reverse("search"), {"q": query})

    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:request_new")
    assert SearchLog.objects.get().is_shortcut is True


def test_an_empty_search_asks_for_words_and_is_not_logged(client):
    response = client.get(reverse("search"), {"q": "   "})

    assert response.status_code == 200
    assert "Que cherchez-vous ?" in response.content.decode()
    assert not SearchLog.objects.exists()


def test_a_search_without_parameters_is_a_helpful_page(client):
    assert client.get(reverse("search")).status_code == 200


def test_a_stop_word_search_explains_and_offers_the_forms(client, published):
    page = client.get(reverse("search"), {"q": "de la pour"}).content.decode()

    assert "Aucun résultat" in page
    assert "mots trop courants" in page
    assert "sur ce lien" in page


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "x" * 10_000,
        "résiliation\x00",
    ],
)
def test_hostile_searches_get_a_page_with_nothing_injected(client, published, query):
    response = client.get(reverse("search"), {"q": query, "page": "-3"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert len(SearchLog.objects.get().query) <= SearchLog.QUERY_MAX_LENGTH


def test_a_bad_page_number_falls_back_to_the_first_page(client, published):
    response = client.get(reverse("search"), {"q": "résiliation", "page": "abc"})

    assert response.status_code == 200
    assert published.title.replace("'", "&#x27;") in response.content.decode()


def test_the_article_page_shows_the_sanitised_body_and_the_feedback_question(client, make_article):
    article = make_article("Piège", "Texte <script>alert(1)</script> **gras**")

    page = client.get(article.get_absolute_url()).content.decode()

    assert "<strong>gras</strong>" in page
    assert "<script>alert" not in page
    assert "Cette réponse vous a-t-elle aidé ?" in page


def test_a_draft_is_not_found(client, make_article):
    draft = make_article(publish=False)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_category_page_lists_its_published_articles(client, published, make_article):
    draft = make_article("Brouillon de rubrique", publish=False)

    page = client.get(published.category.get_absolute_url()).content.decode()

    assert published.title.replace("'", "&#x27;") in page
    assert draft.title not in page


def test_feedback_without_javascript_redirects_back_with_thanks(client, published):
    url = reverse("article_feedback", kwargs={"slug": published.slug})

    response = client.post(url, {"helpful": "non", "comment": "Il manque un exemple."}, follow=True)

    assert response.redirect_chain[-1][0] == f"{published.get_absolute_url()}#avis"
    assert "Merci pour votre avis." in response.content.decode()
    feedback = ArticleFeedback.objects.get()
    assert (feedback.helpful, feedback.comment) == (False, "Il manque un exemple.")


def test_feedback_with_htmx_returns_the_fragment(client, published):
    url = reverse("article_feedback", kwargs={"slug": published.slug})

    response = client.post(url, {"helpful": "oui"}, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "Merci pour votre avis." in response.content.decode()
    assert "<html" not in response.content.decode()


def test_answering_twice_keeps_one_feedback(client, published):
    url = reverse("article_feedback", kwargs={"slug": published.slug})

    client.post(url, {"helpful": "oui"})
    client.post(url, {"helpful": "non"})

    assert ArticleFeedback.objects.get().helpful is False


def test_feedback_without_an_answer_is_refused_with_an_announced_error(client, published):
    url = reverse("article_feedback", kwargs={"slug": published.slug})

    plain = client.post(url, {"comment": "<b>x</b>"})
    htmx = client.post(url, {}, headers={"HX-Request": "true"})

    assert plain.status_code == 400
    for response in (plain, htmx):
        page = response.content.decode()
        assert 'role="alert"' in page
        assert "Indiquez si cette réponse vous a aidé." in page
    assert "&lt;b&gt;x&lt;/b&gt;" in plain.content.decode()
    assert not ArticleFeedback.objects.exists()


def test_feedback_on_a_draft_is_refused(client, make_article):
    draft = make_article(publish=False)

    response = client.post(
        reverse("article_feedback", kwargs={"slug": draft.slug}), {"helpful": "oui"}
    )

    assert response.status_code == 404
    assert not ArticleFeedback.objects.exists()


def test_feedback_must_be_posted(client, published):
    url = reverse("article_feedback", kwargs={"slug": published.slug})

    assert client.get(url).status_code == 405


def test_a_user_has_one_feedback_whatever_the_browser(client, alice, published):
    from django.test import Client

    url = reverse("article_feedback", kwargs={"slug": published.slug})
    other_browser = Client()
    client.force_login(alice)
    other_browser.force_login(alice)

    client.post(url, {"helpful": "oui"})
    other_browser.post(url, {"helpful": "non"})

    feedback = ArticleFeedback.objects.get()
    assert (feedback.user, feedback.helpful) == (alice, False)
