import pytest
from django.core.cache import cache

from tests.accounts_bridge.conftest import (  # noqa: F401 - the sandbox shares the contract tests' cast
    _fast_hasher,
    cast,
    clock,
    core,
    sandbox,
)


@pytest.fixture(autouse=True)
def _fresh_login_counters():
    """The sign-in throttle counts in the shared cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()
