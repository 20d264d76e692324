"""MIGRATE against redis-server 7.0: the same errors, and keys that arrive intact.

Both sides migrate to a second real server (the target), each into its own database,
and the target's copies are compared; the engine is also a target (served over RESP)
for redis-server's MIGRATE."""
import pytest

from redislab.server import ServerThread
from tests.support.realredis import RawConn, RealRedis


@pytest.fixture(scope="module")
def target():
    srv = RealRedis()
    yield srv
    srv.stop()


@pytest.mark.parametrize("args", [
    ("MIGRATE", "127.0.0.1", "1", "nokey", "0", "100"),
    ("MIGRATE", "127.0.0.1", "1", "k", "x", "100"),
    ("MIGRATE", "127.0.0.1", "1", "k", "0", "x"),
    ("MIGRATE", "127.0.0.1", "1", "k", "0", "100", "KEYS", "a"),
    ("MIGRATE", "127.0.0.1", "1", "", "0", "100", "AUTH"),
    ("MIGRATE", "127.0.0.1", "1", "", "0", "100", "AUTH2", "u"),
    ("MIGRATE", "127.0.0.1", "1", "", "0", "100", "FOO"),
    ("MIGRATE", "127.0.0.1", "1", "", "0", "100", "KEYS", "nokey1", "nokey2"),
    ("MIGRATE", "127.0.0.1", "1", "k", "0"),
])
def test_errors_and_nokey(oracle, args):
    oracle.same(*args)


def test_an_unreachable_target(oracle):
    oracle.same("SET", "k", "v")
    oracle.same("MIGRATE", "127.0.0.1", "1", "k", "0", "200")      # IOERR, and the key stays
    oracle.same("GET", "k")


def _fill(oracle):
    oracle.same("SET", "s", "hello")
    oracle.same("SET", "ttl", "v", "EX", "1000")
    oracle.same("RPUSH", "l", "a", "b", "c")
    oracle.same("HSET", "h", "f", "1", "g", "2")
    oracle.same("ZADD", "z", "1", "a", "2.5", "b")
    oracle.same("SADD", "set", "1", "2", "3")
    oracle.same("XADD", "x", "1-1", "f", "v")


def _read(conn, db: int) -> dict:
    conn.command("SELECT", str(db))
    out = {k: conn.command(*cmd) for k, cmd in {
        "s": ("GET", "s"), "l": ("LRANGE", "l", "0", "-1"), "h": ("HGETALL", "h"),
        "z": ("ZRANGE", "z", "0", "-1", "WITHSCORES"), "set": ("SMEMBERS", "set"),
        "x": ("XRANGE", "x", "-", "+"), "ttl": ("GET", "ttl")}.items()}
    ttl = int(conn.command("TTL", "ttl")[1:-2])
    out["ttl_ok"] = 990 <= ttl <= 1000
    conn.command("SELECT", "0")
    return out


def test_keys_arrive_alike_and_leave_unless_copied(oracle, target):
    t = RawConn(target.port)
    t.command("FLUSHALL")
    _fill(oracle)
    port = str(target.port)
    mine = oracle.engine.execute(oracle.session, [b"MIGRATE", b"127.0.0.1", port.encode(), b"", b"3",
                                                  b"5000", b"COPY", b"KEYS", b"s", b"l"])
    theirs = oracle.conn.command("MIGRATE", "127.0.0.1", port, "", "4", "5000", "COPY", "KEYS", "s", "l")
    assert mine == "OK" and theirs == b"+OK\r\n"
    oracle.same("EXISTS", "s", "l")                                # COPY leaves them
    # The engine migrates into db 1 of the target, redis-server into db 2.
    mine = oracle.engine.execute(oracle.session, [b"MIGRATE", b"127.0.0.1", port.encode(), b"", b"1",
                                                  b"5000", b"REPLACE", b"KEYS", b"s", b"ttl", b"l", b"h",
                                                  b"z", b"set", b"x"])
    theirs = oracle.conn.command("MIGRATE", "127.0.0.1", port, "", "2", "5000", "REPLACE", "KEYS",
                                 "s", "ttl", "l", "h", "z", "set", "x")
    assert mine == "OK" and theirs == b"+OK\r\n"
    oracle.same("DBSIZE")                                          # gone from the source
    assert _read(t, 1) == _read(t, 2)
    assert _read(t, 1)["ttl_ok"]
    t.close()


def test_an_existing_key_is_refused_by_the_target(oracle, target):
    t = RawConn(target.port)
    t.command("FLUSHALL")
    port = str(target.port)
    for db in ("1", "2"):
        t.command("SELECT", db)
        t.command("SET", "k", "old")
    oracle.same("SET", "k", "new")
    mine = oracle.engine.execute(oracle.session, [b"MIGRATE", b"127.0.0.1", port.encode(), b"k", b"1", b"5000"])
    theirs = oracle.conn.command("MIGRATE", "127.0.0.1", port, "k", "2", "5000")
    assert theirs.startswith(b"-ERR Target instance replied with error: BUSYKEY")
    assert f"-{mine.message}\r\n".encode() == theirs
    oracle.same("GET", "k")                                         # still here on both
    t.close()


def test_redis_server_migrates_into_a_served_engine(oracle):
    with ServerThread(port=0) as st:
        oracle.same("SET", "k", "v", "PX", "500000")
        oracle.same("ZADD", "z", "1", "a")
        r = oracle.conn.command("MIGRATE", "127.0.0.1", str(st.port), "", "3", "5000", "KEYS", "k", "z")
        assert r == b"+OK\r\n"
        c = RawConn(st.port)
        c.command("SELECT", "3")
        assert c.command("GET", "k") == b"$1\r\nv\r\n"
        assert c.command("ZSCORE", "z", "a") == b"$1\r\n1\r\n"
        assert 490000 < int(c.command("PTTL", "k")[1:-2]) <= 500000
        c.close()
