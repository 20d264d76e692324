"""Fixtures that run the same command on the engine and on a real redis-server.

``oracle`` (function scope) gives a fresh Engine and a flushed real server. Use:

    def test_x(oracle):
        oracle.same("SET", "k", "v")          # asserts identical RESP bytes, returns decoded reply
        oracle.same("ZSCORE", "z", "a", floats=True)   # doubles compared by value (7.0 vs 7.4 print)
        c2 = oracle.client()                  # a second connection on both sides
        c2.same("GET", "k")
        oracle.run("DEBUG", "SLEEP", "0")     # (engine_bytes, real_bytes) without asserting
        oracle.engine                         # the Engine, e.g. to advance a VirtualClock

Tests skip only when the redis-server binary is missing; CI installs it.
"""
from __future__ import annotations

import math
import shutil

import pytest

from redislab.engine import Engine
from redislab.protocol.resp import encode
from tests.support.realredis import RawConn, RealRedis, decode


@pytest.fixture(scope="session")
def real_redis():
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    srv = RealRedis()
    yield srv
    srv.stop()


def _norm(v, floats: bool):
    if isinstance(v, list):
        return [_norm(x, floats) for x in v]
    if isinstance(v, dict):
        return {k: _norm(x, floats) for k, x in v.items()}
    if floats and isinstance(v, (bytes, float)):
        try:
            f = float(v)
        except ValueError:
            return v
        if math.isnan(f):
            return v
        return ("float", float("%.15g" % f))
    return v


class Side:
    """One connection on each side: the engine session and a raw socket to the server."""

    def __init__(self, engine: Engine, port: int):
        self.engine = engine
        self.session = engine.session("tcp", addr="127.0.0.1:1")
        self.conn = RawConn(port)

    def run(self, *args):
        argv = [a if isinstance(a, bytes) else str(a).encode() for a in args]
        mine = encode(self.engine.execute(self.session, argv), self.session.resp)
        theirs = self.conn.command(*argv)
        return mine, theirs

    def same(self, *args, floats: bool = False, unordered: bool = False):
        mine, theirs = self.run(*args)
        if mine == theirs:
            return decode(mine)
        a, b = _norm(decode(mine), floats), _norm(decode(theirs), floats)
        if unordered and isinstance(a, list) and isinstance(b, list):
            a, b = sorted(map(repr, a)), sorted(map(repr, b))
        assert a == b, f"{args!r}\n engine: {mine!r}\n redis:  {theirs!r}"
        return decode(mine)

    def close(self):
        self.conn.close()
        self.session.close()


class Oracle(Side):
    def __init__(self, port: int, engine: Engine | None = None):
        super().__init__(engine or Engine(), port)
        self.port = port
        self.others: list[Side] = []

    def client(self) -> Side:
        side = Side(self.engine, self.port)
        self.others.append(side)
        return side


@pytest.fixture
def oracle(real_redis):
    probe = RawConn(real_redis.port)
    probe.command("FLUSHALL")
    probe.command("CONFIG", "RESETSTAT")
    probe.command("SCRIPT", "FLUSH")
    probe.close()
    o = Oracle(real_redis.port)
    yield o
    for side in o.others:
        side.close()
    o.close()
    # Undo CONFIG SETs a test made so tests stay independent.
    probe = RawConn(real_redis.port)
    for name, val in (("maxmemory", "0"), ("maxmemory-policy", "noeviction"),
                      ("notify-keyspace-events", ""), ("slowlog-log-slower-than", "10000"),
                      ("hash-max-listpack-entries", "128"), ("set-max-intset-entries", "512"),
                      ("zset-max-listpack-entries", "128"), ("list-max-listpack-size", "-2"),
                      ("requirepass", ""),
                      # the value limits and other knobs the sweep tests move
                      ("hash-max-listpack-value", "64"), ("zset-max-listpack-value", "64"),
                      ("list-compress-depth", "0"), ("maxmemory-samples", "5"),
                      ("lfu-log-factor", "10"), ("lfu-decay-time", "1"), ("hz", "10"),
                      ("timeout", "0"), ("stream-node-max-bytes", "4096"),
                      ("stream-node-max-entries", "100"), ("hll-sparse-max-bytes", "3000")):
        probe.command("CONFIG", "SET", name, val)
    probe.close()
