"""Per-operation cost of HSET/HGET and SADD/SISMEMBER as the container grows.

Redis documents these as O(1); the ratio between the largest and the smallest
size should stay near 1 (cache effects make it drift a little, not 1000x).

    python benchmarks/bench_hash_set.py [--quick]
"""
from __future__ import annotations

import sys
import time

from redislab.engine import Engine, VirtualClock

OPS = 20_000


def _fill(e, s, cmd, key, n):
    batch = 1000
    for start in range(0, n, batch):
        args = []
        for i in range(start, min(n, start + batch)):
            args += [b"f%d" % i, b"v"] if cmd == b"HSET" else [b"m%d" % i]
        e.execute(s, [cmd, key] + args)


def _time(e, s, make):
    argvs = [make(i) for i in range(OPS)]
    ex = e.execute
    for argv in argvs[:2000]:          # warm up caches and the interpreter
        ex(s, argv)
    t0 = time.perf_counter_ns()
    for argv in argvs:
        ex(s, argv)
    return (time.perf_counter_ns() - t0) / OPS


def run(sizes):
    results = {}
    for n in sizes:
        e = Engine(clock=VirtualClock())
        s = e.session()
        _fill(e, s, b"HSET", b"h", n)
        _fill(e, s, b"SADD", b"s", n)
        results[n] = {
            "HSET": _time(e, s, lambda i: [b"HSET", b"h", b"f%d" % (i * 7919 % n), b"w"]),
            "HGET": _time(e, s, lambda i: [b"HGET", b"h", b"f%d" % (i * 7919 % n)]),
            "SADD": _time(e, s, lambda i: [b"SADD", b"s", b"x%d" % i]),
            "SISMEMBER": _time(e, s, lambda i: [b"SISMEMBER", b"s", b"m%d" % (i * 7919 % n)]),
        }
    return results


def main():
    sizes = [1_000, 100_000] if "--quick" in sys.argv else [1_000, 100_000, 1_000_000]
    res = run(sizes)
    print(f"{'op':<10}" + "".join(f"{n:>14,}" for n in sizes) + "   largest/smallest")
    for op in ("HSET", "HGET", "SADD", "SISMEMBER"):
        row = [res[n][op] for n in sizes]
        print(f"{op:<10}" + "".join(f"{v:>11.0f} ns" for v in row) + f"   {row[-1] / row[0]:.2f}x")


if __name__ == "__main__":
    main()
