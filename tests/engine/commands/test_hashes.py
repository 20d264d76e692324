"""Hash behaviour that differs in Redis 7.4 from the 7.0 oracle, or needs the engine's insides."""


def enc(r, key):
    return r.engine.keyspace.dbs[0].data[key].encoding(r.engine.config)


def test_many_pairs_in_one_hset_presize_to_hashtable(r):
    # 7.2+ converts up front when a single call brings more pairs than the listpack limit
    assert r("HSET", "h", *(["same", "v"] * 129)) == 1
    assert enc(r, b"h") == "hashtable"


def test_notifications(r):
    got = []
    r.engine.keyspace.notifier = lambda cls, ev, key, dbid: cls == 'm' or got.append((cls, ev))
    r("HSET", "h", "a", "1")
    r("HINCRBY", "h", "n", "1")
    r("HINCRBYFLOAT", "h", "f", "1.5")
    r("HSETNX", "h", "a", "x")
    r("HDEL", "h", "a", "n", "f")
    assert got == [("h", "hset"), ("h", "hincrby"), ("h", "hincrbyfloat"), ("h", "hdel"), ("g", "del")]


def test_watch_sees_in_place_change(r):
    r("HSET", "h", "a", "1")
    r("WATCH", "h")
    other = r.engine.session()
    r.engine.execute(other, [b"HSET", b"h", b"a", b"2"])
    r("MULTI")
    r("HGET", "h", "a")
    from redislab.engine.replies import NULL_ARRAY
    assert r("EXEC") is NULL_ARRAY


def test_hincrbyfloat_long_double(r):
    # The long double arithmetic is datatypes/longdouble.py, shared with INCRBYFLOAT.
    r("HSET", "h", "a", "10.5", "b", "0x1p3", "c", "-0.000000000000000001")
    assert r("HINCRBYFLOAT", "h", "a", "0.1") == b"10.6"
    assert r("HINCRBYFLOAT", "h", "b", "0") == b"8"
    assert r("HINCRBYFLOAT", "h", "c", "0") == b"0"


def test_copy_is_deep(r):
    r("HSET", "h", "a", "1")
    h = r.engine.keyspace.dbs[0].data[b"h"]
    c = h.copy()
    c.set(b"a", b"2")
    assert h.get(b"a") == b"1" and c.encoding(r.engine.config) == "listpack"
