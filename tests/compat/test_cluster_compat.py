"""Cluster mode against a real one-node cluster: redis-server --cluster-enabled yes
after CLUSTER ADDSLOTSRANGE 0 16383 (what the engine's cluster mode models)."""
from __future__ import annotations

import random
import shutil
import socket
import time

import pytest

from redislab.engine import Engine
from tests.compat.conftest import Oracle
from tests.support import realredis
from tests.support.realredis import RawConn, RealRedis, decode


def _low_free_port() -> int:
    rng = random.Random()
    for _ in range(200):
        port = rng.randint(20000, 55000)
        with socket.socket() as s, socket.socket() as bus:
            try:
                s.bind(("127.0.0.1", port))
                bus.bind(("127.0.0.1", port + 10000))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port pair")


@pytest.fixture(scope="module")
def real_cluster():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    # The cluster bus listens on port + 10000, so the port must stay below 55536.
    orig = realredis.free_port
    realredis.free_port = _low_free_port
    try:
        srv = RealRedis("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf")
    finally:
        realredis.free_port = orig
    c = RawConn(srv.port)
    try:
        assert c.command("CLUSTER", "ADDSLOTSRANGE", "0", "16383") == b"+OK\r\n"
        deadline = time.time() + 10
        while b"cluster_state:ok" not in c.command("CLUSTER", "INFO"):
            assert time.time() < deadline, "the one-node cluster did not come up"
            time.sleep(0.05)
        yield srv
    finally:
        c.close()
        srv.stop()


@pytest.fixture
def oc(real_cluster):
    probe = RawConn(real_cluster.port)
    probe.command("FLUSHALL")
    probe.close()
    o = Oracle(real_cluster.port, Engine(config={"cluster-enabled": True, "port": real_cluster.port}))
    yield o
    for side in o.others:
        side.close()
    o.close()


def _keys():
    rng = random.Random(9)
    keys = ["", "a", "foo", "user:1", "user:2", "{user:1}:profile", "{user:1}:settings", "{}", "{}x",
            "a{}{b}", "{{x}}", "x{y", "}{a}", "{a}{b}", "{", "}", "{ }", "ключ", "\x00\xff"]
    for _ in range(200):
        n = rng.randint(1, 24)
        keys.append("".join(rng.choice("ab{}:xyz019") for _ in range(n)))
    return keys


def test_keyslot_of_many_keys(oc):
    for k in _keys():
        oc.same("CLUSTER", "KEYSLOT", k.encode("utf-8", "surrogateescape"))


@pytest.mark.parametrize("cmd", [
    ("MGET", "user:1", "user:2"), ("MSET", "user:1", "a", "user:2", "b"), ("DEL", "user:1", "user:2"),
    ("SUNION", "s1", "s2"), ("SINTERSTORE", "d", "s1"), ("RENAME", "a", "b"), ("COPY", "a", "b"),
    ("EVAL", "return 1", "2", "a", "b"), ("ZUNION", "2", "a", "b"), ("EXISTS", "a", "b"),
    ("SMOVE", "a", "b", "m"), ("LMOVE", "a", "b", "LEFT", "RIGHT"), ("PFMERGE", "a", "b"),
])
def test_crossslot_errors(oc, cmd):
    oc.same("SET", "a", "1")
    oc.same(*cmd)


def test_hash_tags_fix_multi_key_commands(oc):
    oc.same("MSET", "{user:1}:a", "1", "{user:1}:b", "2")
    oc.same("MGET", "{user:1}:a", "{user:1}:b")
    oc.same("SADD", "{t}s1", "x", "y")
    oc.same("SADD", "{t}s2", "y", "z")
    oc.same("SUNION", "{t}s1", "{t}s2", unordered=True)
    oc.same("DEL", "{user:1}:a", "{user:1}:b")
    oc.same("MGET", "k", "k")


def test_slot_counts_and_errors(oc):
    for k in ("a", "{a}x", "{a}y", "b"):
        oc.same("SET", k, "v")
    oc.same("CLUSTER", "COUNTKEYSINSLOT", "15495")
    oc.same("CLUSTER", "GETKEYSINSLOT", "15495", "10", unordered=True)
    oc.same("CLUSTER", "GETKEYSINSLOT", "15495", "0")
    for args in (("COUNTKEYSINSLOT", "16384"), ("COUNTKEYSINSLOT", "-1"), ("COUNTKEYSINSLOT", "x"),
                 ("GETKEYSINSLOT", "1", "-5"), ("GETKEYSINSLOT", "-1", "5"), ("GETKEYSINSLOT", "x", "1"),
                 ("KEYSLOT",), ("FOO",), ("REPLICAS", "nope"), ("FAILOVER",),
                 ("SETSLOT", "99999", "STABLE"), ("SETSLOT", "5", "FOO"), ("SETSLOT", "5", "MIGRATING", "abc")):
        oc.same("CLUSTER", *args)


def test_transactions(oc):
    oc.same("MULTI")
    oc.same("SET", "a", "1")
    oc.same("SET", "b", "1")
    oc.same("EXEC")
    oc.same("EXEC")
    oc.same("MULTI")
    oc.same("MGET", "a", "b")
    oc.same("EXEC")
    oc.same("MULTI")
    oc.same("SET", "{t}1", "x")
    oc.same("GET", "{t}2")
    oc.same("EXEC")


def test_select_swapdb_and_connection_flags(oc):
    oc.same("SELECT", "1")
    oc.same("SELECT", "0")
    oc.same("SELECT", "x")
    oc.same("SWAPDB", "0", "1")
    oc.same("ASKING")
    oc.same("READONLY")
    oc.same("READWRITE")
    oc.same("CLUSTER", "LINKS")
    oc.same("CLUSTER", "SAVECONFIG")


def _ids(oc):
    mine = oc.engine.execute(oc.session, [b"CLUSTER", b"MYID"])
    theirs = decode(oc.conn.command("CLUSTER", "MYID"))
    return mine, theirs


@pytest.mark.parametrize("resp", [2, 3])
def test_topology_replies_have_the_same_shape(oc, resp):
    if resp == 3:
        oc.run("HELLO", "3")            # (version and client id differ)
    mine_id, their_id = _ids(oc)
    for sub in ("INFO", "NODES", "SLOTS", "SHARDS"):
        mine, theirs = oc.run("CLUSTER", sub)
        assert mine.replace(mine_id, their_id) == theirs, sub
    mine = oc.engine.execute(oc.session, [b"CLUSTER", b"REPLICAS", mine_id])
    assert mine == [] and oc.conn.command("CLUSTER", "REPLICAS", their_id) == b"*0\r\n"


def test_standalone_refuses_cluster_commands(oracle):
    for cmd in (("CLUSTER", "INFO"), ("CLUSTER", "HELP"), ("CLUSTER", "KEYSLOT", "a"), ("CLUSTER", "FOO"),
                ("CLUSTER", "KEYSLOT"), ("ASKING",), ("READONLY",), ("READWRITE",)):
        oracle.same(*cmd)
    oracle.same("MGET", "a", "b")
