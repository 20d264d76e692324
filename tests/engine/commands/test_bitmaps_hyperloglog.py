"""HyperLogLog commands on the engine alone: notifications, WATCH, TTLs, the header
cache, raw encoding and the command table (replies are checked against Redis in compat)."""
import pytest

from redislab.engine import registry
from redislab.engine.datatypes import hll


@pytest.fixture
def events(r):
    got = []
    r.engine.keyspace.notifier = lambda cls, ev, key, dbid: cls == 'm' or got.append((cls, ev, key))
    return got


def test_pfadd_events_and_cache(r, events):
    assert r("PFADD", "h", "a", "b") == 1
    assert r("PFADD", "h", "a") == 0
    assert events == [("$", "pfadd", b"h")]
    value = r("GET", "h")
    assert hll.cached_card(value) is None
    assert r("PFCOUNT", "h") == 2
    assert hll.cached_card(r("GET", "h")) == 2
    assert r("OBJECT", "ENCODING", "h") == b"raw"
    r("PFMERGE", "m", "h")
    assert events[-1] == ("$", "pfadd", b"m")


def test_pfcount_cache_write_invalidates_watch_but_cached_read_does_not(r):
    r("PFADD", "h", "a")
    s = r.session
    r.engine.watch(s, b"h")
    r("PFCOUNT", "h")                  # writes the cache into the value: a modification
    assert s.dirty_cas
    s.dirty_cas = False
    r("PFCOUNT", "h")
    r("PFCOUNT", "h", "other")
    assert not s.dirty_cas


def test_ttl_kept(r):
    r("PFADD", "h", "a")
    r("EXPIRE", "h", "50")
    r("PFADD", "h", "b", "c")
    r("PFCOUNT", "h")
    r("PFMERGE", "h", "h")
    r("PFDEBUG", "TODENSE", "h")
    assert r("TTL", "h") == 50
    r.engine.clock.advance(51)
    assert r("PFCOUNT", "h") == 0


def test_sparse_limit_from_config(r):
    r("CONFIG", "SET", "hll-sparse-max-bytes", "30")
    r("PFADD", "h", *[f"e{i}" for i in range(20)])
    assert r("PFDEBUG", "ENCODING", "h") == "dense"
    assert len(r("GET", "h")) == hll.DENSE_SIZE


def test_registers_api_matches_getreg(r):
    r("PFADD", "h", *[f"x{i}" for i in range(300)])
    regs = hll.registers(r("GET", "h"))
    assert hll.encoding(r("GET", "h")) == "sparse"
    assert r("PFDEBUG", "GETREG", "h") == regs
    assert hll.encoding(r("GET", "h")) == "dense"
    assert hll.registers(r("GET", "h")) == regs


def test_corrupt_pfadd_keeps_earlier_edits(r):
    stale = b"HYLL\x01\x00\x00\x00" + bytes(7) + b"\x80"
    r("SET", "c", stale + b"\x40\x63")             # an XZERO describing only 100 registers
    early = next(b"e%d" % i for i in range(10000) if hll.pattern(b"e%d" % i)[0] < 100)
    late = next(b"e%d" % i for i in range(10000) if hll.pattern(b"e%d" % i)[0] >= 100)
    err = r("PFADD", "c", early, late)
    assert err.message == "INVALIDOBJ Corrupted HLL object detected"
    # Redis edits in place, so the register set before the failure stays set.
    index, run = hll.pattern(early)
    assert ("v", run, 1) in hll.sparse_ops(r("GET", "c"))


@pytest.mark.parametrize("name,arity,flags,keys", [
    ("pfadd", -2, {"write", "denyoom", "fast"}, (1, 1, 1)),
    ("pfcount", -2, {"readonly"}, (1, -1, 1)),
    ("pfmerge", -2, {"write", "denyoom"}, (1, -1, 1)),
    ("pfdebug", 3, {"write", "denyoom", "admin"}, (2, 2, 1)),
    ("pfselftest", 1, {"admin"}, (0, 0, 0)),
])
def test_table(name, arity, flags, keys):
    registry.load_all()
    spec = registry.COMMANDS[name]
    assert (spec.arity, set(spec.flags), (spec.first_key, spec.last_key, spec.step)) == (arity, flags, keys)
    assert spec.group == "hyperloglog" and spec.since == "2.8.9" and spec.summary
