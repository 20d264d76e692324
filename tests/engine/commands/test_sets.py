"""Set behaviour of Redis 7.4 (listpack sets, 7.2+) and randomness checks."""


def enc(r, key):
    return r.engine.keyspace.dbs[0].data[key].encoding(r.engine.config)


def test_listpack_encoding_and_order(r):
    r("SADD", "s", "b", "a", "c")
    assert enc(r, b"s") == "listpack"
    assert r("SMEMBERS", "s") == [b"b", b"a", b"c"]    # insertion order
    r("SREM", "s", "a")
    assert r("SMEMBERS", "s") == [b"b", b"c"]
    r("SADD", "s", "x" * 65)
    assert enc(r, b"s") == "hashtable"
    r("SREM", "s", "x" * 65)
    assert enc(r, b"s") == "hashtable"                 # one way


def test_intset_to_listpack_keeps_sorted_prefix(r):
    r("SADD", "s", "3", "1", "2")
    assert enc(r, b"s") == "intset"
    r("SADD", "s", "z")
    assert enc(r, b"s") == "listpack"
    assert r("SMEMBERS", "s") == [b"1", b"2", b"3", b"z"]


def test_listpack_limits(r):
    r("SADD", "big", *[f"m{i}" for i in range(129)])
    assert enc(r, b"big") == "hashtable"
    r("SADD", "small", *[f"m{i}" for i in range(128)])
    assert enc(r, b"small") == "listpack"
    r("SADD", "small", "one-more")
    assert enc(r, b"small") == "hashtable"
    r("SADD", "ints", *[str(i) for i in range(100)])
    r("SADD", "ints", "x")
    assert enc(r, b"ints") == "listpack"


def test_store_encoding_follows_content(r):
    r("SADD", "a", "x", "y", "1")
    r("SADD", "b", "y", "1")
    assert r("SINTERSTORE", "d", "a", "b") == 2
    assert enc(r, b"d") == "listpack"


def test_srandmember_negative_count_repeats(r):
    r("SADD", "s", "a", "b")
    out = r("SRANDMEMBER", "s", "-1000")
    assert len(out) == 1000 and set(out) == {b"a", b"b"}
    assert r("SCARD", "s") == 2
    r("SADD", "one", "only")
    assert r("SRANDMEMBER", "one", "-5") == [b"only"] * 5


def test_srandmember_positive_count_distinct(r):
    r("SADD", "s", *[str(i) for i in range(50)])
    out = r("SRANDMEMBER", "s", "20")
    assert len(out) == 20 and len(set(out)) == 20
    assert sorted(r("SRANDMEMBER", "s", "50"), key=int) == [str(i).encode() for i in range(50)]


def test_spop_count_and_notifications(r):
    got = []
    r.engine.keyspace.notifier = lambda cls, ev, key, dbid: cls == 'm' or got.append((cls, ev))
    r("SADD", "s", "1", "2", "3")
    popped = r("SPOP", "s", "2")
    assert len(set(popped)) == 2 and r("SCARD", "s") == 1
    r("SPOP", "s")
    assert r("EXISTS", "s") == 0
    assert got == [("s", "sadd"), ("s", "spop"), ("s", "spop"), ("g", "del")]


def test_resp3_shapes(r):
    from redislab.engine.replies import SetReply
    r("SADD", "s", "1")
    assert type(r("SMEMBERS", "s")) is SetReply
    assert type(r("SPOP", "s", "0")) is SetReply
    assert type(r("SRANDMEMBER", "s", "3")) is list


def test_randomness_is_seeded(engine):
    from redislab.engine import Engine, VirtualClock
    runs = []
    for _ in range(2):
        e = Engine(clock=VirtualClock(seed=7))
        e.run("SADD", "s", *range(100))
        runs.append(e.run("SRANDMEMBER", "s", "-10"))
    assert runs[0] == runs[1]
