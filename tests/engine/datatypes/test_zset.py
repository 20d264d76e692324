"""The ZSet structure against a naive sorted-list model (hypothesis)."""
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from redislab.engine.datatypes.zset import LEX_MAX, LEX_MIN, ZSet, clamp_ranks

MEMBERS = st.binary(min_size=0, max_size=3)
SCORES = st.one_of(st.integers(-3, 3).map(float), st.sampled_from([math.inf, -math.inf, 0.5, -0.0]))
OPS = st.lists(st.one_of(st.tuples(st.just("add"), MEMBERS, SCORES),
                         st.tuples(st.just("rem"), MEMBERS, st.just(0.0)),
                         st.tuples(st.just("pop"), st.booleans(), st.just(0.0))), max_size=40)


def model_order(d):
    return sorted(((s, m) for m, s in d.items()))


@settings(max_examples=200, deadline=None)
@given(OPS, SCORES, SCORES, st.booleans(), st.booleans())
def test_agrees_with_model(ops, lo, hi, lo_ex, hi_ex):
    z, d = ZSet(), {}
    for op, a, b in ops:
        if op == "add":
            assert z.add(a, b) == (a not in d)
            if a not in d or d[a] != b:
                d[a] = b
        elif op == "rem":
            assert z.remove(a) == (a in d)
            d.pop(a, None)
        elif d:
            m, s = z.pop(a)
            order = model_order(d)
            exp_s, exp_m = order[-1] if a else order[0]
            assert (m, s) == (exp_m, exp_s)
            del d[m]
    order = model_order(d)
    assert [(m, s) for s, m in order] == list(z)
    assert len(z) == len(d)
    for i, (s, m) in enumerate(order):
        assert z.rank(m) == i
        assert z.rank(m, reverse=True) == len(order) - 1 - i
        assert z.at(i) == (m, s)
        assert z.score(m) == s
        assert 1 <= z.level(m) <= 32
    i, j = z.score_bounds(lo, lo_ex, hi, hi_ex)
    expect = [m for s, m in order if (s > lo if lo_ex else s >= lo) and (s < hi if hi_ex else s <= hi)]
    assert [m for m, _ in z.range(i, j - 1)] == expect
    c = z.copy()
    assert list(c) == list(z) and c is not z


@settings(max_examples=200, deadline=None)
@given(st.lists(MEMBERS, max_size=20), st.one_of(st.just(LEX_MIN), st.just(LEX_MAX), MEMBERS), st.booleans(),
       st.one_of(st.just(LEX_MIN), st.just(LEX_MAX), MEMBERS), st.booleans())
def test_lex_ranges_equal_scores(members, lo, lo_ex, hi, hi_ex):
    z = ZSet()
    for m in members:
        z.add(m, 0.0)
    i, j = z.lex_slice(lo, lo_ex, hi, hi_ex)

    def ge(m):
        return True if lo is LEX_MIN else False if lo is LEX_MAX else (m > lo if lo_ex else m >= lo)

    def le(m):
        return True if hi is LEX_MAX else False if hi is LEX_MIN else (m < hi if hi_ex else m <= hi)
    expect = [m for m in sorted(set(members)) if ge(m) and le(m)]
    assert [m for m, _ in z.range(i, j - 1)] == expect


@given(st.integers(-10, 10), st.integers(-10, 10), st.integers(0, 8))
def test_window_matches_python_slicing(start, stop, n):
    z = ZSet()
    for k in range(n):
        z.add(b"m%d" % k, float(k))
    members = [b"m%d" % k for k in range(n)]
    lo, hi = clamp_ranks(start, stop, n)
    expect = members[lo:hi + 1] if lo <= hi else []
    assert [m for m, _ in z.window(start, stop)] == expect
    rev = members[::-1]
    assert [m for m, _ in z.window(start, stop, reverse=True)] == (rev[lo:hi + 1] if lo <= hi else [])


def test_delete_index_range_and_encoding():
    z = ZSet()
    for k in range(100):
        z.add(b"%03d" % k, float(k))
    assert z.delete_index_range(10, 90) == [b"%03d" % k for k in range(10, 90)]
    assert len(z) == 20 and z.rank(b"090") == 10
    cfg = {"zset-max-listpack-entries": 3, "zset-max-listpack-value": 4}
    assert z.encoding(cfg) == "listpack"
    z.grow(cfg, 1)
    assert z.encoding(cfg) == "skiplist"
    small = ZSet.from_pairs([(b"a", 1.0), (b"b", 2.0)], cfg)
    assert small.encoding(cfg) == "listpack"
    assert ZSet.from_pairs([(b"abcde", 1.0)], cfg).encoding(cfg) == "skiplist"
    assert ZSet.TYPE == "zset"


def test_levels_are_geometric_and_reproducible():
    z = ZSet()
    levels = [z.level(b"member%d" % i) for i in range(20000)]
    assert levels == [z.level(b"member%d" % i) for i in range(20000)]
    share1 = levels.count(1) / len(levels)
    share2 = levels.count(2) / len(levels)
    assert abs(share1 - 0.75) < 0.02 and abs(share2 - 0.1875) < 0.02
    assert [z.level(b"x", seed=1) for _ in range(3)] == [z.level(b"x", seed=1)] * 3


LEX_BOUNDS = st.one_of(st.just(LEX_MIN), st.just(LEX_MAX), MEMBERS)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(MEMBERS, st.integers(0, 2).map(float), max_size=12), LEX_BOUNDS, st.booleans(),
       LEX_BOUNDS, st.booleans())
def test_lex_ranges_mixed_scores_walk_like_the_listpack(pairs, lo, lo_ex, hi, hi_ex):
    """Mixed scores: Redis gives no promise; the answer is its listpack walk (forward:
    skip to the first member >= min, then take members while <= max; reverse: the
    same from the tail). The reference walk here is index by index over the order."""
    from redislab.engine.datatypes.zset import lex_gte_min, lex_lte_max

    z = ZSet()
    for m, s in pairs.items():
        z.add(m, s)
    order = [m for m, _ in z]
    n = len(order)
    i = 0
    while i < n and not lex_gte_min(order[i], lo, lo_ex):
        i += 1
    j = i
    while j < n and lex_lte_max(order[j], hi, hi_ex):
        j += 1
    rj = n
    while rj > 0 and not lex_lte_max(order[rj - 1], hi, hi_ex):
        rj -= 1
    ri = rj
    while ri > 0 and lex_gte_min(order[ri - 1], lo, lo_ex):
        ri -= 1
    if n and len(set(pairs.values())) == 1:
        return      # equal scores take the bisect path (tested above)
    assert z.lex_slice(lo, lo_ex, hi, hi_ex) == (i, j)
    assert z.lex_slice_rev(lo, lo_ex, hi, hi_ex) == (ri, rj)


def test_scan_range_is_lazy_and_ordered():
    z = ZSet.from_pairs([(b"m%d" % k, float(k)) for k in range(2000)])
    it = z.scan_range(5, 1500)
    assert next(it) == (b"m5", 5.0)
    assert [m for m, _ in it][:2] == [b"m6", b"m7"]
    assert list(z.scan_range(1998, 2000)) == [(b"m1998", 1998.0), (b"m1999", 1999.0)]
    assert list(z.scan_range(7, 7)) == []
