"""A simulated cluster served over RESP: a real cluster client (redis-py's RedisCluster)
discovers the slots, follows MOVED between ports and reads replicas' copies."""
from __future__ import annotations

import random
import socket

import pytest
from redis.cluster import RedisCluster

from redislab.cli import build_parser
from redislab.cluster import Cluster
from redislab.engine import Clock
from redislab.server.server import ServerThread


def _free_ports(n: int) -> int:
    rng = random.Random()
    for _ in range(100):
        base = rng.randint(20000, 50000)
        socks = []
        try:
            for i in range(n):
                s = socket.socket()
                socks.append(s)
                s.bind(("127.0.0.1", base + i))
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free ports")


@pytest.fixture
def served():
    base = _free_ports(6)
    c = Cluster(3, 1, base_port=base, clock=Clock())
    threads = [ServerThread(n.engine, port=n.port).start() for n in c.nodes]
    yield c, base
    for t in threads:
        t.stop()


def test_redis_py_cluster_client_works(served):
    c, base = served
    rc = RedisCluster(host="127.0.0.1", port=base)
    try:
        for i in range(30):
            rc.set(f"k{i}", i)
        assert [rc.get(f"k{i}") for i in range(30)] == [str(i).encode() for i in range(30)]
        sizes = [n.engine.run("DBSIZE") for n in c.nodes]
        assert sum(sizes[:3]) == 30 and sizes[:3] == sizes[3:]      # spread, and copied to replicas
        assert all(sizes[:3])
        assert rc.mget_nonatomic("k1", "k2") == [b"1", b"2"]
        rc.mset({"{t}a": "1", "{t}b": "2"})
        assert rc.mget("{t}a", "{t}b") == [b"1", b"2"]
    finally:
        rc.close()


def test_cli_accepts_cluster_options():
    args = build_parser().parse_args(["serve", "--cluster", "3", "--replicas", "1"])
    assert args.cluster == 3 and args.replicas == 1
    assert build_parser().parse_args(["serve"]).cluster == 0
