"""Keyspace commands on a VirtualClock: TTL behaviour, notifications, OBJECT, 7.4 rules."""
import pytest

from redislab.engine.encodings import encoding_of, string_encoding
from redislab.errors import RedisError


@pytest.fixture
def events(r):
    got = []
    r.engine.keyspace.notifier = lambda cls, ev, key, dbid: cls == 'm' or got.append((cls, ev, key, dbid))
    return got


def test_expire_then_time_passes(r):
    r("SET", "k", "v")
    assert r("EXPIRE", "k", "10") == 1
    assert r("TTL", "k") == 10
    r.engine.clock.advance(4.4)
    assert r("TTL", "k") == 6           # 5.6 s left rounds to 6, as Redis rounds
    assert r("PTTL", "k") == 5600
    r.engine.clock.advance(5.6)
    # At the very millisecond of its deadline the key is still there, as in Redis,
    # which expires a key only once the time is past it.
    assert r("PTTL", "k") == 0 and r("EXISTS", "k") == 1
    r.engine.clock.advance(ms=1)
    assert r("TTL", "k") == -2
    assert r("EXISTS", "k") == 0


def test_expired_keys_are_invisible_to_every_command(r):
    r("SET", "k", "v", "PX", "100")
    r("SET", "other", "x")
    clock = r.engine.clock
    clock._now_us += 200_000            # past the TTL, without letting the active cycle run
    db = r.engine.keyspace.dbs[0]
    assert b"k" in db.data
    assert r("KEYS", "*") == [b"other"]
    assert r("KEYS", "k*") == []
    assert r("EXISTS", "k") == 0
    assert r("TYPE", "k") == "none"
    assert r("TTL", "k") == -2 and r("PTTL", "k") == -2 and r("EXPIRETIME", "k") == -2
    assert r("PERSIST", "k") == 0
    assert r("EXPIRE", "k", "10") == 0
    assert r("OBJECT", "ENCODING", "k") is None
    assert r("COPY", "k", "k2") == 0
    assert r("MOVE", "k", "1") == 0
    assert r("DEL", "k") == 0
    assert r("RANDOMKEY") == b"other"
    assert r("RENAME", "k", "z") == RedisError("ERR no such key")


def test_randomkey_skips_and_deletes_expired(r):
    for i in range(20):
        r("SET", f"t{i}", "v", "PX", "50")
    r("SET", "live", "v")
    r.engine.clock._now_us += 100_000
    assert r("RANDOMKEY") == b"live"
    for _ in range(5):
        assert r("RANDOMKEY") == b"live"
    r("DEL", "live")
    assert r("RANDOMKEY") is None


def test_randomkey_uses_engine_rng(r):
    for i in range(50):
        r("SET", f"k{i}", "v")
    picks = {r("RANDOMKEY") for _ in range(200)}
    assert len(picks) > 10


def test_rename_keeps_ttl_and_raw_encoding(r):
    r("SET", "a", "hello")
    r.engine.keyspace.dbs[0].raw.add(b"a")   # as APPEND would leave it
    r("PEXPIRE", "a", "5000")
    assert r("RENAME", "a", "b") == "OK"
    assert r("PTTL", "b") == 5000
    assert r("OBJECT", "ENCODING", "b") == b"raw"
    assert r("COPY", "b", "c") == 1
    assert r("OBJECT", "ENCODING", "c") == b"raw"
    assert r("PTTL", "c") == 5000
    assert r("MOVE", "c", "2") == 1
    r("SELECT", "2")
    assert r("OBJECT", "ENCODING", "c") == b"raw" and r("PTTL", "c") == 5000


def test_notifications(r, events):
    r("SET", "a", "1")
    events.clear()
    r("EXPIRE", "a", "100")
    r("PERSIST", "a")
    r("RENAME", "a", "b")
    r("COPY", "b", "c", "DB", "3")
    r("MOVE", "b", "5")
    r("DEL", "c", "missing")
    r("SET", "d", "1")
    r("EXPIRE", "d", "-1")
    assert events == [
        ("g", "expire", b"a", 0), ("g", "persist", b"a", 0),
        ("g", "rename_from", b"a", 0), ("g", "rename_to", b"b", 0),
        ("g", "copy_to", b"c", 3),
        ("g", "move_from", b"b", 0), ("g", "move_to", b"b", 5),
        ("$", "set", b"d", 0), ("g", "del", b"d", 0),
    ]


