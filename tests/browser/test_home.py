import io

import pytest

from kb.demo import load
from tests.support.axe import assert_accessible, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_page_opens_in_a_real_browser(page):
    page.goto("/")

    assert page.locator("h1").inner_text() == "Besoin d'aide ?"
    assert page.locator("html").get_attribute("lang") == "fr"


def test_the_home_page_shows_its_sections_and_passes_axe(page):
    load(stdout=io.StringIO())

    page.goto("/")

    for heading in ("Actualités", "Dernières publications", "Consulter par profil et par thème"):
        assert page.get_by_role("heading", name=heading).is_visible()
    assert page.get_by_role("searchbox", name="Posez votre question").is_visible()
    assert_accessible(page)


def test_the_skip_link_is_the_first_stop_and_is_visible_when_focused(page):
    page.goto("/")

    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Aller au contenu")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"


def test_the_home_page_fits_a_phone_screen(page):
    load(stdout=io.StringIO())
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto("/")

    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_accessible(page)


def test_the_axe_helper_reports_a_serious_violation(page):
    page.goto("/")
    page.evaluate(
        "() => { const i = document.createElement('input'); i.type = 'text';"
        " document.querySelector('main').appendChild(i); }"
    )

    ids = {v["id"] for v in axe_violations(page)}

    assert "label" in ids
