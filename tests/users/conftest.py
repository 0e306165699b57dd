"""Fixtures of the account tests: a fast hasher, a clean cache, an unverified newcomer."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.conftest import make_user
from users import roles
from users.models import User

VALID_REGISTRATION = {
    "email": "nina@example.com",
    "password1": "Un-mot-de-passe-solide-42",
    "password2": "Un-mot-de-passe-solide-42",
    "last_name": "Lemaire",
    "first_name": "Nina",
    "profile": "liquidator",
    "siret": "73282932000074",
}


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """PBKDF2 costs ~1 s a hash on the shared CI machine; the hasher is Django's business."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Resend cool-downs live in the (Redis) cache: each test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def registration() -> dict[str, str]:
    """What Nina types in the "S'inscrire" form."""
    return dict(VALID_REGISTRATION)


@pytest.fixture
def uma(db) -> User:
    """A requester who registered but has not confirmed her address yet."""
    return make_user(
        "uma@example.com",
        role=roles.REQUESTER,
        first_name="Uma",
        last_name="Nonverifiee",
        profile=User.Profile.EMPLOYER,
        siret="73282932000074",
    )


class DeliveredMail:
    """The e-mails sent so far. Account e-mails are outbox effects: reading this list first
    performs the pending effects, as the relay and a worker do after commit, so a test reads
    what the user would find in his mailbox."""

    def __init__(self, sent: list) -> None:
        self._sent = sent

    def _delivered(self) -> list:
        from tests.support.outbox import deliver_outbox

        deliver_outbox()
        return self._sent

    def __len__(self) -> int:
        return len(self._delivered())

    def __iter__(self):
        return iter(self._delivered())

    def __getitem__(self, index):
        return self._delivered()[index]

    def __bool__(self) -> bool:
        return bool(self._delivered())

    def __eq__(self, other: object) -> bool:
        return self._delivered() == other

    __hash__ = None  # type: ignore[assignment]


@pytest.fixture
def mailoutbox(mailoutbox) -> DeliveredMail:
    return DeliveredMail(mailoutbox)
