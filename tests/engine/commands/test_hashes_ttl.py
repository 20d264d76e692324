"""Redis 7.4 hash-field expiry (no 7.0 oracle: checked against the documented 7.4 behaviour)."""
import pytest

from redislab.errors import RedisError


def enc(r, key=b"h"):
    return r.engine.keyspace.dbs[0].data[key].encoding(r.engine.config)


@pytest.fixture
def events(r):
    got = []
    r.engine.keyspace.notifier = lambda cls, ev, key, dbid: cls == 'm' or got.append((cls, ev, key))
    return got


def test_hexpire_codes_and_ttls(r):
    r("HSET", "h", "a", "1", "b", "2", "c", "3")
    assert r("HEXPIRE", "h", "100", "FIELDS", "2", "a", "zz") == [1, -2]
    assert r("HTTL", "h", "FIELDS", "3", "a", "b", "zz") == [100, -1, -2]
    assert r("HPTTL", "h", "FIELDS", "1", "a") == [100000]
    now = r.engine.clock.time_ms()
    assert r("HPEXPIRETIME", "h", "FIELDS", "1", "a") == [now + 100000]
    assert r("HEXPIRETIME", "h", "FIELDS", "1", "a") == [(now + 100000 + 999) // 1000]
    assert r("HPEXPIRE", "h", "1500", "FIELDS", "1", "b") == [1]
    assert r("HTTL", "h", "FIELDS", "1", "b") == [2]        # seconds round up
    assert r("HEXPIREAT", "h", str(now // 1000 + 50), "FIELDS", "1", "c") == [1]
    assert r("HPEXPIREAT", "h", str(now + 7000), "FIELDS", "1", "c") == [1]
    assert r("HPTTL", "h", "FIELDS", "1", "c") == [7000]
    assert r("HTTL", "nokey", "FIELDS", "2", "a", "b") == [-2, -2]
    assert r("HEXPIRE", "nokey", "10", "FIELDS", "1", "a") == [-2]
    assert r("HPERSIST", "nokey", "FIELDS", "1", "a") == [-2]


def test_conditions(r):
    r("HSET", "h", "a", "1", "b", "2")
    assert r("HEXPIRE", "h", "100", "XX", "FIELDS", "1", "a") == [0]
    assert r("HEXPIRE", "h", "100", "GT", "FIELDS", "1", "a") == [0]   # no TTL counts as infinite
    # Redis 7.4's code (not its docs) refuses LT too on a field without a TTL.
    assert r("HEXPIRE", "h", "100", "LT", "FIELDS", "1", "a") == [0]
    assert r("HEXPIRE", "h", "100", "FIELDS", "1", "a") == [1]
    assert r("HEXPIRE", "h", "200", "NX", "FIELDS", "2", "a", "b") == [0, 1]
    assert r("HEXPIRE", "h", "50", "GT", "FIELDS", "1", "a") == [0]
    assert r("HEXPIRE", "h", "150", "gt", "FIELDS", "1", "a") == [1]
    assert r("HEXPIRE", "h", "160", "LT", "FIELDS", "1", "a") == [0]
    assert r("HEXPIRE", "h", "10", "lt", "FIELDS", "1", "a") == [1]
    assert r("HEXPIRE", "h", "20", "XX", "FIELDS", "1", "a") == [1]
    assert r("HTTL", "h", "FIELDS", "2", "a", "b") == [20, 200]


def test_past_time_deletes_and_key_vanishes(r, events):
    r("HSET", "h", "a", "1", "b", "2")
    assert r("HEXPIRE", "h", "0", "FIELDS", "1", "a") == [2]
    assert r("HGETALL", "h") == {b"b": b"2"}
    assert ("h", "hdel", b"h") in events
    assert r("HPEXPIREAT", "h", "1", "FIELDS", "1", "b") == [2]
    assert r("EXISTS", "h") == 0
    assert events[-1] == ("g", "del", b"h")


def test_hpersist(r, events):
    r("HSET", "h", "a", "1", "b", "2")
    r("HEXPIRE", "h", "100", "FIELDS", "1", "a")
    assert r("HPERSIST", "h", "FIELDS", "3", "a", "b", "zz") == [1, -1, -2]
    assert r("HTTL", "h", "FIELDS", "1", "a") == [-1]
    assert events[-1] == ("h", "hpersist", b"h")
    assert r("HPERSIST", "h", "FIELDS", "1", "a") == [-1]


def test_lazy_expiry(r, events):
    r("HSET", "h", "a", "1", "b", "2")
    r("HPEXPIRE", "h", "1000", "FIELDS", "1", "a")
    r.engine.extensions["hfe"].clear()       # keep the active cycle away: lazy path only
    r.engine.clock.advance(ms=1001)
    assert r("HGET", "h", "a") is None
    assert r("HLEN", "h") == 1
    assert ("h", "hexpired", b"h") in events
    r("HPEXPIRE", "h", "500", "FIELDS", "1", "b")
    r.engine.extensions["hfe"].clear()
    r.engine.clock.advance(ms=600)
    assert r("HGETALL", "h") == {}
    assert r("EXISTS", "h") == 0
    assert events[-2:] == [("h", "hexpired", b"h"), ("g", "del", b"h")]


def test_active_expiry_without_access(r, events):
    r("HSET", "h", "a", "1", "b", "2")
    r("HEXPIRE", "h", "1", "FIELDS", "2", "a", "b")
    r.engine.clock.advance(1.2)
    assert b"h" not in r.engine.keyspace.dbs[0].data     # reclaimed by the cron, not a read
    assert ("h", "hexpired", b"h") in events and events[-1] == ("g", "del", b"h")


def test_hset_clears_ttl(r):
    r("HSET", "h", "a", "1")
    r("HEXPIRE", "h", "10", "FIELDS", "1", "a")
    r("HSET", "h", "a", "2")
    assert r("HTTL", "h", "FIELDS", "1", "a") == [-1]
    r.engine.clock.advance(11)
    assert r("HGET", "h", "a") == b"2"


def test_listpackex_encoding_and_order(r):
    r("HSET", "h", "a", "1", "b", "2", "c", "3", "d", "4")
    assert enc(r) == "listpack"
    r("HEXPIRE", "h", "100", "FIELDS", "1", "nosuch")
    assert enc(r) == "listpackex"            # any expiry command converts, for good
    r("HEXPIRE", "h", "100", "FIELDS", "1", "c")
    r("HEXPIRE", "h", "50", "FIELDS", "1", "d")
    # listpackex keeps fields by ascending expiry, TTL-less ones last
    assert list(r("HGETALL", "h")) == [b"d", b"c", b"a", b"b"]
    r("HSET", "h", "d", "x")                 # overwrite drops the TTL: moves to the tail
    assert list(r("HGETALL", "h")) == [b"c", b"a", b"b", b"d"]
    r("HSET", "h", "big", "x" * 100)
    assert enc(r) == "hashtable"
    assert r("HTTL", "h", "FIELDS", "1", "c") == [100]


def test_argument_errors(r):
    r("HSET", "h", "a", "1")
    e = lambda *a: r(*a).message  # noqa: E731
    assert e("HEXPIRE", "h", "x", "FIELDS", "1", "a") == "ERR value is not an integer or out of range"
    assert e("HEXPIRE", "h", "-1", "FIELDS", "1", "a") == "ERR invalid expire time, must be >= 0"
    assert e("HEXPIRE", "h", str(2 ** 46 // 1000 + 1), "FIELDS", "1", "a") == "ERR invalid expire time in 'hexpire' command"
    assert e("HPEXPIREAT", "h", str(2 ** 46), "FIELDS", "1", "a") == "ERR invalid expire time in 'hpexpireat' command"
    assert e("HEXPIRE", "h", "10", "BAD", "FIELDS", "1", "a") == "ERR Mandatory argument FIELDS is missing or not at the right position"
    assert e("HEXPIRE", "h", "10", "FIELDS", "0", "a") == "ERR Parameter `numFields` should be greater than 0"
    assert e("HEXPIRE", "h", "10", "FIELDS", "x", "a") == "ERR Parameter `numFields` should be greater than 0"
    assert e("HEXPIRE", "h", "10", "FIELDS", "2", "a") == "ERR The `numfields` parameter must match the number of arguments"
    assert e("HEXPIRE", "h", "10", "NX", "FIELDS", "1") == "ERR The `numfields` parameter must match the number of arguments"
    assert e("HTTL", "h", "NOTFIELDS", "1", "a") == "ERR Mandatory argument FIELDS is missing or not at the right position"
    assert e("HTTL", "h", "FIELDS", "0", "a") == "ERR Number of fields must be a positive integer"
    assert e("HPERSIST", "h", "FIELDS", "x", "a") == "ERR Number of fields must be a positive integer"
    assert e("HPTTL", "h", "FIELDS", "1", "a", "b") == "ERR The `numfields` parameter must match the number of arguments"
    assert e("HTTL", "h", "FIELDS", "1") == "ERR wrong number of arguments for 'httl' command"
    r("SET", "s", "v")
    for cmd in ("HEXPIRE", "HTTL", "HPERSIST"):
        args = ("10",) if cmd == "HEXPIRE" else ()
        assert isinstance(r(cmd, "s", *args, "FIELDS", "1", "a"), RedisError)


def test_hscan_skips_expired_and_novalues(r):
    r("HSET", "h", "a", "1", "b", "2")
    assert r("HSCAN", "h", "0", "NOVALUES") == [b"0", [b"a", b"b"]]
    r("HPEXPIRE", "h", "10", "FIELDS", "1", "a")
    r.engine.extensions["hfe"].clear()
    r.engine.clock.advance(ms=20)
    assert r("HSCAN", "h", "0") == [b"0", [b"b", b"2"]]
    assert r("SADD", "s", "x") == 1
    assert r("SSCAN", "s", "0", "NOVALUES").message == "ERR NOVALUES option can only be used in HSCAN"


def test_hrandfield_never_returns_expired(r):
    r("HSET", "h", "a", "1", "b", "2")
    r("HPEXPIRE", "h", "10", "FIELDS", "1", "a")
    r.engine.extensions["hfe"].clear()
    r.engine.clock.advance(ms=20)
    assert r("HRANDFIELD", "h", "-20") == [b"b"] * 20


def test_field_lives_through_its_deadline_ms(r, events):
    # Redis 7.4 (t_hash.c hashTypeGetValue): a field is expired only once the time is
    # past its deadline, as keys are (redis-server: PTTL 0 and EXISTS 1 at that ms).
    r("CONFIG", "SET", "hash-max-listpack-entries", "0")     # hashtable: HTTL answers 0 there
    r("HSET", "h", "a", "1", "b", "2")
    r("HPEXPIRE", "h", "1000", "FIELDS", "1", "a")
    r("PEXPIRE", "h", "1000")
    r.engine.extensions["hfe"].clear()                       # lazy path only
    r("DEBUG", "SET-ACTIVE-EXPIRE", "0")
    r.engine.clock.advance(ms=1000)                          # exactly the deadline
    assert r("PTTL", "h") == 0 and r("EXISTS", "h") == 1     # the key's own boundary
    r("PERSIST", "h")
    assert r("HGET", "h", "a") == b"1"
    assert r("HPTTL", "h", "FIELDS", "1", "a") == [0]
    assert r("HTTL", "h", "FIELDS", "1", "a") == [0]
    assert r("HLEN", "h") == 2
    assert ("h", "hexpired", b"h") not in events
    r.engine.clock.advance(ms=1)                             # one ms past: gone
    assert r("HGET", "h", "a") is None
    assert r("HLEN", "h") == 1
    assert ("h", "hexpired", b"h") in events


def test_listpackex_httl_answers_minus_two_at_the_deadline(r):
    # 7.4's HTTL reads a listpackex field with ``expire <= now`` (the hashtable branch
    # with ``<``), so at the deadline ms it says -2 while HGET still returns the value.
    r("HSET", "h", "a", "1")
    r("HPEXPIRE", "h", "500", "FIELDS", "1", "a")
    r.engine.extensions["hfe"].clear()
    r.engine.clock.advance(ms=500)
    assert enc(r) == "listpackex"
    assert r("HPTTL", "h", "FIELDS", "1", "a") == [-2]
    assert r("HEXPIRETIME", "h", "FIELDS", "1", "a") == [-2]
    assert r("HGET", "h", "a") == b"1"
    assert r("HPERSIST", "h", "FIELDS", "1", "a") == [1]      # 7.4: strict < for HPERSIST
    assert r("HPTTL", "h", "FIELDS", "1", "a") == [-1]


def test_active_cycle_reclaims_a_field_at_its_deadline(r, events):
    # The active cycle (Redis's ebuckets) takes fields whose time is <= now.
    r("HSET", "h", "a", "1", "b", "2")
    now = r.engine.clock.time_ms()
    r("HPEXPIREAT", "h", str(now + 1000), "FIELDS", "1", "a")
    r.engine.clock.advance(ms=1000)                          # a cron tick lands on it
    assert ("h", "hexpired", b"h") in events
    assert r.engine.keyspace.dbs[0].data[b"h"].d == {b"b": b"2"}


def test_hexpire_at_now_deletes(r):
    r("HSET", "h", "a", "1", "b", "2")
    now = r.engine.clock.time_ms()
    assert r("HPEXPIREAT", "h", str(now), "FIELDS", "1", "a") == [2]   # when <= now
    assert r("HPEXPIREAT", "h", str(now + 1), "FIELDS", "1", "b") == [1]
