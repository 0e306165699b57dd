import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_page_opens_in_a_real_browser(page):
    page.goto("/")

    assert page.locator("h1").inner_text() == "Besoin d'aide ?"
    assert page.locator("html").get_attribute("lang") == "fr"
