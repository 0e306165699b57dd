"""The admin site under the strict Content-Security-Policy: sign in and edit a user in chromium.

The ``page`` fixture fails the test on anything the policy blocked (an inline script or style).
"""

import pytest
from django.core.cache import cache

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def login_counters():
    """The throttle's counters live in Redis: leave none behind for the other journeys."""
    cache.clear()
    yield
    cache.clear()


def test_a_superuser_signs_in_to_the_admin_and_opens_a_user(page, tess, alice):
    tess.is_superuser = True
    tess.save(update_fields=["is_superuser"])

    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill("tess@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/users/user/{alice.pk}/change/")
    assert page.locator("#id_email").input_value() == "alice@example.com"
    page.goto("/admin/users/user/?q=durand")
    assert page.get_by_role("link", name="alice@example.com").is_visible()


def test_the_admin_login_is_throttled_in_the_browser_too(page, tess):
    for _ in range(5):
        page.goto("/admin/login/")
        page.locator("#id_username").fill("tess@example.com")
        page.locator("#id_password").fill("pas-le-bon-1")
        page.locator("input[type=submit]").click()

    page.locator("#id_username").fill("tess@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()

    assert "Trop de tentatives de connexion." in page.content()
    assert page.url.endswith("/admin/login/")
