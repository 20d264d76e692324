"""The Series structure and the aggregators on their own (no commands, no RESP)."""
import math

from hypothesis import given
from hypothesis import strategies as st

from redislab.modules.timeseries.aggregation import bucketize, reduce_values, twa
from redislab.modules.timeseries.series import Series

samples = st.lists(st.tuples(st.integers(0, 10_000), st.integers(-1000, 1000)), max_size=60)


@given(samples)
def test_upsert_keeps_time_order_and_last_wins(pts):
    s = Series()
    want = {}
    for t, v in pts:
        s.upsert(t, float(v), "LAST")
        want[t] = float(v)
    assert s.ts == sorted(want) and s.vals == [want[t] for t in sorted(want)]


@given(samples, st.integers(1, 500))
def test_retention_keeps_only_the_window(pts, retention):
    s = Series(retention=retention)
    for t, v in pts:
        if not s.too_old(t):
            s.upsert(t, float(v), "LAST")
            s.trim()
    if s.ts:
        assert s.ts[0] >= s.ts[-1] - retention


@given(samples, st.integers(1, 2000), st.integers(0, 3000))
def test_buckets_partition_the_samples(pts, duration, align):
    pts = sorted(dict(pts).items())
    out = bucketize([(t, float(v)) for t, v in pts], "count", duration, align, "-", False)
    assert sum(v for _, v in out) == len(pts)
    for start, _ in out:
        assert start == 0 or (start - align) % duration == 0     # a bucket before 0 shows as 0


def test_reducers_by_hand():
    vals = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]
    assert reduce_values("avg", vals) == 5.0
    assert reduce_values("var.p", vals) == 4.0 and reduce_values("std.p", vals) == 2.0
    assert math.isclose(reduce_values("var.s", vals), 32 / 7)
    assert reduce_values("range", vals) == 7.0
    assert math.isnan(reduce_values("min", []))
    assert reduce_values("sum", []) == 0.0


def test_twa_of_a_constant_and_a_ramp():
    assert twa([(0, 3.0), (10, 3.0)], 0, 10) == 3.0
    assert twa([(0, 0.0), (10, 10.0)], 0, 10) == 5.0
    assert twa([], 10, 20, prev=(0, 0.0), nxt=(30, 30.0)) == 15.0      # the line's middle
