"""The pure stream structure: IDs, ranges, deletes, node-level trimming, groups."""
from hypothesis import given, settings
from hypothesis import strategies as st

from redislab.engine.datatypes.stream import (
    INVALID_READS, MAX_ID, MIN_ID, U64, Stream, decr_id, fmt_id, incr_id,
)


def make(n, **kw):
    s = Stream()
    for i in range(1, n + 1):
        s.append((i, 0), [b"f", b"%d" % i], **kw)
    return s


def test_id_helpers():
    assert fmt_id((5, 7)) == b"5-7"
    assert incr_id((1, U64)) == (2, 0)
    assert incr_id(MAX_ID) is None
    assert decr_id((2, 0)) == (1, U64)
    assert decr_id(MIN_ID) is None


def test_auto_and_explicit_ids():
    s = Stream()
    assert s.auto_id(1000) == (1000, 0)
    s.append((1000, 0), [b"a", b"1"])
    assert s.auto_id(999) == (1000, 1)          # the clock went backwards: keep increasing
    assert s.auto_id(2000) == (2000, 0)
    assert s.explicit_id(1000, None) == (1000, 1)
    assert s.explicit_id(1001, None) == (1001, 0)
    assert s.explicit_id(999, None) is None
    assert s.explicit_id(1000, 0) is None
    s.last_id = MAX_ID
    assert s.auto_id(5) is None


def test_range_count_and_reverse():
    s = make(10)
    assert [e for e, _ in s.range((3, 0), (6, 0))] == [(3, 0), (4, 0), (5, 0), (6, 0)]
    assert [e for e, _ in s.range(MIN_ID, MAX_ID, 2, rev=True)] == [(10, 0), (9, 0)]
    assert s.range((6, 0), (3, 0)) == []
    assert s.get((2, 0)) == [b"f", b"2"]
    assert s.get((2, 1)) is None


def test_delete_updates_first_and_max_deleted():
    s = make(3)
    assert s.delete((1, 0))
    assert not s.delete((1, 0))
    assert s.first_id == (2, 0) and s.max_deleted_id == (1, 0)
    s.delete((3, 0))
    s.delete((2, 0))
    assert len(s) == 0 and s.first_id == MIN_ID and s.last_id == (3, 0)
    assert s.rax_keys() == 0 and s.rax_nodes() == 1
    assert bool(s)                               # an empty stream still exists


def test_nodes_split_by_entries_and_tombstones_count():
    s = make(250)
    assert s.rax_keys() == 3
    s = make(100)
    for i in range(1, 100):
        s.delete((i, 0))
    s.append((101, 0), [b"f", b"v"])
    assert s.rax_keys() == 2                     # 99 tombstones + 1 live = full node


def test_nodes_split_by_bytes():
    s = Stream()
    for i in range(1, 21):
        s.append((i, 0), [b"f", b"x" * 1000])
    assert s.rax_keys() == 5                     # 4 entries of 1 KB per 4 KB listpack (as Redis)


def test_exact_and_approximate_trim():
    s = make(250)
    assert s.trim(maxlen=120, approx=True) == 100     # only whole nodes
    assert len(s) == 150
    assert s.trim(maxlen=120) == 30
    assert len(s) == 120 and s.first_id == (131, 0)
    assert s.trim(minid=(200, 0), approx=True) == 0    # node 101..200 holds 200: not whole
    assert s.trim(minid=(201, 0), approx=True) == 70
    assert s.trim(minid=(240, 0)) == 39
    assert s.first_id == (240, 0)


def test_trim_limit_stops_before_a_node():
    s = make(500)
    assert s.trim(maxlen=0, approx=True, limit=250) == 200
    assert len(s) == 300


def test_rax_nodes_is_a_compressed_trie_count():
    s = Stream()
    assert s.rax_nodes() == 1
    s.append((1, 0), [b"a", b"b"])
    assert s.rax_nodes() == 2                     # root (compressed) + key
    s.nodes[(2, 0)] = s.nodes[(1, 0)].__class__((2, 0), (b"a",))
    assert s.rax_nodes() == 6                     # root, branch, two chains, two keys


