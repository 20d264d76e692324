"""The guide's `redis-cli --cluster reshard` against a served simulated cluster: slots
move with their keys (CLUSTER SETSLOT, GETKEYSINSLOT and MIGRATE between nodes), the
replicas follow, and a cluster client reads every key afterwards."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from redis.cluster import RedisCluster

from tests.cluster.test_served import served  # noqa: F401  (the served Cluster(3, 1) fixture)

pytestmark = pytest.mark.skipif(shutil.which("redis-cli") is None, reason="redis-cli is not installed")


def cli(*args) -> str:
    p = subprocess.run(["redis-cli", *args], capture_output=True, text=True, timeout=120)
    return p.stdout + p.stderr


def test_reshard_moves_slots_with_their_keys(served):  # noqa: F811
    c, base = served
    rc = RedisCluster(host="127.0.0.1", port=base)
    try:
        for i in range(300):
            rc.set(f"key:{i}", i)
        src, dst = c.primaries()[0], c.primaries()[1]
        before = src.engine.run("DBSIZE")
        out = cli("--cluster", "reshard", f"127.0.0.1:{base}", "--cluster-from", src.id,
                  "--cluster-to", dst.id, "--cluster-slots", "1000", "--cluster-yes")
        assert "error" not in out.lower(), out[-2000:]
        assert c.topology.owner[0] is dst and c.topology.owner[999] is dst
        assert src.engine.run("DBSIZE") < before
        for n in (src, dst):      # replicas follow: the target's RESTOREs, the source's deletions
            (replica,) = c.topology.replicas_of(n)
            assert replica.engine.run("DBSIZE") == n.engine.run("DBSIZE")
        check = cli("--cluster", "check", f"127.0.0.1:{base}")
        assert "[OK] All nodes agree about slots configuration." in check
        assert "[OK] All 16384 slots covered." in check
        rc2 = RedisCluster(host="127.0.0.1", port=base)
        try:
            assert [rc2.get(f"key:{i}") for i in range(300)] == [str(i).encode() for i in range(300)]
        finally:
            rc2.close()
    finally:
        rc.close()
