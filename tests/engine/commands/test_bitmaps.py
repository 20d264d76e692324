"""Bitmap commands on the engine alone: notifications, WATCH, raw encoding, TTLs,
large offsets and the command table (replies are checked against Redis in compat)."""
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


def test_setbit_notifies_only_on_change(r, events):
    assert r("SETBIT", "k", "9", "1") == 0
    assert r("SETBIT", "k", "9", "1") == 1
    assert r("SETBIT", "k", "0", "0") == 0        # same bit, same length: no event
    assert events == [("$", "setbit", b"k")]
    assert r("GET", "k") == b"\x00\x40"
    assert b"k" in db(r).raw


def test_bitfield_and_bitop_events(r, events):
    r("BITFIELD", "k", "GET", "u8", "0")
    assert events == [] and r("EXISTS", "k") == 0
    r("BITFIELD", "k", "OVERFLOW", "FAIL", "SET", "u2", "0", "9")
    assert events == [("$", "setbit", b"k")]
    assert r("GET", "k") == b"\x00"                 # grown even though the write failed
    events.clear()
    r("BITOP", "NOT", "d", "k")
    r("BITOP", "AND", "d", "missing")
    assert events == [("$", "set", b"d"), ("g", "del", b"d")]


@pytest.mark.parametrize("cmd", [("SETBIT", "k", "100", "1"), ("BITFIELD", "k", "SET", "u8", "0", "1"),
                                 ("BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u1", "0", "5"),
                                 ("BITOP", "OR", "k", "x")])
def test_writes_invalidate_watch(r, cmd):
    r("SET", "k", "a")
    r("SET", "x", "b")
    s = r.session
    r.engine.watch(s, b"k")
    r(*cmd)
    assert s.dirty_cas


def test_reads_do_not_invalidate_watch(r):
    r("SET", "k", "abc")
    s = r.session
    r.engine.watch(s, b"k")
    for cmd in (("GETBIT", "k", "3"), ("BITCOUNT", "k"), ("BITPOS", "k", "0"),
                ("BITFIELD", "k", "GET", "u8", "0"), ("BITFIELD_RO", "k", "GET", "i3", "2"),
                ("SETBIT", "k", "1", "1")):                 # bit 1 of 'a' is already 1
        r(*cmd)
    assert not s.dirty_cas


def test_ttl_kept_by_bit_edits_dropped_by_bitop(r):
    r("SET", "k", "a", "EX", "100")
    r("SETBIT", "k", "100", "1")
    r("BITFIELD", "k", "INCRBY", "u8", "0", "1")
    assert r("TTL", "k") == 100
    r("BITOP", "NOT", "k", "k")
    assert r("TTL", "k") == -1
    r("SET", "e", "x", "EX", "1")
    r.engine.clock.advance(2)
    assert r("SETBIT", "e", "1", "1") == 0          # the expired value is gone
    assert r("GET", "e") == b"\x40"


def test_large_bitmap_is_fast_and_exact(r):
    off = 8 * 4 * 1024 * 1024 - 1                    # last bit of a 4 MB bitmap
    assert r("SETBIT", "big", str(off), "1") == 0
    assert r("STRLEN", "big") == 4 * 1024 * 1024
    assert r("BITCOUNT", "big") == 1
    assert r("BITPOS", "big", "1") == off
    assert r("BITPOS", "big", "0", "-1") == off - 7
    assert r("BITCOUNT", "big", "-1", "-1", "BIT") == 1
    assert r("SETBIT", "big", "0", "1") == 0
    assert r("BITCOUNT", "big", "0", "-1") == 2
    assert r("BITOP", "NOT", "inv", "big") == 4 * 1024 * 1024
    assert r("BITCOUNT", "inv") == off + 1 - 2


def test_offset_limits(r):
    err = r("SETBIT", "k", "4294967296", "1")
    assert isinstance(err, RedisError) and err.message == "ERR bit offset is not an integer or out of range"
    assert r("GETBIT", "k", "4294967295") == 0
    assert r("EXISTS", "k") == 0
    err = r("BITFIELD", "k", "GET", "i64", "#67108864")
    assert isinstance(err, RedisError)
    assert r("BITFIELD", "k", "GET", "i64", "#67108863") == [0]


def test_bitfield_types_and_errors(r):
    bad = r("BITFIELD", "k", "GET", "u64", "0")
    assert bad.message.startswith("ERR Invalid bitfield type.")
    assert r("BITFIELD", "k", "SET", "i64", "0", "-1", "GET", "u63", "0") == [0, (1 << 63) - 1]
    assert r("BITFIELD", "k", "OVERFLOW", "SAT", "INCRBY", "i64", "0", "-9223372036854775807",
             "OVERFLOW", "FAIL", "INCRBY", "i64", "0", "-5") == [-(1 << 63), None]
    assert r("BITFIELD_RO", "k", "SET", "u8", "0", "1").message == \
        "ERR BITFIELD_RO only supports the GET subcommand"
    assert r("BITOP", "NOT", "d", "a", "b").message == \
        "ERR BITOP NOT must be called with a single source key."


def test_bitop_returns_length_of_longest(r):
    r("SET", "a", "abc")
    r("SET", "b", "abcdef")
    assert r("BITOP", "AND", "d", "a", "b") == 6
    assert r("GET", "d") == b"abc\x00\x00\x00"


@pytest.mark.parametrize("name,arity,flags,keys,since", [
    ("setbit", 4, {"write", "denyoom"}, (1, 1, 1), "2.2.0"),
    ("getbit", 3, {"readonly", "fast"}, (1, 1, 1), "2.2.0"),
    ("bitcount", -2, {"readonly"}, (1, 1, 1), "2.6.0"),
    ("bitpos", -3, {"readonly"}, (1, 1, 1), "2.8.7"),
    ("bitop", -4, {"write", "denyoom"}, (2, -1, 1), "2.6.0"),
    ("bitfield", -2, {"write", "denyoom"}, (1, 1, 1), "3.2.0"),
    ("bitfield_ro", -2, {"readonly", "fast"}, (1, 1, 1), "6.0.0"),
])
def test_table(name, arity, flags, keys, since):
    registry.load_all()
    spec = registry.COMMANDS[name]
    assert (spec.arity, set(spec.flags), (spec.first_key, spec.last_key, spec.step), spec.since) == \
        (arity, flags, keys, since)
    assert spec.group == "bitmap" and spec.summary
