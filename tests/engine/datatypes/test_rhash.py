from hypothesis import given, strategies as st

from redislab.engine.datatypes.rhash import RHash

ops = st.lists(st.tuples(st.sampled_from(["set", "del", "ttl", "persist"]),
                         st.binary(min_size=1, max_size=2), st.integers(1, 50)), max_size=80)


@given(ops, st.integers(0, 60))
def test_model(seq, now):
    h = RHash()
    model, ttl = {}, {}
    for op, f, n in seq:
        if op == "set":
            assert h.set(f, b"v%d" % n) == (f not in model)
            model[f] = b"v%d" % n
            ttl.pop(f, None)
        elif op == "del":
            assert h.delete(f) == (f in model)
            model.pop(f, None)
            ttl.pop(f, None)
        elif op == "ttl" and f in model:
            h.set_ttl(f, n)
            ttl[f] = n
        elif op == "persist":
            assert h.persist(f) == (f in ttl)
            ttl.pop(f, None)
    assert dict(h.items()) == model
    due = {f for f, w in ttl.items() if w <= now}
    assert set(h.pop_expired(now)) == due
    assert set(h.d) == set(model) - due
    rest = [w for f, w in ttl.items() if f not in due]
    assert h.next_expiry() == (min(rest) if rest else None)


def test_listpackex_order():
    h = RHash()
    for f in (b"a", b"b", b"c"):
        h.set(f, b"1")
    h.mark_ex()
    h.set_ttl(b"c", 10)
    h.set_ttl(b"b", 5)
    assert list(h.d) == [b"b", b"c", b"a"]
    h.persist(b"b")
    assert list(h.d) == [b"c", b"a", b"b"]
    assert h.encoding(None) == "listpackex"
