"""The lazy random-pick array (engine/datatypes/sampler.py) against a plain set model."""
import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from redislab.engine.datatypes.sampler import SLACK, Sampler

KEYS = st.integers(0, 15)
OPS = st.lists(st.tuples(st.sampled_from(["add", "del", "pick"]), KEYS), max_size=200)


def _apply(ops, seed=0):
    """Run ops on a dict and its sampler the way the keyspace does; check each pick."""
    rng = random.Random(seed)
    live: dict = {}
    smp = Sampler(live)
    for op, k in ops:
        if op == "add" and k not in live:
            smp.added(k)
            live[k] = True
        elif op == "del" and k in live:
            del live[k]
            smp.removed(k)
        elif op == "pick":
            got = smp.pick(rng, live)
            assert (got is None) == (not live)
            assert got is None or got in live
    return live, smp, rng


@given(OPS)
def test_every_live_key_has_exactly_one_slot(ops):
    live, smp, _ = _apply(ops)
    slots = Counter(smp.arr)
    assert all(slots[k] == 1 for k in live)            # uniform: one slot each
    # Stale slots are exactly the keys remembered as gone, once each.
    assert not set(live) & smp.gone
    assert len(smp.arr) == len(live) + len(smp.gone) and set(smp.arr) == set(live) | smp.gone


@given(OPS)
def test_all_live_keys_are_reachable(ops):
    live, smp, rng = _apply(ops)
    seen = {smp.pick(rng, live) for _ in range(60 * (len(live) + 1))}
    assert seen == (set(live) or {None})


def test_picks_are_roughly_uniform_after_churn():
    rng = random.Random(1)
    live = {k: 1 for k in range(10)}
    smp = Sampler(live)
    for _ in range(50):              # one key deleted and re-added over and over
        del live[3]
        smp.removed(3)
        smp.added(3)
        live[3] = 1
    counts = Counter(smp.pick(rng, live) for _ in range(20000))
    assert max(counts.values()) < 2 * min(counts.values())


def test_skips_keys_removed_behind_its_back():
    live = {1: 1, 2: 1}
    smp = Sampler(live)
    del live[1]                      # no removed() call: still never returned
    rng = random.Random(0)
    assert {smp.pick(rng, live) for _ in range(50)} == {2}
    live.clear()
    assert smp.pick(rng, live) is None and smp.arr == []


def test_bloated_once_stale_slots_outnumber_live_keys():
    live = {k: 1 for k in range(100 + SLACK)}
    smp = Sampler(live)
    assert not smp.bloated(len(live))
    for k in list(live)[:80]:
        del live[k]
        smp.removed(k)
    assert smp.bloated(len(live)) == (len(smp.arr) > 2 * len(live) + SLACK)
