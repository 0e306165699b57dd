"""The shared cast of users and helpers every test can use."""

from __future__ import annotations

import secrets

import pytest
from django.contrib.auth.models import Group

from users import roles
from users.models import User

pytest_plugins = ["tests.support.worker", "tests.support.object_store"]

PASSWORD = "Un-mot-de-passe-solide-42"
# The sandbox core's API token has no default in code: the tests generate their own.
SANDBOX_TOKEN = secrets.token_urlsafe(32)


@pytest.fixture(autouse=True)
def _sandbox_core_token(settings):
    settings.SANDBOX_CORE_API_TOKEN = SANDBOX_TOKEN


@pytest.fixture(autouse=True)
def api_throttle_counts_start_afresh(settings) -> None:
    """The API's throttle counters and the short-lived figures live in the shared cache: each
    test counts from zero."""
    import uuid

    settings.GUICHET_API_THROTTLE_NAMESPACE = uuid.uuid4().hex
    settings.GUICHET_CACHE_NAMESPACE = uuid.uuid4().hex  # the queues' counts, the banner
    from common import short_cache

    short_cache._paused_until = 0.0  # a test's Redis outage does not pause the next test's


@pytest.fixture
def forget_kept_figures(settings):
    """Call it to drop every figure ``common.short_cache`` keeps (counts, banner): the next page
    computes them again, as a page does after their few seconds (query-count tests compare
    pages in the same state)."""
    import uuid

    def forget() -> None:
        settings.GUICHET_CACHE_NAMESPACE = uuid.uuid4().hex

    return forget


@pytest.fixture(autouse=True)
def _request_number_sequences(request, django_db_blocker):
    """A transactional test's flush empties the number counters; the per-year sequences of
    PostgreSQL (lifecycle.services.numbers) are not tables, so they are dropped here alike."""
    yield
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction"))
    if not transactional and "transactional_db" not in request.fixturenames:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:  # after the db fixture
        cursor.execute(
            "SELECT sequence_name FROM information_schema.sequences"
            " WHERE sequence_name LIKE 'lifecycle_request_number_%%'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP SEQUENCE IF EXISTS "{name}"')


def make_user(email: str, *, role: str, **fields: object) -> User:
    group, _ = Group.objects.get_or_create(name=role)
    fields.setdefault("first_name", "Prénom")
    fields.setdefault("last_name", "Nom")
    user = User.objects.create_user(email=email, password=PASSWORD, **fields)
    user.groups.add(group)
    return user


@pytest.fixture
def alice(db) -> User:
    """An employer who administers company 732829320."""
    from django.utils import timezone

    return make_user(
        "alice@example.com",
        role=roles.REQUESTER,
        first_name="Alice",
        last_name="Durand",
        profile=User.Profile.EMPLOYER,
        siret="73282932000074",
        email_verified_at=timezone.now(),
    )


@pytest.fixture
def bob(db) -> User:
    """Another employer, who must never see Alice's requests."""
    from django.utils import timezone

    return make_user(
        "bob@example.com",
        role=roles.REQUESTER,
        first_name="Bob",
        last_name="Petit",
        profile=User.Profile.EMPLOYER,
        siret="35600000000048",
        email_verified_at=timezone.now(),
    )


@pytest.fixture
def liam(db) -> User:
    """A judicial liquidator."""
    from django.utils import timezone

    return make_user(
        "liam@example.com",
        role=roles.REQUESTER,
        first_name="Liam",
        last_name="Mandataire",
        profile=User.Profile.LIQUIDATOR,
        siret="35600000009075",
        email_verified_at=timezone.now(),
    )


@pytest.fixture
def tess(db) -> User:
    """A support technician."""
    return make_user(
        "tess@example.com",
        role=roles.TECHNICIAN,
        is_staff=True,
        first_name="Tess",
        last_name="Technicienne",
    )


@pytest.fixture
def theo(db) -> User:
    """A second technician, to race Tess."""
    return make_user(
        "theo@example.com",
        role=roles.TECHNICIAN,
        is_staff=True,
        first_name="Théo",
        last_name="Technicien",
    )


@pytest.fixture
def sam(db) -> User:
    """A supervisor."""
    return make_user(
        "sam@example.com",
        role=roles.SUPERVISOR,
        is_staff=True,
        first_name="Sam",
        last_name="Superviseur",
    )


# --- Browser tests: Playwright driving Debian's chromium, headless -----------------------------
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium():
    """One headless chromium for the session (Debian's package, no browser download)."""
    import os
    import shutil

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between page actions are still synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server, settings):
    """A fresh browser page whose relative URLs go to the live server.

    Anything the Content-Security-Policy blocked (chromium says so on the console) fails the test.
    """
    settings.GUICHET_BASE_URL = live_server.url
    context = chromium.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(10_000)
    browser_page = context.new_page()
    blocked: list[str] = []
    browser_page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield browser_page
    context.close()
    assert blocked == [], "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)
