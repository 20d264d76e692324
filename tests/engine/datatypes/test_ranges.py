"""Index clamping shared by LRANGE/LTRIM and GETRANGE/BITCOUNT/BITPOS."""
import pytest

from redislab.engine.datatypes.ranges import clamp_offsets, clamp_range


@pytest.mark.parametrize("start,end,n,out", [
    (0, -1, 5, (0, 4)), (-100, 100, 5, (0, 4)), (2, 1, 5, None), (5, 9, 5, None),
    (-2, -1, 5, (3, 4)), (0, 0, 0, None), (-6, -6, 5, None), (1, -5, 5, None),
])
def test_clamp_range(start, end, n, out):
    assert clamp_range(start, end, n) == out


@pytest.mark.parametrize("start,end,total,out", [
    (0, -1, 5, (0, 4)), (-100, -100, 5, (0, 0)), (3, 1, 5, (3, 1)), (0, 99, 5, (0, 4)),
    (-2, -1, 5, (3, 4)), (0, -1, 0, (0, -1)),
])
def test_clamp_offsets(start, end, total, out):
    assert clamp_offsets(start, end, total) == out
