"""RANDOMKEY and HRANDFIELD pick in O(1) from lazily built arrays (datatypes/sampler.py).

The arrays must follow every way a key or field comes and goes: SET's fast path,
INCR/APPEND/PFADD creating keys, DEL, RENAME, MOVE, SWAPDB, FLUSHDB, RESTORE, COPY,
expiry (lazy and active), eviction, snapshots. Checked here as properties: each pick
names a live key, and every live key is eventually picked.
"""
from hypothesis import given, settings
from hypothesis import strategies as st

from redislab.engine import Engine, VirtualClock
from redislab.engine import lru_table, snapshot

NAMES = st.sampled_from([b"a", b"b", b"c", b"d", b"e", b"f"])

OPS = st.one_of(
    st.tuples(st.just("SET"), NAMES),
    st.tuples(st.just("INCR"), NAMES),
    st.tuples(st.just("APPEND"), NAMES),
    st.tuples(st.just("PFADD"), NAMES),
    st.tuples(st.just("HSET"), NAMES),
    st.tuples(st.just("DEL"), NAMES),
    st.tuples(st.just("RENAME"), NAMES, NAMES),
    st.tuples(st.just("COPY"), NAMES, NAMES),
    st.tuples(st.just("MOVE"), NAMES),
    st.tuples(st.just("SWAPDB"),),
    st.tuples(st.just("FLUSHDB"),),
    st.tuples(st.just("PEXPIRE"), NAMES, st.integers(1, 300)),
    st.tuples(st.just("ADVANCE"), st.integers(1, 400)),
    st.tuples(st.just("RESTORE"), NAMES),
    st.tuples(st.just("BULK"), st.integers(1, 200)),
    st.tuples(st.just("ACTIVE"), st.booleans()),
    st.tuples(st.just("RANDOMKEY"),),
)


def _run(e, s, *argv):
    return e.execute(s, [a if isinstance(a, bytes) else str(a).encode() for a in argv])


def _live(e, s) -> set:
    return set(_run(e, s, "KEYS", "*"))


def _check_pick(e, s):
    live = _live(e, s)
    got = _run(e, s, "RANDOMKEY")
    assert (got is None) == (not live)
    assert got is None or got in live
    if got is not None:
        assert _run(e, s, "EXISTS", got) == 1


def _all_seen(e, s):
    live = _live(e, s)
    seen = {_run(e, s, "RANDOMKEY") for _ in range(80 * (len(live) + 1))}
    assert seen == (live or {None})


@settings(max_examples=150)
@given(st.lists(OPS, max_size=40))
def test_randomkey_follows_every_write(ops):
    e = Engine(clock=VirtualClock())
    s = e.session()
    _run(e, s, "SET", "seed", "1")
    _check_pick(e, s)                     # builds the array before the writes below
    dump = _run(e, s, "DUMP", "seed")
    for op in ops:
        name = op[0]
        if name == "RANDOMKEY":
            _check_pick(e, s)
        elif name == "ADVANCE":
            e.clock.advance(ms=op[1])
        elif name == "ACTIVE":
            _run(e, s, "DEBUG", "SET-ACTIVE-EXPIRE", int(op[1]))
        elif name == "BULK":            # many keys come and go: the array bloats, is rebuilt
            for i in range(op[1]):
                _run(e, s, "SET", f"bulk{i}", "v")
            _check_pick(e, s)
            _run(e, s, "DEL", *[f"bulk{i}" for i in range(op[1])])
        elif name == "MOVE":
            _run(e, s, "MOVE", op[1], "1")
        elif name == "SWAPDB":
            _run(e, s, "SWAPDB", "0", "1")
        elif name == "RESTORE":
            _run(e, s, "RESTORE", op[1], "0", dump, "REPLACE")
        elif name == "HSET":
            _run(e, s, "DEL", op[1])
            _run(e, s, "HSET", op[1], "f", "v")
        elif name in ("INCR", "APPEND", "PFADD"):
            _run(e, s, "DEL", op[1])
            _run(e, s, name, op[1], *(["x"] if name != "INCR" else []))
        elif name == "SET":
            _run(e, s, "SET", op[1], "v")
        else:
            _run(e, s, *op)
    _check_pick(e, s)
    _all_seen(e, s)
    _run(e, s, "SELECT", "1")             # the other database kept its own array right
    _all_seen(e, s)


def test_randomkey_across_swapdb_move_rename_flushdb():
    e = Engine(clock=VirtualClock())
    s = e.session()
    _run(e, s, "SET", "a", "v")
    assert _run(e, s, "RANDOMKEY") == b"a"
    _run(e, s, "SELECT", "1")
    _run(e, s, "SET", "b", "v")
    assert _run(e, s, "RANDOMKEY") == b"b"
    _run(e, s, "SWAPDB", "0", "1")           # each array goes with its keys
    assert _run(e, s, "RANDOMKEY") == b"a"
    _run(e, s, "MOVE", "a", "0")
    assert _run(e, s, "RANDOMKEY") is None
    _run(e, s, "SELECT", "0")
    _all_seen(e, s)                          # a and b
    _run(e, s, "RENAME", "a", "c")
    _all_seen(e, s)                          # b and c
    _run(e, s, "FLUSHDB")
    assert _run(e, s, "RANDOMKEY") is None
    _run(e, s, "SET", "d", "v")
    assert _run(e, s, "RANDOMKEY") == b"d"


