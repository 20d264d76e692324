"""ScoreList (the sorted set's order) against a plain sorted list (hypothesis).

A tiny LOAD makes every operation cross block boundaries, split, merge and drop
blocks, and rebuild the Fenwick tree, which the default LOAD would only do at
thousands of members.
"""
import bisect
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redislab.engine.datatypes import scorelist
from redislab.engine.datatypes.scorelist import ScoreList

MEMBERS = st.binary(min_size=0, max_size=2)
# Few distinct scores, so ties (ordered by member) and runs of equal scores that span
# several blocks are common; -0.0 and the infinities included.
SCORES = st.sampled_from([-math.inf, -1.0, -0.0, 0.0, 0.5, 1.0, 2.0, math.inf])
OPS = st.lists(st.one_of(
    st.tuples(st.just("add"), MEMBERS, SCORES),
    st.tuples(st.just("rem"), MEMBERS, SCORES),
    st.tuples(st.just("pop"), st.integers(-40, 40), st.just(0.0)),
    st.tuples(st.just("delrange"), st.integers(0, 40), st.integers(0, 12)),
), max_size=120)


@pytest.fixture(autouse=True, params=[2, 4, 8])
def small_load(request, monkeypatch):
    monkeypatch.setattr(scorelist, "LOAD", request.param)


def key(pair):
    return pair


def check_against(sl: ScoreList, model: list) -> None:
    sl.check()
    assert len(sl) == len(model)
    assert list(sl) == model
    assert list(reversed(sl)) == model[::-1]
    n = len(model)
    for k, (s, m) in enumerate(model):
        assert sl[k] == (s, m)
        assert sl[k - n] == (s, m)
        assert sl.index(s, m) == k
    for start in range(n + 1):
        for stop in (start, min(n, start + 1), min(n, start + 5), n):
            want = [(m, s) for s, m in model[start:stop]]
            assert sl.pairs(start, stop) == want
            assert sl.pairs(start, stop, True) == want[::-1]
            assert list(sl.iter_from(start, stop)) == model[start:stop]
    with pytest.raises(IndexError):
        sl[n]
    scores = [s for s, _ in model]
    for s in (-math.inf, -1.0, -0.5, 0.0, 0.25, 0.5, 1.0, 3.0, math.inf):
        assert sl.bisect(s) == bisect.bisect_left(scores, s)
        assert sl.bisect(s, right=True) == bisect.bisect_right(scores, s)
        for m in (b"", b"\x00", b"a", b"ab", b"\xff\xff\xff"):
            assert sl.bisect(s, m) == bisect.bisect_left(model, (s, m))
            assert sl.bisect(s, m, True) == bisect.bisect_right(model, (s, m))
    if model:
        assert sl.first_score() == model[0][0] and sl.last_score() == model[-1][0]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(SCORES, MEMBERS), max_size=30), OPS)
def test_agrees_with_a_sorted_list(initial, ops):
    current = {}
    for s, m in initial:
        current[m] = s
    model = sorted((s, m) for m, s in current.items())
    sl = ScoreList((s, m) for m, s in current.items())
    check_against(sl, model)
    for op, a, b in ops:
        if op == "add":
            if a in current:            # the caller (ZSet) moves a member: remove, then add
                assert sl.remove(current[a], a)
                model.remove((current[a], a))
            sl.add(b, a)
            current[a] = b
            bisect.insort(model, (b, a))
        elif op == "rem":
            present = current.get(a) == b and (b, a) in model
            # A score that compares equal (0.0 / -0.0) finds the pair too, as in Redis.
            if a in current and current[a] == b:
                present = True
            assert sl.remove(b, a) == present
            if present:
                model.remove((current.pop(a), a))
        elif op == "pop":
            if not model:
                with pytest.raises(IndexError):
                    sl.pop(a)
                continue
            k = a % len(model) if a >= 0 else -(-a % len(model)) or -1
            got = sl.pop(k)
            want = model.pop(k)
            assert got == want
            del current[want[1]]
        else:
            i = min(a, len(model))
            j = min(len(model), i + b)
            gone = sl.del_range(i, j)
            assert gone == [m for _, m in model[i:j]]
            for m in gone:
                del current[m]
            del model[i:j]
        sl.check()
    check_against(sl, model)
    c = sl.copy()
    c.add(9.0, b"copy-only")
    assert list(sl) == model and len(c) == len(model) + 1
    c.check()


def test_signed_zero_kept():
    sl = ScoreList([(-0.0, b"a"), (0.0, b"b")])
    (s1, _), (s2, _) = list(sl)
    assert math.copysign(1, s1) == -1 and math.copysign(1, s2) == 1
    assert sl.index(0.0, b"a") == 0 and sl.index(-0.0, b"b") == 1


def test_from_sorted_and_a_long_run_of_equal_scores():
    members = [b"%05d" % i for i in range(200)]
    sl = ScoreList.from_sorted([0.0] * 200, members)
    sl.check()
    assert sl.bisect(0.0, b"00100") == 100
    assert sl.bisect(0.0, b"00100", True) == 101
    assert sl.bisect(0.0) == 0 and sl.bisect(0.0, right=True) == 200
    for i in range(0, 200, 7):
        assert sl.index(0.0, members[i]) == i
    assert not sl.remove(0.0, b"nope")
    assert sl.remove(0.0, b"00150")
    sl.check()
    assert sl.index(0.0, b"00151") == 150


