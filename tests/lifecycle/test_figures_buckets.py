"""Percentiles read from the histogram buckets stay within the documented error of the exact."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from lifecycle.figures_buckets import RELATIVE_ERROR, bucket_of, bucket_percentile

SLACK = timedelta(seconds=30)  # bucket 0 (under a minute) and the rounding to the second


@given(
    st.lists(st.integers(min_value=0, max_value=3_000_000), min_size=1, max_size=200),
    st.sampled_from([0.5, 0.9]),
)
def test_the_percentile_from_buckets_is_within_the_documented_error(seconds, fraction):
    durations = sorted(timedelta(seconds=s) for s in seconds)
    buckets = Counter(bucket_of(d) for d in durations)

    estimate = bucket_percentile(buckets, fraction)

    exact = durations[round(fraction * (len(durations) - 1))]
    assert estimate is not None
    assert abs(estimate - exact) <= exact * RELATIVE_ERROR + SLACK


def test_no_duration_means_no_percentile():
    assert bucket_percentile(Counter(), 0.5) is None


def test_the_documented_error_is_under_five_percent():
    assert RELATIVE_ERROR < 0.05