def test_randomkey_never_returns_an_expired_key():
    e = Engine(clock=VirtualClock())
    s = e.session()
    _run(e, s, "DEBUG", "SET-ACTIVE-EXPIRE", "0")      # only lazy expiry
    for i in range(200):
        _run(e, s, "SET", f"k{i}", "v", "PX", 10 if i % 10 else 100_000)
    assert _run(e, s, "RANDOMKEY") is not None          # array built
    e.clock.advance(ms=50)
    for _ in range(200):
        got = _run(e, s, "RANDOMKEY")
        assert int(got[1:]) % 10 == 0
    assert _run(e, s, "DBSIZE") <= 200


def test_randomkey_after_the_lru_table_switch(monkeypatch):
    # A database past lru_table.BIG keys swaps its access clocks for a table in cron;
    # the key array lives beside them and must not care.
    monkeypatch.setattr(lru_table, "BIG", 8)
    monkeypatch.setattr(lru_table, "SMALL", 2)
    e = Engine(clock=VirtualClock())
    s = e.session()
    for i in range(20):
        _run(e, s, "SET", f"k{i}", "v")
    _run(e, s, "RANDOMKEY")
    e.clock.advance(1)
    assert type(e.keyspace.dbs[0].atime) is lru_table.LruTable
    for i in range(20, 30):
        _run(e, s, "SET", f"k{i}", "v")
    _run(e, s, "DEL", *[f"k{i}" for i in range(29)])
    e.clock.advance(1)
    assert type(e.keyspace.dbs[0].atime) is dict
    _all_seen(e, s)


def test_randomkey_after_snapshot_restore():
    e = Engine(clock=VirtualClock())
    s = e.session()
    _run(e, s, "SET", "old", "v")
    snap = snapshot.take(e.keyspace.dbs[0])
    _run(e, s, "RANDOMKEY")
    _run(e, s, "DEL", "old")
    _run(e, s, "SET", "new", "v")
    snapshot.restore(e.keyspace.dbs[0], snap)
    _all_seen(e, s)


def test_randomkey_with_eviction():
    e = Engine(clock=VirtualClock())
    s = e.session()
    for i in range(300):
        _run(e, s, "SET", f"k{i}", "x" * 100)
    _run(e, s, "RANDOMKEY")
    _run(e, s, "CONFIG", "SET", "maxmemory-policy", "allkeys-random")
    _run(e, s, "CONFIG", "SET", "maxmemory", str(876_000 + 20_000))
    _run(e, s, "SET", "trigger", "x")                 # evicts before running
    assert _run(e, s, "DBSIZE") < 300
    _run(e, s, "CONFIG", "SET", "maxmemory", "0")
    _all_seen(e, s)


# ------------------------------------------------------------------ HRANDFIELD
FIELDS = st.sampled_from([b"f1", b"f2", b"f3", b"f4", b"f5"])
HOPS = st.one_of(
    st.tuples(st.just("HSET"), FIELDS),
    st.tuples(st.just("HDEL"), FIELDS),
    st.tuples(st.just("HPEXPIRE"), FIELDS, st.integers(1, 300)),
    st.tuples(st.just("ADVANCE"), st.integers(1, 400)),
    st.tuples(st.just("PICK"), st.sampled_from([None, 1, 2, -3, 50])),
    st.tuples(st.just("BULK"), st.integers(1, 100)),
)


@settings(max_examples=150)
@given(st.booleans(), st.lists(HOPS, max_size=40))
def test_hrandfield_follows_every_write(hashtable, ops):
    e = Engine(clock=VirtualClock())
    s = e.session()
    if hashtable:
        _run(e, s, "CONFIG", "SET", "hash-max-listpack-entries", "0")
    _run(e, s, "HSET", "h", "f0", "v")

    def check(count):
        fields = set(_run(e, s, "HKEYS", "h"))
        if count is None:
            got = _run(e, s, "HRANDFIELD", "h")
            assert (got is None) == (not fields) and (got is None or got in fields)
            return
        got = _run(e, s, "HRANDFIELD", "h", count, "WITHVALUES")
        names = got[0::2]
        assert set(names) <= fields and all(v == b"v" for v in got[1::2])
        if count > 0:
            assert len(names) == len(set(names)) == min(count, len(fields))
        else:
            assert len(names) == (-count if fields else 0)

    check(None)
    for op in ops:
        name = op[0]
        if name == "PICK":
            check(op[1])
        elif name == "ADVANCE":
            e.clock.advance(ms=op[1])
        elif name == "BULK":
            _run(e, s, "HSET", "h", *[x for i in range(op[1]) for x in (f"b{i}", "v")])
            check(None)
            _run(e, s, "HDEL", "h", *[f"b{i}" for i in range(op[1])])
        elif name == "HSET":
            _run(e, s, "HSET", "h", op[1], "v")
        elif name == "HDEL":
            _run(e, s, "HDEL", "h", op[1])
        else:
            _run(e, s, "HPEXPIRE", "h", op[2], "FIELDS", "1", op[1])
    check(None)
    fields = set(_run(e, s, "HKEYS", "h"))
    seen = {_run(e, s, "HRANDFIELD", "h") for _ in range(80 * (len(fields) + 1))}
    assert seen == (fields or {None})
