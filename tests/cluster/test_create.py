"""The guide's section 9 run with the real redis-cli against `redislab serve
--empty-nodes 7`: `--cluster create` of six empty nodes with one replica each,
`--cluster check`, `add-node` (as a primary and as a replica), `reshard` onto the new
node and back, and `del-node`."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from redis.cluster import RedisCluster

from redislab.cluster import Cluster
from redislab.engine import Clock
from redislab.server.server import ServerThread
from tests.cluster.test_served import _free_ports

pytestmark = pytest.mark.skipif(shutil.which("redis-cli") is None, reason="redis-cli is not installed")


def cli(*args) -> str:
    p = subprocess.run(["redis-cli", *args], capture_output=True, text=True, timeout=120)
    return re.sub(r"\x1b\[[0-9;]*m", "", p.stdout + p.stderr)


@pytest.fixture
def empty7():
    base = _free_ports(7)
    c = Cluster(0, 0, empty=7, base_port=base, clock=Clock())
    threads = [ServerThread(n.engine, port=n.port).start() for n in c.all_nodes]
    yield c, base
    for t in threads:
        t.stop()


def addr(port: int) -> str:
    return f"127.0.0.1:{port}"


def test_create_add_reshard_and_delete_nodes(empty7):
    c, base = empty7
    out = cli("--cluster", "create", *(addr(base + i) for i in range(6)),
              "--cluster-replicas", "1", "--cluster-yes")
    assert "[OK] All 16384 slots covered." in out, out[-3000:]
    assert "[OK] All nodes agree about slots configuration." in out
    assert len(c.topology.primaries()) == 3 and len(c.topology.nodes) == 6
    for p in c.topology.primaries():
        (replica,) = c.topology.replicas_of(p)
        assert replica.port != p.port

    rc = RedisCluster(host="127.0.0.1", port=base)
    try:
        for i in range(2000):
            rc.set(f"user:{i}", i)
    finally:
        rc.close()

    new = addr(base + 6)
    out = cli("--cluster", "add-node", new, addr(base))
    assert "[OK] New node added correctly." in out, out[-3000:]
    newbie = c.all_nodes[6]
    assert newbie in c.topology.nodes and newbie.is_primary

    out = cli("--cluster", "reshard", addr(base), "--cluster-from", "all", "--cluster-to", newbie.id,
              "--cluster-slots", "300", "--cluster-yes")
    assert "error" not in out.lower(), out[-3000:]
    moved = len([o for o in c.topology.owner if o is newbie])
    assert 295 <= moved <= 300           # redis-cli takes a share from each, rounded
    assert newbie.engine.run("DBSIZE") > 0

    rc = RedisCluster(host="127.0.0.1", port=base)
    try:
        assert [rc.get(f"user:{i}") for i in range(2000)] == [str(i).encode() for i in range(2000)]
    finally:
        rc.close()

    first = c.all_nodes[0]
    out = cli("--cluster", "reshard", addr(base), "--cluster-from", newbie.id, "--cluster-to", first.id,
              "--cluster-slots", str(moved), "--cluster-yes")
    assert "error" not in out.lower(), out[-3000:]
    out = cli("--cluster", "del-node", addr(base), newbie.id)
    assert "Sending CLUSTER RESET SOFT to the deleted node." in out, out[-3000:]
    assert "ERR" not in out
    assert newbie not in c.topology.nodes
    assert newbie.engine.run("CLUSTER", "NODES").count("\n") == 1
    check = cli("--cluster", "check", addr(base))
    assert "[OK] All 16384 slots covered." in check and "7 nodes" not in check

    # The freed node joins again, this time as a replica of the first primary.
    out = cli("--cluster", "add-node", new, addr(base), "--cluster-slave", "--cluster-master-id", first.id)
    assert "[OK] New node added correctly." in out, out[-3000:]
    assert newbie.primary is first
    assert newbie.engine.run("DBSIZE") == first.engine.run("DBSIZE") > 0
