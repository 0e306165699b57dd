"""A time limit on the queries of a block, for the reads whose cost depends on what was typed.

``with statements_time_limited("40ms"): …`` runs the block in a transaction (a savepoint inside
the caller's) whose ``statement_timeout`` is ``limit``; a query still running then is cancelled
and the block raises ``TimeLimitExceeded``. The caller's own timeout is set back before the
block ends, so the rest of its transaction is not limited. Only PostgreSQL has the setting:
elsewhere (the embedded SQLite) the block runs without a limit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction
from psycopg.errors import QueryCanceled


class TimeLimitExceeded(Exception):
    """A query of the block ran past its limit and was cancelled."""


@contextmanager
def statements_time_limited(limit: str) -> Iterator[None]:
    if connection.vendor != "postgresql":
        yield
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('statement_timeout'),"
                " set_config('statement_timeout', %s, true)",
                [limit],
            )
            previous = cursor.fetchone()[0]
            yield
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
    except OperationalError as error:
        if isinstance(error.__cause__, QueryCanceled):
            raise TimeLimitExceeded from error
        raise
