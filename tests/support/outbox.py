"""Running the outbox in the test process, for tests that do not need a real worker."""

from __future__ import annotations


def deliver_outbox(*, rounds: int = 5) -> int:
    """Perform every due effect here, as the relay and a worker do after commit.

    Effects may enqueue further effects, so it runs until nothing is due (at most ``rounds``).
    Returns how many effects were performed.
    """
    from outbox.relay import effects_dispatch_due
    from outbox.services import effect_execute

    performed = 0
    for _ in range(rounds):
        count = effects_dispatch_due(publish=lambda pk: effect_execute(effect_id=pk))
        if not count:
            break
        performed += count
    return performed
