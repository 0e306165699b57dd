from tests.lifecycle.conftest import (  # noqa: F401 - the pages use the lifecycle's fixtures
    clock,
    fast_password_hasher,
    file_request,
    request_types,
)
