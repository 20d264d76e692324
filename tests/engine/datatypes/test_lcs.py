"""The pure LCS walk: lengths against a reference DP, ranges that really match."""
from hypothesis import given, settings
from hypothesis import strategies as st

from redislab.engine.datatypes import lcs

SMALL = st.binary(max_size=12).map(lambda b: bytes(x % 3 + 97 for x in b))


def _ref_len(a, b):
    # Memoised recursion: a different formulation than the module's table.
    from functools import lru_cache

    @lru_cache(None)
    def f(i, j):
        if i == len(a) or j == len(b):
            return 0
        if a[i] == b[j]:
            return 1 + f(i + 1, j + 1)
        return max(f(i + 1, j), f(i, j + 1))
    return f(0, 0)


def _is_subsequence(sub, s):
    it = iter(s)
    return all(c in it for c in sub)


@settings(max_examples=300)
@given(SMALL, SMALL)
def test_length_and_subsequence(a, b):
    text, ranges = lcs.lcs(a, b)
    assert len(text) == _ref_len(a, b) == lcs.length(a, b)
    assert _is_subsequence(text, a) and _is_subsequence(text, b)
    # Ranges cover the whole subsequence, come from the end, and match byte for byte.
    assert sum(n for _, _, n in ranges) == len(text)
    prev_a = len(a)
    for (a0, a1), (b0, b1), n in ranges:
        assert a1 - a0 + 1 == b1 - b0 + 1 == n
        assert a[a0:a1 + 1] == b[b0:b1 + 1]
        assert a1 < prev_a
        prev_a = a0
    assert b"".join(a[r[0][0]:r[0][1] + 1] for r in reversed(ranges)) == text


@given(SMALL, SMALL, st.integers(0, 4))
def test_min_match_len_filters_only_ranges(a, b, k):
    text, ranges = lcs.lcs(a, b)
    text2, filtered = lcs.lcs(a, b, k)
    assert text2 == text
    assert filtered == [r for r in ranges if k == 0 or r[2] >= k]


def test_known_example():
    text, ranges = lcs.lcs(b"ohmytext", b"mynewtext")
    assert text == b"mytext"
    assert ranges == [((4, 7), (5, 8), 4), ((2, 3), (0, 1), 2)]


def test_empty():
    assert lcs.lcs(b"", b"abc") == (b"", [])
    assert lcs.length(b"abc", b"") == 0
