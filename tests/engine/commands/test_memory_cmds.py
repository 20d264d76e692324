"""MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP."""
from redislab.engine import registry
from redislab.errors import RedisError


def err(reply) -> str:
    assert isinstance(reply, RedisError), reply
    return str(reply)


def test_usage_basics(r):
    r("SET", "foo", "bar")
    assert r("MEMORY", "USAGE", "foo") == 64
    assert r("memory", "usage", "foo", "samples", "3") == 64
    assert r("MEMORY", "USAGE", "foo", "SAMPLES", "1", "SAMPLES", "0") == 64   # repeated: last wins
    assert r("MEMORY", "USAGE", "missing") is None


def test_usage_errors(r):
    r("SET", "foo", "bar")
    assert err(r("MEMORY", "USAGE", "foo", "SAMPLES")) == "ERR syntax error"
    assert err(r("MEMORY", "USAGE", "foo", "SAMPLES", "-1")) == "ERR syntax error"
    assert err(r("MEMORY", "USAGE", "foo", "SAMPLES", "x")) == "ERR value is not an integer or out of range"
    assert err(r("MEMORY", "USAGE", "foo", "BOGUS", "1")) == "ERR syntax error"
    # Options are read before the key is looked up.
    assert err(r("MEMORY", "USAGE", "missing", "SAMPLES", "x")) == "ERR value is not an integer or out of range"
    assert err(r("MEMORY", "USAGE")) == "ERR wrong number of arguments for 'memory|usage' command"
    assert err(r("MEMORY")) == "ERR wrong number of arguments for 'memory' command"
    assert err(r("MEMORY", "FOO")).startswith("ERR unknown subcommand 'FOO'")


def test_usage_does_not_touch_or_expire(r):
    r("SET", "k", "v", "PX", 100)
    r.engine.clock._now_us += 200_000        # past the TTL, without letting the cron run
    assert r("MEMORY", "USAGE", "k") == 64   # still found: Redis sizes it without expiring it
    assert b"k" in r.session.db.data
    assert r("GET", "k") is None             # a real read expires it


def test_usage_wrongtype_free_for_every_type(r):
    r("HSET", "h", "f", "v")
    r("LPUSH", "l", "a")
    r("SADD", "s", "a")
    r("ZADD", "z", 1, "a")
    r("XADD", "x", "*", "f", "v")
    r("PFADD", "p", "a")
    for k in ("h", "l", "s", "z", "x", "p"):
        assert r("MEMORY", "USAGE", k) > 40


def test_stats_shape(r):
    r("SET", "a", "1")
    r("SELECT", 2)
    r("SET", "b", "2", "EX", 100)
    stats = r("MEMORY", "STATS")
    keys = list(stats)
    assert keys[:3] == [b"peak.allocated", b"total.allocated", b"startup.allocated"]
    assert stats[b"keys.count"] == 2
    assert set(stats[b"db.0"]) == {b"overhead.hashtable.main", b"overhead.hashtable.expires"}
    assert stats[b"db.2"][b"overhead.hashtable.expires"] > 0 and b"db.1" not in stats
    assert stats[b"total.allocated"] == stats[b"overhead.total"] + stats[b"dataset.bytes"]
    assert isinstance(stats[b"dataset.percentage"], float)
    assert keys[-2:] == [b"fragmentation", b"fragmentation.bytes"]
    info = r("INFO", "memory")
    assert f"used_memory:{stats[b'total.allocated']}\r\n" in info


def test_doctor_purge_malloc_help(r):
    assert b"little data" in r("MEMORY", "DOCTOR")
    r("SET", "big", "x" * 20_000_000)
    assert r("MEMORY", "DOCTOR") == b"No memory issue found in this instance.\n"
    r("DEL", "big")
    r("INFO", "memory")
    r("SET", "small", "x" * 6_000_000)
    assert b"peak" in r("MEMORY", "DOCTOR")
    assert r("MEMORY", "PURGE") == "OK"
    assert r("MEMORY", "MALLOC-STATS") == b"Stats not supported for the current allocator"
    help_ = r("MEMORY", "HELP")
    assert help_[0].startswith("MEMORY <subcommand>")
    assert any(line.startswith("USAGE <key> [SAMPLES <count>]") for line in help_)
    assert err(r("MEMORY", "HELP", "x")) == "ERR wrong number of arguments for 'memory|help' command"


def test_command_table_entries():
    registry.load_all()
    usage = registry.COMMANDS["memory"].subcommands["usage"]
    assert usage.arity == -3 and usage.readonly and (usage.first_key, usage.last_key) == (2, 2)
    assert usage.key_flags == ("RO",)
    assert set(registry.COMMANDS["memory"].subcommands) == {
        "usage", "stats", "doctor", "malloc-stats", "purge", "help"}
