"""How far redislab's -P 16 throughput is from an asyncio server that does nothing.

Runs `redis-benchmark -c 50 -P 16 -t set` against redis-server, `redislab serve`, and
floor_server.py (no parsing, no engine), and floor_server.py on uvloop when uvloop is
installed, all pinned as bench_server.py pins them, in one run.

    python benchmarks/bench_floor.py [-n 2000000] [--rounds 2]
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

import bench_server as bs

HERE = Path(__file__).resolve().parent


def _wait_listening(port: int, timeout: float = 20.0) -> None:
    deadline = time.time() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.05)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=2_000_000)
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    bs.PIN = bs.pinning(True)
    workdir = tempfile.mkdtemp(prefix="redislab-floor-")
    servers = {}
    try:
        port = bs.free_port()
        servers["redis-server"] = (port, bs.start_redis(port, workdir))
        port = bs.free_port()
        servers["redislab serve"] = (port, bs.start_redislab(port, workdir))
        floors = [("asyncio floor", [])]
        if importlib.util.find_spec("uvloop") is not None:
            floors.append(("uvloop floor", ["uvloop"]))
        for name, extra in floors:
            port = bs.free_port()
            servers[name] = (port, subprocess.Popen(
                [*bs.PIN[0], sys.executable, str(HERE / "floor_server.py"), str(port), *extra],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for name, (port, proc) in servers.items():
            if "floor" in name:
                _wait_listening(port)       # it answers +OK, not PONG
            else:
                bs.wait_ready(port, proc)
        rates = {name: [] for name in servers}
        for _ in range(max(1, args.rounds)):
            for name, (port, _) in servers.items():
                rates[name].append(bs.run_benchmark(port, args.n, 50, "set", 16).get("SET", 0.0))
    finally:
        for _, proc in servers.values():
            bs.stop(proc)
        shutil.rmtree(workdir, ignore_errors=True)
    base = median(rates["redis-server"]) or 1.0
    print(f"redis-benchmark -q -c 50 -P 16 -t set -n {args.n}   (pinned, median of {args.rounds} rounds)")
    print(f"{'server':<16} {'rps':>12} {'vs redis-server':>16}")
    for name, r in rates.items():
        print(f"{name:<16} {median(r):>12,.0f} {median(r) / base:>16.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
