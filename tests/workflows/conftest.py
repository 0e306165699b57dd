from tests.helpdesk.conftest import (  # noqa: F401 - fixtures shared with the helpdesk tests
    clock,
    fast_password_hasher,
    file_request,
    request_types,
)
