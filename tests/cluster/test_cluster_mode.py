"""One engine in cluster mode: a one-node cluster owning every slot."""
from __future__ import annotations

import pytest

from redislab.engine import Engine
from redislab.errors import RedisError

CROSS = "CROSSSLOT Keys in request don't hash to the same slot"


@pytest.fixture
def e():
    return Engine(config={"cluster-enabled": True})


def err(reply) -> str:
    assert isinstance(reply, RedisError), reply
    return reply.message


def test_config_and_info_say_cluster(e):
    assert e.run("CONFIG", "GET", "cluster-enabled") == {b"cluster-enabled": b"yes"}
    assert "cluster_enabled:1" in e.run("INFO", "cluster")
    assert err(e.run("CONFIG", "SET", "cluster-enabled", "no")).endswith("can't set immutable config")


@pytest.mark.parametrize("value", ["yes", b"yes", True])
def test_yes_in_any_spelling_enables_it(value):
    eng = Engine(config={"cluster-enabled": value})
    assert eng.config["cluster-enabled"] is True
    assert err(eng.run("MGET", "a", "b")) == CROSS


@pytest.mark.parametrize("value", ["no", False, None])
def test_no_keeps_it_off(value):
    eng = Engine(config={"cluster-enabled": value})
    assert eng.config["cluster-enabled"] is False
    assert eng.run("MGET", "a", "b") == [None, None]


def test_keyslot_count_and_get(e):
    assert e.run("CLUSTER", "KEYSLOT", "foo") == 12182
    e.run("SET", "a", "1")
    e.run("SET", "{a}x", "2")
    e.run("SET", "b", "3")
    assert e.run("CLUSTER", "COUNTKEYSINSLOT", "15495") == 2
    assert sorted(e.run("CLUSTER", "GETKEYSINSLOT", "15495", "10")) == [b"a", b"{a}x"]
    assert len(e.run("CLUSTER", "GETKEYSINSLOT", "15495", "1")) == 1
    assert e.run("CLUSTER", "GETKEYSINSLOT", "15495", "0") == []


def test_slot_argument_errors(e):
    assert err(e.run("CLUSTER", "COUNTKEYSINSLOT", "16384")) == "ERR Invalid slot"
    assert err(e.run("CLUSTER", "COUNTKEYSINSLOT", "-1")) == "ERR Invalid slot"
    assert err(e.run("CLUSTER", "COUNTKEYSINSLOT", "x")) == "ERR value is not an integer or out of range"
    assert err(e.run("CLUSTER", "GETKEYSINSLOT", "1", "-5")) == "ERR Invalid slot or number of keys"
    assert err(e.run("CLUSTER", "GETKEYSINSLOT", "x", "1")) == "ERR value is not an integer or out of range"
    assert err(e.run("CLUSTER", "KEYSLOT")) == "ERR wrong number of arguments for 'cluster|keyslot' command"
    assert err(e.run("CLUSTER", "FOO")) == "ERR unknown subcommand 'FOO'. Try CLUSTER HELP."


def test_info_nodes_slots_shards(e):
    info = e.run("CLUSTER", "INFO")
    assert info.startswith("cluster_state:ok\r\ncluster_slots_assigned:16384\r\n")
    assert "cluster_known_nodes:1\r\ncluster_size:1\r\n" in info
    myid = e.run("CLUSTER", "MYID")
    assert len(myid) == 40 and all(c in b"0123456789abcdef" for c in myid)
    assert e.run("CLUSTER", "NODES") == f"{myid.decode()} :6379@16379 myself,master - 0 0 0 connected 0-16383\n"
    assert e.run("CLUSTER", "SLOTS") == [[0, 16383, [b"", 6379, myid, {}]]]
    [shard] = e.run("CLUSTER", "SHARDS")
    assert shard[b"slots"] == [0, 16383]
    assert shard[b"nodes"][0][b"role"] == b"master" and shard[b"nodes"][0][b"id"] == myid
    assert e.run("CLUSTER", "REPLICAS", myid) == []
    assert err(e.run("CLUSTER", "REPLICAS", "nope")) == "ERR Unknown node nope"
    assert e.run("CLUSTER", "LINKS") == []
    assert e.run("CLUSTER", "HELP")[0].startswith("CLUSTER <subcommand>")
    assert err(e.run("CLUSTER", "FAILOVER")) == "ERR You should send CLUSTER FAILOVER to a replica"