def test_remove_and_index_on_each_way_the_pair_is_found():
    # index() and remove() share one search (_spot) whose common case reads no member
    # for a score no other pair has, and looks at i and i + 1 for a score two pairs
    # share; a longer tie and a score that ends a block go the general way.
    pairs = ([(float(i), b"lone%d" % i) for i in range(40)]
             + [(100.5, b"a"), (100.5, b"b")]
             + [(200.5, m) for m in (b"x", b"y", b"z")])
    sl = ScoreList(pairs)
    model = sorted(pairs)
    for s, m in model:
        assert sl.index(s, m) == model.index((s, m))
    assert not sl.remove(3.0, b"other")         # the score is there, the member not
    assert not sl.remove(3.5, b"lone3")         # no pair has the score
    assert not sl.remove(100.5, b"c")           # two pairs share it, neither is ours
    assert not sl.remove(200.5, b"w")           # a longer tie
    assert not sl.remove(1e9, b"x")             # past the last pair
    for s, m in [(100.5, b"b"), (200.5, b"y"), (3.0, b"lone3"), model[-1], model[0]]:
        assert sl.remove(s, m)
        model.remove((s, m))
        sl.check()
        assert list(sl) == model
        for k, (s2, m2) in enumerate(model):
            assert sl.index(s2, m2) == k


def test_empty():
    sl = ScoreList()
    assert len(sl) == 0 and list(sl) == [] and sl.pairs(0, 0) == []
    assert sl.bisect(1.0) == 0 and sl.bisect(1.0, b"x", True) == 0
    assert not sl.remove(1.0, b"x")
    assert sl.del_range(0, 0) == []
    sl.add(1.0, b"x")
    assert list(sl) == [(1.0, b"x")]
    assert sl.pop() == (1.0, b"x") and len(sl) == 0
    sl.check()


def test_range_deletes_and_merges_every_shape():
    """Every small range out of sets whose blocks are full, half full or mixed: the
    blocks left short are merged (and split again when the neighbour was full)."""
    base = [(float(i // 3), b"m%03d" % i) for i in range(60)]
    for fill in ("bulk", "grown"):
        for i in range(0, 60, 3):
            for j in range(i, min(60, i + 30)):
                if fill == "bulk":
                    sl = ScoreList(base)
                else:
                    sl = ScoreList()
                    for s, m in base[::-1]:         # splits leave full and half-full blocks
                        sl.add(s, m)
                assert sl.del_range(i, j) == [m for _, m in base[i:j]]
                sl.check()
                assert list(sl) == base[:i] + base[j:]
                for k, (s, m) in enumerate(base[:i] + base[j:]):
                    assert sl.index(s, m) == k


def test_merge_into_a_full_neighbour_splits_again():
    load = scorelist.LOAD
    sl = ScoreList((float(i), b"m") for i in range(2 * load + load // 2))  # blocks of LOAD
    # Fill block 1 to the brim, then empty block 0 below LOAD/2: it merges into block 1.
    k = 0
    while len(sl._m[1]) < 2 * load:
        sl.add(load + 0.5 + k / 1000, b"x%d" % k)
        k += 1
    for _ in range(load - load // 2 + 1):
        sl.pop(0)
        sl.check()
    assert all(len(m) <= 2 * load for m in sl._m)
    assert [s for s, _ in sl] == sorted(s for s, _ in sl)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["w", "r", "p"]), st.integers(1, 120)), max_size=12),
       st.randoms(use_true_random=False))
def test_rank_indexes_follow_runs_of_reads_and_writes(runs, rnd):
    """Long runs of writes drop the Fenwick tree, long runs of rank queries switch to
    plain offsets; whatever the mix, every rank stays right."""
    model = sorted((float(rnd.randrange(50)), b"%03d" % i) for i in range(60))
    sl = ScoreList(model)
    serial = 0
    for kind, length in runs:
        for _ in range(length):
            if kind == "w":
                if model and rnd.random() < 0.5:
                    s, m = model.pop(rnd.randrange(len(model)))
                    assert sl.remove(s, m)
                else:
                    pair = (float(rnd.randrange(50)), b"n%05d" % serial)
                    serial += 1
                    sl.add(*pair)
                    bisect.insort(model, pair)
            elif model:
                k = rnd.randrange(len(model))
                if kind == "r":
                    assert sl.index(*model[k]) == k
                else:
                    assert sl[k] == model[k]
        sl.check()
    assert list(sl) == model


def test_which_rank_index_is_kept(monkeypatch):
    """The tree is kept while reads and writes alternate; a long run of writes drops
    it, a long run of rank queries switches to offsets (and a write drops those)."""
    monkeypatch.setattr(scorelist, "LOAD", 8)
    sl = ScoreList((float(i), b"m%04d" % i) for i in range(400))      # 50 blocks
    assert sl.index(200.0, b"m0200") == 200 and sl._tree is not None
    for i in range(200):                        # alternating: the tree stays, offsets never come
        sl.add(1000.0 + i, b"n%04d" % i)
        assert sl.index(100.0, b"m0100") == 100
        assert sl._tree is not None and sl._off is None
    for i in range(200):                        # writes only: the tree goes
        sl.remove(1000.0 + i, b"n%04d" % i)
    assert sl._tree is None
    for k in range(0, 400, 5):                  # reads only: tree, then offsets
        assert sl.index(float(k), b"m%04d" % k) == k and sl[k] == (float(k), b"m%04d" % k)
    assert sl._off is not None
    sl.check()
    sl.add(0.5, b"half")
    assert sl._off is None and sl.index(1.0, b"m0001") == 2
    sl.check()


def test_copies_are_independent():
    import copy

    sl = ScoreList((float(i), b"m%d" % i) for i in range(3000))
    for c in (sl.copy(), copy.copy(sl), copy.deepcopy(sl)):
        c.add(-1.0, b"first")
        assert c[0] == (-1.0, b"first") and sl[0] == (0.0, b"m0")
        c.check()
    sl.check()
