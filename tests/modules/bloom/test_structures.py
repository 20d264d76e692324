"""The probabilistic structures on their own: no false negatives, never an under-count."""
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from redislab.modules.bloom.filters import Cuckoo, ScalableBloom
from redislab.modules.bloom.sketches import CountMin, TopK

items = st.lists(st.binary(min_size=0, max_size=12), max_size=200)


@settings(max_examples=60)
@given(items, st.integers(1, 50), st.sampled_from([0.1, 0.01, 0.001]), st.integers(1, 4))
def test_bloom_has_no_false_negatives(xs, cap, err, expansion):
    bf = ScalableBloom(cap, err, expansion)
    for x in xs:
        bf.add(x)
    assert all(bf.exists(x) for x in xs)


@settings(max_examples=60)
@given(items)
def test_cuckoo_has_no_false_negatives_and_deletes_what_it_added(xs):
    cf = Cuckoo(64, 2, 20, 1)
    rng = random.Random(0)
    for x in xs:
        assert cf.add(x, rng)
    assert all(cf.exists(x) for x in xs)
    for x in xs:
        assert cf.delete(x)
    assert all(len(set(layer.slots)) <= 1 for layer in cf.layers)    # every slot empty again


@settings(max_examples=60)
@given(st.lists(st.tuples(st.binary(max_size=6), st.integers(0, 20)), max_size=100))
def test_count_min_never_undercounts(pairs):
    cms = CountMin(16, 3)
    truth = {}
    for x, n in pairs:
        cms.incrby(x, n)
        truth[x] = truth.get(x, 0) + n
    assert all(cms.query(x) >= n for x, n in truth.items())
    assert cms.count == sum(truth.values())


def test_topk_finds_the_heavy_hitters():
    rng = random.Random(1)
    t = TopK(3, 64, 5, 0.9)
    stream = [b"h1"] * 300 + [b"h2"] * 200 + [b"h3"] * 100 + [b"n%d" % i for i in range(400)]
    rng.shuffle(stream)
    for x in stream:
        t.incrby(x, 1, rng)
    assert [x for x, _ in t.ranked()] == [b"h1", b"h2", b"h3"]
