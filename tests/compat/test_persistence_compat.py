"""dump.rdb both ways: a file the engine SAVEs is loaded by redis-server 7.0 at start,
and a file redis-server SAVEs is loaded by the engine; SHUTDOWN's refusals match."""
import os
import tempfile

import pytest

from redislab.engine import Engine, persistence
from tests.support.realredis import RawConn, RealRedis

SETUP = [
    ("SET", "s", "hello"), ("SET", "n", "12345"), ("SET", "long", "ab" * 60), ("SET", "t", "v", "EX", "1000"),
    ("RPUSH", "l", "a", "b", "c"), ("HSET", "h", "f", "1", "g", "2"), ("ZADD", "z", "1", "a", "2.5", "b"),
    ("SADD", "ints", "1", "2", "3"), ("SADD", "strs", "x", "y"), ("XADD", "x", "1-1", "f", "v"),
    ("XGROUP", "CREATE", "x", "g", "0"), ("PFADD", "hll", "a", "b"),
    ("SELECT", "5"), ("SET", "in5", "yes"), ("SELECT", "0"),
    ("FUNCTION", "LOAD", "#!lua name=plib\nredis.register_function('hello', function() return 'hi' end)"),
]
READS = [
    ("GET", "s"), ("GET", "n"), ("GET", "long"), ("LRANGE", "l", "0", "-1"), ("HGETALL", "h"),
    ("ZRANGE", "z", "0", "-1", "WITHSCORES"), ("SMEMBERS", "ints"), ("SCARD", "strs"),
    ("XRANGE", "x", "-", "+"), ("XINFO", "GROUPS", "x"), ("PFCOUNT", "hll"), ("FCALL", "hello", "0"),
    ("OBJECT", "ENCODING", "h"), ("OBJECT", "ENCODING", "ints"), ("DBSIZE",),
    ("SELECT", "5"), ("GET", "in5"), ("DBSIZE",), ("SELECT", "0"),
]


def _run(conn, cmds):
    return [conn.command(*c) for c in cmds]


def _ttl_ok(conn) -> bool:
    return 990 <= int(conn.command("TTL", "t")[1:-2]) <= 1000


def test_redis_server_loads_what_the_engine_saved():
    from redislab.protocol.resp import encode

    d = tempfile.mkdtemp(prefix="redislab-rdb-")
    e = Engine()
    persistence.install(e, d)
    s = e.session()
    for c in SETUP:
        e.execute(s, [a.encode() for a in c])
    mine = [encode(e.execute(s, [a.encode() for a in c]), 2) for c in READS]
    assert e.execute(s, [b"SAVE"]) == "OK"
    srv = RealRedis("--dir", d)
    try:
        conn = RawConn(srv.port)
        assert _run(conn, READS) == mine
        assert _ttl_ok(conn)
        conn.close()
    finally:
        srv.stop()


def test_the_engine_loads_what_redis_server_saved():
    from redislab.protocol.resp import encode

    srv = RealRedis()
    try:
        conn = RawConn(srv.port)
        _run(conn, SETUP)
        theirs = _run(conn, READS)
        assert conn.command("SAVE") == b"+OK\r\n"
        path = os.path.join(srv.dir, "dump.rdb")
        e = Engine()
        persistence.install(e, srv.dir)
        assert e.extensions["persistence"].load() == (12, 0)
        s = e.session()
        assert [encode(e.execute(s, [a.encode() for a in c]), 2) for c in READS] == theirs
        assert 990 <= e.execute(s, [b"TTL", b"t"]) <= 1000
        assert os.path.getsize(path) > 0
        conn.close()
    finally:
        srv.stop()


@pytest.mark.parametrize("args", [
    ("SHUTDOWN", "ABORT"), ("SHUTDOWN", "FOO"), ("SHUTDOWN", "SAVE", "NOSAVE"), ("SHUTDOWN", "ABORT", "NOW"),
])
def test_shutdown_refusals(oracle, args):
    oracle.same(*args)
