"""String commands on the engine alone: TTLs on a virtual clock, notifications,
raw encoding tracking, WATCH invalidation and the command table entries."""
import pytest

from redislab.engine import registry
from redislab.errors import RedisError


@pytest.fixture
def events(r):
    got = []
    r.engine.keyspace.notifier = lambda cls, ev, key, dbid: cls == 'm' or got.append((cls, ev, key))
    return got


def db(r):
    return r.session.db


# ------------------------------------------------------------------- TTLs

def test_set_ex_expires_on_virtual_clock(r):
    assert r("SET", "k", "v", "EX", "10") == "OK"
    r.engine.clock.advance(9.9)
    assert r("GET", "k") == b"v"
    r.engine.clock.advance(0.2)
    assert r("GET", "k") is None


def test_set_px_exat_pxat_absolute_times(r):
    now = r.engine.clock.time_ms()
    r("SET", "a", "v", "PX", "1500")
    r("SET", "b", "v", "EXAT", str(now // 1000 + 100))
    r("SET", "c", "v", "PXAT", str(now + 2500))
    assert db(r).expires[b"a"] == now + 1500
    assert db(r).expires[b"b"] == (now // 1000 + 100) * 1000
    assert db(r).expires[b"c"] == now + 2500


def test_keepttl_and_plain_set_drops_ttl(r):
    r("SET", "k", "v", "EX", "100")
    r("SET", "k", "w", "KEEPTTL")
    assert b"k" in db(r).expires
    r("SET", "k", "x")
    assert b"k" not in db(r).expires
    r("SET", "k", "v", "EX", "100")
    r("MSET", "k", "y")
    assert b"k" not in db(r).expires


def test_counters_and_edits_keep_ttl(r):
    for cmd in (("INCR", "k"), ("INCRBY", "k", "2"), ("DECR", "k"), ("INCRBYFLOAT", "k", "0.5"),
                ("APPEND", "k", "0"), ("SETRANGE", "k", "0", "1")):
        r("SET", "k", "5", "EX", "100")
        r(*cmd)
        assert b"k" in db(r).expires, cmd


def test_getset_drops_ttl(r):
    r("SET", "k", "v", "EX", "100")
    assert r("GETSET", "k", "w") == b"v"
    assert b"k" not in db(r).expires


def test_setex_psetex(r):
    now = r.engine.clock.time_ms()
    r("SETEX", "a", "5", "v")
    r("PSETEX", "b", "5", "v")
    assert db(r).expires[b"a"] == now + 5000
    assert db(r).expires[b"b"] == now + 5
    assert r("SETEX", "a", "0", "v") == RedisError("ERR invalid expire time in 'setex' command")
    assert r("PSETEX", "a", "-3", "v") == RedisError("ERR invalid expire time in 'psetex' command")


def test_getex_options(r, events):
    now = r.engine.clock.time_ms()
    r("SET", "k", "v")
    assert r("GETEX", "k", "EX", "10") == b"v"
    assert db(r).expires[b"k"] == now + 10000
    assert r("GETEX", "k", "PERSIST") == b"v"
    assert b"k" not in db(r).expires
    assert r("GETEX", "k", "PERSIST") == b"v"          # no TTL: nothing to announce
    assert r("GETEX", "k", "PXAT", str(now - 1)) == b"v"
    assert r("GET", "k") is None
    evs = [e[1] for e in events]
    assert evs == ["set", "expire", "persist", "del"]


def test_getex_on_expired_key_is_nil(r):
    r("SET", "k", "v", "PX", "100")
    r.engine.clock.advance(0.2)
    assert r("GETEX", "k", "EX", "10") is None


def test_set_on_stale_key_expires_it_first(r, events):
    r("SET", "k", "v", "PX", "100")
    r.engine.keyspace.dbs[0].expires[b"k"] = r.engine.clock.time_ms() - 1   # stale, not yet reaped
    r("SET", "k", "w")
    assert ("x", "expired", b"k") in events
    assert r("GET", "k") == b"w" and b"k" not in db(r).expires


# ---------------------------------------------------------- notifications

@pytest.mark.parametrize("cmd,expected", [
    (("SET", "k", "v"), [("$", "set")]),
    (("SET", "k", "v", "EX", "10"), [("$", "set"), ("g", "expire")]),
    (("SET", "k", "v", "NX"), []),                       # k exists: nothing happens
    (("SETEX", "k", "10", "v"), [("$", "set"), ("g", "expire")]),
    (("SETNX", "n", "v"), [("$", "set")]),
    (("GETSET", "k", "v"), [("$", "set")]),
    (("MSET", "a", "1", "b", "2"), [("$", "set"), ("$", "set")]),
    (("MSETNX", "a", "1", "b", "2"), [("$", "set"), ("$", "set")]),
    (("APPEND", "k", "x"), [("$", "append")]),
    (("SETRANGE", "k", "1", "x"), [("$", "setrange")]),
    (("SETRANGE", "k", "1", ""), []),
    (("INCR", "n"), [("$", "incrby")]),
    (("DECRBY", "n", "3"), [("$", "incrby")]),
    (("INCRBYFLOAT", "n", "1.5"), [("$", "incrbyfloat")]),
    (("GETDEL", "k"), [("g", "del")]),
    (("GETDEL", "missing"), []),
])
def test_keyspace_events(r, events, cmd, expected):
    r("SET", "k", "old")
    events.clear()
    r(*cmd)
    assert [(c, e) for c, e, _ in events] == expected


# ----------------------------------------------------------- raw encoding

def test_raw_tracking(r):
    d = db(r)
    r("APPEND", "new", "abc")
    assert b"new" not in d.raw                          # a fresh key holds the argument as is
    r("APPEND", "new", "d")
    assert b"new" in d.raw
    r("SET", "new", "x")
    assert b"new" not in d.raw
    r("SETRANGE", "sr", "2", "x")
    assert b"sr" in d.raw                                 # created by SETRANGE: raw too
    r("SET", "n", "12")
    r("SETRANGE", "n", "0", "3")
    assert b"n" in d.raw
    r("INCR", "n")
    assert b"n" not in d.raw
    r("SETRANGE", "e", "0", "")
    assert b"e" not in d.raw and b"e" not in d.data


# ------------------------------------------------------------------ WATCH

@pytest.mark.parametrize("cmd", [("SET", "k", "v"), ("SET", "k", "v", "XX"), ("APPEND", "k", "x"),
                                 ("INCR", "n"), ("SETRANGE", "k", "0", "z"), ("GETDEL", "k"),
                                 ("GETEX", "k", "EX", "5"), ("INCRBYFLOAT", "n", "1"),
                                 ("MSET", "k", "1"), ("GETSET", "k", "1")])
def test_writes_invalidate_watch(r, cmd):
    r("SET", "k", "a")
    r("SET", "n", "1")
    s = r.session
    r.engine.watch(s, cmd[1].encode())
    r(*cmd)
    assert s.dirty_cas


def test_reads_do_not_invalidate_watch(r):
    r("SET", "k", "a")
    s = r.session
    r.engine.watch(s, b"k")
    for cmd in (("GET", "k"), ("MGET", "k"), ("STRLEN", "k"), ("GETRANGE", "k", "0", "1"),
                ("LCS", "k", "k"), ("GETEX", "k"), ("SET", "k", "v", "NX")):
        r(*cmd)
    assert not s.dirty_cas


# ------------------------------------------------------------- the table

@pytest.mark.parametrize("name,arity,flags,keys,since", [
    ("set", -3, {"write", "denyoom"}, (1, 1, 1), "1.0.0"),
    ("get", 2, {"readonly", "fast"}, (1, 1, 1), "1.0.0"),
    ("getex", -2, {"write", "fast"}, (1, 1, 1), "6.2.0"),
    ("getdel", 2, {"write", "fast"}, (1, 1, 1), "6.2.0"),
    ("getset", 3, {"write", "denyoom", "fast"}, (1, 1, 1), "1.0.0"),
    ("mget", -2, {"readonly", "fast"}, (1, -1, 1), "1.0.0"),
    ("mset", -3, {"write", "denyoom"}, (1, -1, 2), "1.0.1"),
    ("msetnx", -3, {"write", "denyoom"}, (1, -1, 2), "1.0.1"),
    ("setnx", 3, {"write", "denyoom", "fast"}, (1, 1, 1), "1.0.0"),
    ("setex", 4, {"write", "denyoom"}, (1, 1, 1), "2.0.0"),
    ("psetex", 4, {"write", "denyoom"}, (1, 1, 1), "2.6.0"),
    ("append", 3, {"write", "denyoom", "fast"}, (1, 1, 1), "2.0.0"),
    ("strlen", 2, {"readonly", "fast"}, (1, 1, 1), "2.2.0"),
    ("getrange", 4, {"readonly"}, (1, 1, 1), "2.4.0"),
    ("substr", 4, {"readonly"}, (1, 1, 1), "1.0.0"),
    ("setrange", 4, {"write", "denyoom"}, (1, 1, 1), "2.2.0"),
    ("incr", 2, {"write", "denyoom", "fast"}, (1, 1, 1), "1.0.0"),
    ("decr", 2, {"write", "denyoom", "fast"}, (1, 1, 1), "1.0.0"),
    ("incrby", 3, {"write", "denyoom", "fast"}, (1, 1, 1), "1.0.0"),
    ("decrby", 3, {"write", "denyoom", "fast"}, (1, 1, 1), "1.0.0"),
    ("incrbyfloat", 3, {"write", "denyoom", "fast"}, (1, 1, 1), "2.6.0"),
    ("lcs", -3, {"readonly"}, (1, 2, 1), "7.0.0"),
])
def test_command_table(name, arity, flags, keys, since):
    registry.load_all()
    spec = registry.COMMANDS[name]
    assert spec.arity == arity and set(spec.flags) == flags
    assert (spec.first_key, spec.last_key, spec.step) == keys
    assert spec.since == since and spec.group == "string" and spec.summary


def test_lcs_resp3_map_shape(r):
    r("MSET", "a", "ohmytext", "b", "mynewtext")
    assert r("LCS", "a", "b", "IDX", "WITHMATCHLEN") == {
        b"matches": [[[4, 7], [5, 8], 4], [[2, 3], [0, 1], 2]], b"len": 6}
