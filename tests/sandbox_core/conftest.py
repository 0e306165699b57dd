from tests.accounts_bridge.conftest import (  # noqa: F401 - the sandbox shares the contract tests' cast
    _fast_hasher,
    cast,
    clock,
    core,
    sandbox,
)
