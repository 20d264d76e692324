"""Run every benchmark in one go and write benchmarks/RESULTS.md.

    python benchmarks/run.py            # all of them (several minutes)
    python benchmarks/run.py inprocess memory

Each benchmark is a script of its own that prints a table with ratios against
its peer (fakeredis, redis-server) measured in the same run; this runner
executes them one after the other in fresh processes, so one benchmark's heap
does not weigh on the next, and records the output with the machine and date.
"""
from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

BENCHES = {
    "inprocess": ("redislab.Redis() vs fakeredis, and engine-direct", ["bench_inprocess.py"]),
    "server": ("redislab serve vs redis-server under redis-benchmark -c 50", ["bench_server.py"]),
    "floor": ("-P 16 against an asyncio server that does nothing", ["bench_floor.py"]),
    "memory": ("memory per small string key (1 M keys)", ["bench_memory.py"]),
    "big_db": ("engine-direct GET over 1 M keys, exact vs hashed LRU clocks", ["bench_big_db.py"]),
    "zset": ("sorted set per-op cost at growing N, and vs fakeredis", ["bench_zset.py"]),
    "hash_set": ("hash and set per-op cost at growing N", ["bench_hash_set.py"]),
    "lists": ("list per-op cost at growing N", ["bench_lists.py"]),
    "random": ("RANDOMKEY / HRANDFIELD / SRANDMEMBER / ZRANDMEMBER per call at growing N", ["bench_random.py"]),
    "lab": ("lab start-up and reply rendering", ["bench_lab.py"]),
}


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def main(argv: list[str]) -> int:
    names = argv or list(BENCHES)
    out = [f"# Benchmark results\n",
           f"Measured {datetime.date.today().isoformat()} on {machine()} with "
           f"`python benchmarks/run.py {' '.join(argv)}`.".rstrip() + "\n",
           "Each table compares redislab with its peer in the same run; absolute numbers "
           "on a shared 2-core machine are noisy, the ratios less so.\n"]
    failed = 0
    for name in names:
        title, cmd = BENCHES[name]
        script = HERE / cmd[0]
        if not script.exists():
            continue
        print(f"== {name}: {title}", flush=True)
        proc = subprocess.run([sys.executable, str(script), *cmd[1:]], capture_output=True, text=True)
        text = (proc.stdout + (proc.stderr if proc.returncode else "")).rstrip()
        print(text, flush=True)
        failed |= proc.returncode != 0
        out.append(f"## {name}: {title}\n\n```\n{text}\n```\n")
    (HERE / "RESULTS.md").write_text("\n".join(out))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
