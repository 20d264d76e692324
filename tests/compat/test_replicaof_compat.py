"""REPLICAOF: the engine follows a real redis-server primary (full sync from its RDB,
then its command stream, acknowledged so WAIT counts us), and answers like a 7.0
replica (READONLY, ROLE, INFO replication); its refusals match redis-server's."""
import time

import pytest

from redislab.engine import Engine
from tests.support.realredis import RawConn, RealRedis, decode


@pytest.mark.parametrize("args", [
    ("REPLICAOF", "127.0.0.1", "abc"), ("REPLICAOF", "127.0.0.1", "-1"), ("REPLICAOF", "127.0.0.1", "70000"),
    ("REPLICAOF", "NO", "TWO"), ("REPLICAOF", "NO", "ONE"), ("SLAVEOF", "no", "one"), ("REPLICAOF", "x"),
])
def test_refusals_and_no_one(oracle, args):
    oracle.same(*args)


@pytest.fixture
def primary():
    srv = RealRedis("--repl-diskless-sync-delay", "0")
    yield srv
    srv.stop()


def _run(e, s, *args):
    return e.execute(s, [a if isinstance(a, bytes) else str(a).encode() for a in args])


def _wait_connected(e, s, timeout=10.0):
    deadline = time.time() + timeout
    while _run(e, s, "ROLE")[3] != b"connected":
        assert time.time() < deadline, _run(e, s, "ROLE")
        time.sleep(0.05)


def test_the_engine_follows_a_redis_server_primary(primary):
    p = RawConn(primary.port)
    p.command("SET", "s", "hello")
    p.command("RPUSH", "l", "a", "b")
    p.command("HSET", "h", "f", "v")
    p.command("ZADD", "z", "1", "m")
    p.command("SELECT", "2")
    p.command("SET", "in2", "x")
    p.command("SELECT", "0")
    e = Engine()
    s = e.session()
    port = str(primary.port)
    assert _run(e, s, "REPLICAOF", "127.0.0.1", port) == "OK"
    assert str(_run(e, s, "REPLICAOF", "127.0.0.1", port)) == "OK Already connected to specified master"
    _wait_connected(e, s)
    assert _run(e, s, "LRANGE", "l", 0, -1) == [b"a", b"b"] and _run(e, s, "ZSCORE", "z", "m") == 1.0
    # The stream: writes in several databases, a transaction, expiry, a deletion.
    p.command("INCR", "n")
    p.command("SELECT", "2")
    p.command("DEL", "in2")
    p.command("SELECT", "0")
    p.command("MULTI")
    p.command("HSET", "h", "g", "w")
    p.command("EXPIRE", "s", "100")
    p.command("EXEC")
    assert p.command("WAIT", "1", "5000") == b":1\r\n"          # our ACK reached the primary
    assert _run(e, s, "GET", "n") == b"1"
    assert _run(e, s, "HGET", "h", "g") == b"w"
    assert 95 <= _run(e, s, "TTL", "s") <= 100
    s2 = e.session()
    _run(e, s2, "SELECT", 2)
    assert _run(e, s2, "DBSIZE") == 0
    # A replica's face: read-only, ROLE and INFO as 7.0 gives them.
    err = _run(e, s, "SET", "x", "1")
    assert str(err) == "READONLY You can't write against a read only replica."
    role = _run(e, s, "ROLE")
    primary_offset = decode(p.command("ROLE"))[1]
    assert role[:4] == [b"slave", b"127.0.0.1", primary.port, b"connected"] and role[4] == primary_offset
    info = _run(e, s, "INFO", "replication")
    assert "role:slave\r\n" in info and "master_link_status:up\r\n" in info
    assert f"master_port:{primary.port}\r\n" in info
    # NO ONE: keep the data, take writes again.
    assert _run(e, s, "REPLICAOF", "NO", "ONE") == "OK"
    assert _run(e, s, "SET", "x", "1") == "OK" and _run(e, s, "GET", "n") == b"1"
    assert _run(e, s, "ROLE")[0] == b"master"
    p.close()


def test_a_lost_primary_shows_as_a_link_down(primary):
    e = Engine()
    s = e.session()
    _run(e, s, "REPLICAOF", "127.0.0.1", primary.port)
    _wait_connected(e, s)
    primary.stop()
    deadline = time.time() + 10
    while "master_link_status:down" not in _run(e, s, "INFO", "replication"):
        assert time.time() < deadline
        time.sleep(0.05)
    assert _run(e, s, "ROLE")[3] in (b"connect", b"connecting")
    _run(e, s, "REPLICAOF", "NO", "ONE")


def test_replicaof_is_refused_in_cluster_mode():
    e = Engine(config={"cluster-enabled": "yes"})
    s = e.session()
    assert str(_run(e, s, "REPLICAOF", "127.0.0.1", "6379")) == "ERR REPLICAOF not allowed in cluster mode."