def test_groups_deliver_ack_and_lag():
    s = make(5)
    g = s.create_group(b"g", MIN_ID, 0)
    assert s.create_group(b"g", MIN_ID) is None
    c = g.get_or_create(b"c", 100)
    got = s.deliver_new(g, c, 2, False, 100)
    assert [e for e, _ in got] == [(1, 0), (2, 0)]
    assert g.entries_read == 2 and s.lag(g) == 3
    assert list(g.pel) == [(1, 0), (2, 0)] and list(c.pel) == [(1, 0), (2, 0)]
    assert c.active_time == 100
    assert g.ack((1, 0)) and not g.ack((1, 0))
    assert list(c.pel) == [(2, 0)]
    hist = s.deliver_history(c, MIN_ID, 0, 200)
    assert hist == [((2, 0), [b"f", b"2"])]
    assert g.pel[(2, 0)].delivery_count == 2 and g.pel[(2, 0)].delivery_time == 200
    s.delete((2, 0))
    assert s.deliver_history(c, MIN_ID, 0, 300) == [((2, 0), None)]
    assert g.delete_consumer(b"c") == 1 and not g.pel


def test_lag_unknown_after_tombstone_ahead():
    s = make(5)
    g = s.create_group(b"g", MIN_ID, INVALID_READS)
    assert s.lag(g) is None or s.lag(g) == 5
    s.delete((3, 0))
    g.last_id = (1, 0)
    assert s.lag(g) is None


def test_copy_is_deep():
    s = make(3)
    g = s.create_group(b"g", MIN_ID)
    c = g.get_or_create(b"c", 1)
    s.deliver_new(g, c, 0, False, 1)
    t = s.copy()
    t.delete((1, 0))
    t.groups[b"g"].ack((2, 0))
    assert len(s) == 3 and (2, 0) in s.groups[b"g"].pel
    assert t.groups[b"g"].consumers[b"c"].pel.keys() == t.groups[b"g"].pel.keys()


def test_visualizer_views():
    s = make(3)
    g = s.create_group(b"g", MIN_ID)
    s.deliver_new(g, g.get_or_create(b"c", 1), 1, False, 1)
    assert s.window(count=2) == [(b"1-0", {b"f": b"1"}), (b"2-0", {b"f": b"2"})]
    assert s.window(count=1, rev=True) == [(b"3-0", {b"f": b"3"})]
    view = s.groups_view()
    assert view[0]["name"] == b"g" and view[0]["consumers"][0]["pending"] == [(b"1-0", 1)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["add", "del", "trim", "atrim"]), st.integers(0, 400)),
                max_size=80))
def test_model_matches_a_plain_dict(ops):
    s = Stream()
    model = {}
    nxt = 1
    for op, n in ops:
        if op == "add":
            for _ in range(n % 40 + 1):
                s.append((nxt, 0), [b"f", b"v"], max_entries=7)
                model[(nxt, 0)] = [b"f", b"v"]
                nxt += 1
        elif op == "del" and model:
            k = sorted(model)[n % len(model)]
            assert s.delete(k)
            del model[k]
        elif op == "trim":
            s.trim(maxlen=n % 50)
            for k in sorted(model)[:max(0, len(model) - n % 50)]:
                del model[k]
        elif op == "atrim":
            before = len(s)
            removed = s.trim(maxlen=n % 50, approx=True)
            assert len(s) == before - removed >= min(before, n % 50)
            model = {k: v for k, v in model.items() if k in s}
        assert len(s) == len(model)
        assert [e for e, _ in s.range(MIN_ID, MAX_ID)] == sorted(model)
        assert sum(nd.live for nd in s.nodes.values()) == len(s)
        assert s.first_id == (min(model) if model else MIN_ID)
