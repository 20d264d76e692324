"""ioredis (Node.js) against `redislab serve`: commands, pipelines, MULTI and a
subscriber. Runs when node and the ioredis package are installed (.ci/run installs
ioredis into .ci-node/); skips otherwise."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from redislab.engine import Engine
from redislab.server import ServerThread

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).parent / "js" / "ioredis_check.js"


def _node_path():
    for cand in (os.environ.get("REDISLAB_NODE_MODULES"), ROOT / ".ci-node" / "node_modules"):
        if cand and (Path(cand) / "ioredis").is_dir():
            return str(cand)
    return None


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_ioredis_client_and_subscriber():
    modules = _node_path()
    if modules is None:
        pytest.skip("ioredis is not installed (npm install --prefix .ci-node ioredis)")
    with ServerThread(Engine(), port=0) as srv:
        proc = subprocess.run(["node", str(SCRIPT), str(srv.port)], capture_output=True, text=True,
                              timeout=60, env={**os.environ, "NODE_PATH": modules})
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["set"] == "OK" and out["get"] == "v" and out["incr"] == 1
    assert out["pipeline"] == [[None, "OK"], [None, 2], [None, "2"]]
    assert out["multi"] == [[None, 1], [None, 2]]
    assert out["wrongtype"].startswith("WRONGTYPE Operation against a key holding the wrong kind of value")
    assert out["subscribe"] == 1
    assert out["publish"] == 1
    assert out["message"] == ["news", "hello"]
    assert out["pmessage"] == ["n*", "nx", "hi"]
    assert out["zset"] == ["a", "1", "b", "2"]
