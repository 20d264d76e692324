"""Sorted-set complexity: per-operation cost of ZADD, ZRANK, ZSCORE and ZREM as N grows.

    python benchmarks/bench_zset.py [--sizes 1000,100000,1000000] [--ops 20000]

Redis documents ZADD/ZRANK/ZREM as O(log N) and ZSCORE as O(1); from 10^3 to 10^6
members a logarithmic cost should grow by about 2x at most, a linear one by 1000x.
Each row runs the command handlers through Engine.execute (no client), on a set
pre-filled with N members. The last table puts the in-process client next to
fakeredis for ZADD and ZRANK.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def fill(engine, s, n: int) -> None:
    from redislab.engine.datatypes.zset import ZSet
    from sortedcontainers import SortedList

    # Build the big set directly (ZADD of 10^6 members one by one would take a while).
    z = ZSet(listpack=n <= 128)
    z.dict = {b"m%d" % i: float(i) for i in range(n)}
    z.sl = SortedList((float(i), b"m%d" % i) for i in range(n))
    s.db.add(b"z", z)


def per_op_ns(engine, s, make_argv, ops: int) -> float:
    argvs = [make_argv(i) for i in range(ops)]
    ex = engine.execute
    t0 = time.perf_counter_ns()
    for a in argvs:
        ex(s, a)
    return (time.perf_counter_ns() - t0) / ops


def complexity_rows(sizes, ops: int, hot: bool = False) -> list:
    """With ``hot``, lookups cycle over 1000 members spread evenly through the set,
    which keeps the looked-up members themselves warm; uniform picks over 10^6 members
    also miss the CPU cache on every lookup. Neither isolates the algorithm fully (the
    structure's inner nodes still outgrow the cache), and run-to-run noise on a shared
    machine is of the same order as the difference: read both tables together."""
    from redislab.engine import Engine

    rows = []
    for n in sizes:
        e = Engine()
        s = e.session()
        fill(e, s, n)
        rnd = random.Random(n)
        if hot:
            pool = [b"m%d" % (j * n // 1000) for j in range(1000)]
            picks = [pool[i % 1000] for i in range(ops)]
        else:
            picks = [b"m%d" % rnd.randrange(n) for _ in range(ops)]
        cost = {
            "ZADD": per_op_ns(e, s, lambda i: [b"ZADD", b"z", b"%d.5" % rnd.randrange(n), b"new%d" % i], ops),
            "ZRANK": per_op_ns(e, s, lambda i: [b"ZRANK", b"z", picks[i]], ops),
            "ZSCORE": per_op_ns(e, s, lambda i: [b"ZSCORE", b"z", picks[i]], ops),
            "ZREM": per_op_ns(e, s, lambda i: [b"ZREM", b"z", b"new%d" % i], ops),
        }
        rows.append((n, cost))
    return rows


def client_rows(n: int, ops: int) -> list:
    out = []
    try:
        import redislab
        mine = redislab.Redis()
    except Exception as e:  # pragma: no cover - client.py may be absent
        return [("redislab.Redis() unavailable", str(e))]
    try:
        import fakeredis
        theirs = fakeredis.FakeRedis()
    except ImportError:  # pragma: no cover
        theirs = None
    for name, client in (("redislab", mine), ("fakeredis", theirs)):
        if client is None:
            continue
        client.delete("bz")
        pipe = client.pipeline(transaction=False)
        for i in range(n):
            pipe.zadd("bz", {f"m{i}": i})
        pipe.execute()
        t0 = time.perf_counter_ns()
        for i in range(ops):
            client.zadd("bz", {f"x{i}": i + 0.5})
        zadd = (time.perf_counter_ns() - t0) / ops
        t0 = time.perf_counter_ns()
        for i in range(ops):
            client.zrank("bz", f"m{(i * 7919) % n}")
        zrank = (time.perf_counter_ns() - t0) / ops
        out.append((name, zadd, zrank))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,100000,1000000")
    ap.add_argument("--ops", type=int, default=20000)
    ap.add_argument("--client-size", type=int, default=10000, help="members for the client comparison")
    ap.add_argument("--client-ops", type=int, default=5000)
    a = ap.parse_args(argv)
    sizes = [int(x) for x in a.sizes.split(",")]
    for hot, title in ((False, "uniform random members (cache misses grow with N)"),
                       (True, "the same 1000 members at every N (warm members)")):
        rows = complexity_rows(sizes, a.ops, hot)
        names = list(rows[0][1])
        print(f"engine, ns/op (Engine.execute, no client), {title}")
        print(f"{'N':>10} " + " ".join(f"{c:>9}" for c in names))
        for n, cost in rows:
            print(f"{n:>10} " + " ".join(f"{cost[c]:>9.0f}" for c in names))
        first, last = rows[0][1], rows[-1][1]
        print(f"{'ratio':>10} " + " ".join(f"{last[c] / first[c]:>8.2f}x" for c in names)
              + f"   (N x{rows[-1][0] // rows[0][0]})")
        print()
    crow = client_rows(a.client_size, a.client_ops)
    print(f"in-process clients, {a.client_size} members, ns/op")
    for row in crow:
        if len(row) == 2:
            print(f"  {row[0]}: {row[1]}")
            continue
        print(f"  {row[0]:>10}  ZADD {row[1]:>8.0f}  ZRANK {row[2]:>8.0f}")
    if len(crow) == 2 and len(crow[0]) == 3:
        print(f"  fakeredis / redislab:  ZADD {crow[1][1] / crow[0][1]:.2f}x  ZRANK {crow[1][2] / crow[0][2]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
