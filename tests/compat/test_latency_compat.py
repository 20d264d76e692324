"""LATENCY against a real redis-server 7.0: shapes and errors (durations differ by nature)."""
from __future__ import annotations

import pytest

from tests.support.realredis import decode


@pytest.fixture
def lat(oracle):
    try:
        oracle.same("LATENCY", "RESET")
        yield oracle
    finally:
        oracle.conn.command("CONFIG", "SET", "latency-monitor-threshold", "0")
        oracle.conn.command("LATENCY", "RESET")


def test_empty_monitor_and_errors(lat):
    lat.same("LATENCY", "LATEST")
    lat.same("LATENCY", "HISTORY", "command")
    lat.same("LATENCY", "GRAPH", "command")
    lat.same("LATENCY", "RESET", "nosuch", "other")
    lat.same("LATENCY", "RESET")
    lat.same("LATENCY", "HISTOGRAM", "nosuch")
    lat.same("LATENCY", "HISTORY")
    lat.same("LATENCY", "GRAPH")
    lat.same("LATENCY", "LATEST", "x")
    lat.same("LATENCY", "NOSUCH")
    lat.same("LATENCY")
    lat.same("CONFIG", "SET", "latency-monitor-threshold", "-1")
    lat.same("CONFIG", "GET", "latency-monitor-threshold")


def test_slow_commands_are_sampled_like_redis(lat):
    lat.same("CONFIG", "SET", "latency-monitor-threshold", "5")
    lat.same("PING")
    lat.same("LATENCY", "LATEST")                  # PING is far below 5 ms
    lat.run("DEBUG", "SLEEP", "0.02")
    lat.run("DEBUG", "SLEEP", "0.01")
    mine, theirs = (decode(x) for x in lat.run("LATENCY", "LATEST"))
    assert [e[0] for e in mine] == [e[0] for e in theirs] == [b"command"]
    for entry in (mine[0], theirs[0]):
        assert entry[2] >= 20 and entry[3] >= 20     # same second: the worst sample is kept
    mine, theirs = (decode(x) for x in lat.run("LATENCY", "HISTORY", "command"))
    assert len(mine) == len(theirs) == 1
    lat.same("LATENCY", "RESET", "command")
    lat.same("LATENCY", "LATEST")


def test_histogram_shape(lat):
    lat.same("CONFIG", "RESETSTAT")       # command stats are shared by every engine in the process
    for _ in range(3):
        lat.same("SET", "a", "b")
    lat.same("GET", "a")
    mine, theirs = (_as_dict(decode(x)) for x in lat.run("LATENCY", "HISTOGRAM", "set", "get", "nosuch", "hset"))
    assert sorted(mine) == sorted(theirs) == [b"get", b"set"]
    for name, calls in ((b"set", 3), (b"get", 1)):
        for side in (mine, theirs):
            d = dict(zip(side[name][::2], side[name][1::2])) if isinstance(side[name], list) else side[name]
            assert d[b"calls"] == calls
            buckets = d[b"histogram_usec"]
            counts = buckets[1::2] if isinstance(buckets, list) else list(buckets.values())
            assert counts[-1] == calls and counts == sorted(counts)


def _as_dict(v):
    return dict(zip(v[::2], v[1::2])) if isinstance(v, list) else v