def test_writes_reach_the_modified_hook(r):
    # Db.modified drives WATCH, client tracking and the lab's live views.
    r("SET", "a", "1")
    seen = []
    r.engine.keyspace.on_modified = lambda db, key: seen.append(key)
    r("EXPIRE", "a", "100")
    r("PERSIST", "a")
    r("RENAME", "a", "b")
    r("COPY", "b", "c")
    r("DEL", "c")
    r("MOVE", "b", "1")
    assert seen.count(b"a") >= 3 and b"b" in seen and b"c" in seen
    seen.clear()
    r("PERSIST", "nokey")
    r("EXISTS", "b")
    assert seen == []


def test_object_idletime_follows_lru_clock(r):
    r("SET", "k", "v")
    r.engine.clock.advance(12)
    assert r("OBJECT", "IDLETIME", "k") == 12
    assert r("OBJECT", "IDLETIME", "k") == 12     # OBJECT itself does not touch
    r("GET", "k")
    assert r("OBJECT", "IDLETIME", "k") == 0
    r.engine.clock.advance(3)
    r("TOUCH", "k")
    assert r("OBJECT", "IDLETIME", "k") == 0
    r.engine.clock.advance(5)
    r("EXISTS", "k")                             # EXISTS does not touch
    r("TTL", "k")
    assert r("OBJECT", "IDLETIME", "k") == 5


def test_object_freq_needs_lfu_and_decays(r):
    r("SET", "k", "v")
    err = r("OBJECT", "FREQ", "k")
    assert isinstance(err, RedisError) and "LFU maxmemory policy is not selected" in err.message
    r.engine.config.set("maxmemory-policy", "volatile-lfu")
    assert r("OBJECT", "FREQ", "k") == 5
    r.engine.clock.advance(180)                  # 3 minutes at lfu-decay-time 1
    assert r("OBJECT", "FREQ", "k") == 2
    assert "LFU maxmemory policy is selected" in r("OBJECT", "IDLETIME", "k").message


def test_object_refcount_shared_integers(r):
    r("SET", "n", "42")
    r("SET", "big", "10000")
    assert r("OBJECT", "REFCOUNT", "n") == 2147483647
    assert r("OBJECT", "REFCOUNT", "big") == 1
    r.engine.config.set("maxmemory", 1 << 30)
    r.engine.config.set("maxmemory-policy", "allkeys-lru")
    assert r("OBJECT", "REFCOUNT", "n") == 1


def test_object_help_lists_subcommands(r):
    lines = r("OBJECT", "HELP")
    text = "\n".join(lines)
    for sub in ("ENCODING", "FREQ", "IDLETIME", "REFCOUNT", "HELP"):
        assert sub in text


def test_string_encodings():
    assert string_encoding(b"0") == "int"
    assert string_encoding(b"-9223372036854775808") == "int"
    assert string_encoding(b"9223372036854775808") == "embstr"
    assert string_encoding(b"007") == "embstr"
    assert string_encoding(b"-0") == "embstr"
    assert string_encoding(b"") == "embstr"
    assert string_encoding(b"x" * 44) == "embstr"
    assert string_encoding(b"x" * 45) == "raw"


def test_encoding_of_container_receives_config(r):
    class Fake:
        TYPE = "list"

        def encoding(self, config):
            return "listpack" if config["list-max-listpack-size"] == -2 else "quicklist"

    db = r.engine.keyspace.dbs[0]
    assert encoding_of(db, b"x", Fake()) == "listpack"


def test_expire_overflow_and_options(r):
    r("SET", "k", "v")
    assert r("EXPIRE", "k", "9223372036854775") == RedisError("ERR invalid expire time in 'expire' command")
    assert r("pexpire", "k", "9223372036854775807") == RedisError("ERR invalid expire time in 'pexpire' command")
    assert r("EXPIREAT", "k", "9223372036854776") == RedisError("ERR invalid expire time in 'expireat' command")
    assert r("PEXPIREAT", "k", "9223372036854775807") == 1
    assert r("EXPIRE", "k", "10", "GT") == 0
    assert r("EXPIRE", "k", "10", "LT") == 1


def test_scan_type_and_match(r):
    for i in range(25):
        r("SET", f"user:{i}", "v")
    r("SET", "other", "v")
    keys, cursor = [], b"0"
    while True:
        cursor, batch = r("SCAN", cursor, "MATCH", "user:*", "COUNT", "4", "TYPE", "string")
        keys += batch
        if cursor == b"0":
            break
    assert sorted(keys) == sorted(f"user:{i}".encode() for i in range(25))
