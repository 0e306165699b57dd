"""The admin's request list in chromium: the search says in French what it looks for."""

import pytest
from django.core.cache import cache

from lifecycle.services import requests as services
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def login_counters():
    cache.clear()
    yield
    cache.clear()


def test_a_superuser_finds_a_request_by_the_requesters_e_mail(page, tess, alice):
    tess.is_superuser = True
    tess.save(update_fields=["is_superuser"])
    filed = services.request_file(
        requester=alice,
        type_key="question",
        siret="73282932000074",
        description="Bonjour, voici ma demande.",
        theme="Se connecter sur le site",
        subtheme="Connexion par mot de passe",
        subject="Mot de passe oublié",
    )
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill("tess@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")

    page.goto("/admin/lifecycle/request/?q=ALICE@example.com")

    assert page.get_by_role("link", name=filed.number).is_visible()
    assert "adresse électronique exacte" in page.content()
    width = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 0  # no sideways scroll
    page.screenshot(path="/tmp/bench-admin-requests.png", full_page=True)
