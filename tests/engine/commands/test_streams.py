"""Stream commands on the engine (VirtualClock): auto IDs, 7.2+/7.4 behaviour the
7.0 oracle cannot check, and registry metadata."""
import pytest

from redislab.engine import registry
from redislab.engine.replies import NULL_ARRAY
from redislab.errors import RedisError


def err(reply) -> str:
    assert isinstance(reply, RedisError), reply
    return reply.message


def test_auto_ids_follow_the_engine_clock(r):
    now = r.engine.clock.time_ms()
    assert r("XADD", "s", "*", "f", "v") == b"%d-0" % now
    assert r("XADD", "s", "*", "f", "v") == b"%d-1" % now
    r.engine.clock.advance(ms=5)
    assert r("XADD", "s", "*", "f", "v") == b"%d-0" % (now + 5)
    assert r("XADD", "s", "%d-*" % (now + 5), "f", "v") == b"%d-1" % (now + 5)
    # an explicit future ID: '*' keeps increasing from it
    r("XADD", "s", "%d-0" % (now + 1000), "f", "v")
    assert r("XADD", "s", "*", "f", "v") == b"%d-1" % (now + 1000)


def test_basic_flow(r):
    assert r("XADD", "s", "1-1", "a", "1", "b", "2") == b"1-1"
    assert r("XLEN", "s") == 1
    assert r("XRANGE", "s", "-", "+") == [[b"1-1", [b"a", b"1", b"b", b"2"]]]
    assert r("XRANGE", "s", "-", "+", "COUNT", "0") is NULL_ARRAY
    assert r("XRANGE", "nokey", "-", "+") == []
    assert r("TYPE", "s") == "stream"
    assert r("OBJECT", "ENCODING", "s") == b"stream"
    assert r("XADD", "s", "1-1", "a", "1") == RedisError(
        "ERR The ID specified in XADD is equal or smaller than the target stream top item")
    assert r("XDEL", "s", "1-1") == 1
    assert r("EXISTS", "s") == 1


def test_xadd_maxlen_approx_keeps_whole_nodes(r):
    for i in range(1, 251):
        r("XADD", "s", "MAXLEN", "~", "10", f"{i}-0", "f", "v")
    assert r("XLEN", "s") == 50         # Redis keeps the last (partial) node whole


def test_config_node_size_applies(r):
    r("CONFIG", "SET", "stream-node-max-entries", "10")
    for i in range(1, 36):
        r("XADD", "s", f"{i}-0", "f", "v")
    assert r("XTRIM", "s", "MAXLEN", "~", "12") == 20
    assert r("XLEN", "s") == 15


def test_xsetid_below_max_deleted_is_refused_since_72(r):
    r("XADD", "s", "5-5", "f", "v")
    r("XADD", "s", "6-6", "f", "v")
    r("XDEL", "s", "6-6")
    assert err(r("XSETID", "s", "5-5")) == (
        "ERR The ID specified in XSETID is smaller than current max_deleted_entry_id")
    assert r("XSETID", "s", "5-5", "MAXDELETEDID", "5-0") == "OK"
    assert r("XSETID", "s", "6-6") == "OK"


def test_exhausted_stream(r):
    r("XADD", "s", "18446744073709551615-18446744073709551615", "f", "v")
    assert err(r("XADD", "s", "*", "f", "v")) == (
        "ERR The stream has exhausted the last possible ID, unable to add more items")


@pytest.mark.parametrize("name,arity,flags,keys", [
    ("xadd", -5, {"write", "denyoom", "fast"}, (1, 1, 1)),
    ("xrange", -4, {"readonly"}, (1, 1, 1)),
    ("xrevrange", -4, {"readonly"}, (1, 1, 1)),
    ("xlen", 2, {"readonly", "fast"}, (1, 1, 1)),
    ("xdel", -3, {"write", "fast"}, (1, 1, 1)),
    ("xtrim", -4, {"write"}, (1, 1, 1)),
    ("xsetid", -3, {"write", "denyoom", "fast"}, (1, 1, 1)),
    ("xack", -4, {"write", "fast"}, (1, 1, 1)),
    ("xpending", -3, {"readonly"}, (1, 1, 1)),
    ("xclaim", -6, {"write", "fast"}, (1, 1, 1)),
    ("xautoclaim", -6, {"write", "fast"}, (1, 1, 1)),
    ("xread", -4, {"readonly", "blocking", "movablekeys"}, (0, 0, 0)),
    ("xreadgroup", -7, {"write", "blocking", "movablekeys"}, (0, 0, 0)),
])
def test_command_table(name, arity, flags, keys):
    spec = registry.lookup(name)
    assert spec.arity == arity
    assert flags <= set(spec.flags)
    assert (spec.first_key, spec.last_key, spec.step) == keys
    assert spec.group == "stream"


def test_subcommands_and_getkeys():
    xg = registry.lookup("xgroup")
    assert set(xg.subcommands) == {"create", "setid", "destroy", "createconsumer", "delconsumer", "help"}
    xi = registry.lookup("xinfo")
    assert set(xi.subcommands) == {"stream", "groups", "consumers", "help"}
    spec = registry.lookup("xread")
    argv = [b"XREAD", b"COUNT", b"1", b"STREAMS", b"a", b"b", b"0", b"0"]
    assert spec.key_indexes(argv) == [4, 5]
    spec = registry.lookup("xreadgroup")
    argv = [b"XREADGROUP", b"GROUP", b"g", b"c", b"STREAMS", b"a", b">"]
    assert spec.key_indexes(argv) == [5]


def test_command_getkeys(r):
    assert r("COMMAND", "GETKEYS", "XREAD", "STREAMS", "a", "b", "0", "0") == [b"a", b"b"]


def test_copy_and_rename_keep_groups(r):
    r("XADD", "s", "1-0", "f", "v")
    r("XGROUP", "CREATE", "s", "g", "0")
    r("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">")
    assert r("COPY", "s", "t") == 1
    r("XACK", "t", "g", "1-0")
    assert r("XPENDING", "s", "g")[0] == 1
    assert r("XPENDING", "t", "g")[0] == 0
