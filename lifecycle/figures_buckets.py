"""Histogram buckets of a duration, and the percentile read back from them.

Bucket 0 holds durations under one minute; bucket ``i >= 1`` holds ``[RATIO**(i-1), RATIO**i)``
minutes (``RATIO`` = 1.1), up to the last bucket which holds everything longer. A percentile
read from the buckets is the geometric middle of the bucket where its rank falls: it is within
``RELATIVE_ERROR`` (≈ 4.9 %) of a duration of the cohort at that rank, or within 30 seconds for
durations under a minute. 200 buckets reach ≈ 3.4 × 10⁸ minutes: no real duration overflows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import timedelta

RATIO = 1.1
BUCKETS = 200
RELATIVE_ERROR = math.sqrt(RATIO) - 1  # ≈ 0.0488
_LOG_RATIO = math.log(RATIO)


def bucket_of(duration: timedelta) -> int:
    minutes = duration.total_seconds() / 60
    if minutes < 1:
        return 0
    index = 1 + math.floor(math.log(minutes) / _LOG_RATIO + 1e-12)
    return min(index, BUCKETS - 1)


def bucket_middle(index: int) -> timedelta:
    """The duration a bucket stands for: 30 s for bucket 0, the geometric middle otherwise."""
    if index <= 0:
        return timedelta(seconds=30)
    return timedelta(minutes=RATIO ** (index - 0.5))


def bucket_percentile(counts: Mapping[int, int], fraction: float) -> timedelta | None:
    """The ``fraction`` percentile of the durations counted in ``counts`` (bucket -> count), by
    the rank ``percentile_cont`` uses (``fraction × (n − 1)``, rounded to the nearest)."""
    total = sum(counts.values())
    if not total:
        return None
    rank = round(fraction * (total - 1))
    seen = 0
    for index in sorted(counts):
        seen += counts[index]
        if seen > rank:
            return timedelta(seconds=round(bucket_middle(index).total_seconds()))
    raise AssertionError("unreachable: the rank is below the total")  # pragma: no cover