def test_port_config_shows_in_nodes():
    eng = Engine(config={"cluster-enabled": True, "port": 7391})
    assert " :7391@17391 " in eng.run("CLUSTER", "NODES")


@pytest.mark.parametrize("cmd", [
    ("MGET", "a", "b"), ("MSET", "a", "1", "b", "2"), ("DEL", "a", "b"), ("SUNION", "a", "b"),
    ("RENAME", "a", "b"), ("EVAL", "return 1", "2", "a", "b"), ("SINTERCARD", "2", "a", "b"),
    ("BLPOP", "a", "b", "0"), ("EXISTS", "a", "b"),
])
def test_crossslot(e, cmd):
    e.run("SET", "a", "1")
    assert err(e.run(*cmd)) == CROSS


def test_hash_tags_fix_it(e):
    assert e.run("MSET", "{u}:a", "1", "{u}:b", "2") == "OK"
    assert e.run("MGET", "{u}:a", "{u}:b") == [b"1", b"2"]
    assert e.run("DEL", "{u}:a", "{u}:b") == 2
    assert e.run("MGET", "same", "same") == [None, None]
    assert e.run("KEYS", "*") == []          # keyless commands pass


def test_transactions_across_slots(e):
    s = e.session()
    assert e.execute(s, [b"MULTI"]) == "OK"
    assert e.execute(s, [b"SET", b"a", b"1"]) == "QUEUED"
    assert e.execute(s, [b"SET", b"b", b"1"]) == "QUEUED"
    assert err(e.execute(s, [b"EXEC"])) == CROSS
    assert err(e.execute(s, [b"EXEC"])) == "ERR EXEC without MULTI"     # discarded
    assert e.run("EXISTS", "a") == 0
    e.execute(s, [b"MULTI"])
    assert err(e.execute(s, [b"MGET", b"a", b"b"])) == CROSS
    assert err(e.execute(s, [b"EXEC"])).startswith("EXECABORT")
    e.execute(s, [b"MULTI"])
    e.execute(s, [b"SET", b"{t}1", b"x"])
    e.execute(s, [b"SET", b"{t}2", b"y"])
    assert e.execute(s, [b"EXEC"]) == ["OK", "OK"]


def test_select_and_swapdb(e):
    assert err(e.run("SELECT", "1")) == "ERR SELECT is not allowed in cluster mode"
    assert err(e.run("SELECT", "x")) == "ERR value is not an integer or out of range"
    assert e.run("SELECT", "0") == "OK"
    assert err(e.run("SWAPDB", "0", "1")) == "ERR SWAPDB is not allowed in cluster mode"


def test_asking_readonly_readwrite(e):
    assert e.run("ASKING") == "OK"
    assert e.run("READONLY") == "OK"
    assert e.run("READWRITE") == "OK"


def test_standalone_refuses_cluster_commands():
    eng = Engine()
    off = "ERR This instance has cluster support disabled"
    for cmd in (("CLUSTER", "INFO"), ("CLUSTER", "HELP"), ("CLUSTER", "KEYSLOT", "a"), ("ASKING",),
                ("READONLY",), ("READWRITE",), ("CLUSTER", "NODES"), ("CLUSTER", "SLOTS")):
        assert err(eng.run(*cmd)) == off, cmd
    assert eng.run("MGET", "a", "b") == [None, None]
    assert eng.run("SELECT", "1") == "OK"
    assert not any(getattr(g, "cluster_gate", False) for g in eng.gates)
