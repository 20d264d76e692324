"""Per-call cost of the random picks as the keyspace / container grows.

Redis documents RANDOMKEY, HRANDFIELD and SRANDMEMBER/SPOP without a count as O(1)
(ZRANDMEMBER as O(N) in the members *returned*, one here). The largest/smallest
ratio should stay near 1. The first pick in a database or hash builds its key array
(one list() of the keys, O(N) once); it is timed separately as "first".

    python benchmarks/bench_random.py [--quick]
"""
from __future__ import annotations

import sys
import time

from redislab.engine import Engine, VirtualClock

OPS = 5_000


def _fill(e, s, n):
    batch = 1000
    for start in range(0, n, batch):
        stop = min(n, start + batch)
        keys = []
        for i in range(start, stop):
            keys += [b"key:%d" % i, b"v"]
        e.execute(s, [b"MSET"] + keys)
        fields = []
        for i in range(start, stop):
            fields += [b"f%d" % i, b"v"]
        e.execute(s, [b"HSET", b"h"] + fields)
        e.execute(s, [b"SADD", b"s"] + [b"m%d" % i for i in range(start, stop)])
        zargs = []
        for i in range(start, stop):
            zargs += [b"%d" % i, b"m%d" % i]
        e.execute(s, [b"ZADD", b"z"] + zargs)


def _time(e, s, argv, ops=OPS):
    ex = e.execute
    t0 = time.perf_counter_ns()
    ex(s, argv)
    first = time.perf_counter_ns() - t0
    for _ in range(200):               # warm up
        ex(s, argv)
    t0 = time.perf_counter_ns()
    for _ in range(ops):
        ex(s, argv)
    return first, (time.perf_counter_ns() - t0) / ops


CASES = {
    "RANDOMKEY": [b"RANDOMKEY"],
    "HRANDFIELD": [b"HRANDFIELD", b"h"],
    "HRANDFIELD -10": [b"HRANDFIELD", b"h", b"-10"],
    "SRANDMEMBER": [b"SRANDMEMBER", b"s"],
    "ZRANDMEMBER": [b"ZRANDMEMBER", b"z"],
}


def run(sizes):
    results = {}
    for n in sizes:
        e = Engine(clock=VirtualClock())
        s = e.session()
        _fill(e, s, n)
        # Slow per-call cases get fewer calls at big N, so the run stays short.
        results[n] = {name: _time(e, s, argv, OPS if n <= 100_000 else 500)
                      for name, argv in CASES.items()}
        results[n]["RANDOMKEY +volatile"] = _volatile(e, s)
    return results


def _volatile(e, s):
    # A TTL on one key in ten: RANDOMKEY must also check expiry of what it draws.
    n = e.execute(s, [b"DBSIZE"])
    for i in range(0, n, 10):
        e.execute(s, [b"PEXPIRE", b"key:%d" % i, b"1000000"])
    return _time(e, s, [b"RANDOMKEY"], OPS if n <= 100_000 else 500)


def main():
    sizes = [10_000, 100_000] if "--quick" in sys.argv else [10_000, 100_000, 1_000_000]
    res = run(sizes)
    names = list(res[sizes[0]])
    print(f"{'per call':<22}" + "".join(f"{n:>14,}" for n in sizes) + "   largest/smallest")
    for op in names:
        row = [res[n][op][1] for n in sizes]
        print(f"{op:<22}" + "".join(f"{v:>11.0f} ns" for v in row) + f"   {row[-1] / row[0]:.2f}x")
    print(f"{'first call (ms)':<22}")
    for op in ("RANDOMKEY", "HRANDFIELD"):
        row = [res[n][op][0] / 1e6 for n in sizes]
        print(f"  {op:<20}" + "".join(f"{v:>11.2f} ms" for v in row))


if __name__ == "__main__":
    main()
