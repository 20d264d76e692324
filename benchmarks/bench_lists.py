"""List complexity: per-operation cost of LPUSH, RPOP and LINDEX 0 as the list grows.

    python benchmarks/bench_lists.py [--sizes 1000,100000,1000000] [--ops 50000]

Redis documents pushes and pops at either end, and LINDEX of the first or last
element, as O(1): from 10^3 to 10^6 elements the cost per call should stay flat
(a ratio near 1x), where a linear structure would grow by about 1000x. Each row runs
the handlers through Engine.execute (no client) on a list pre-filled with N elements;
LPUSH and RPOP alternate so the size stays at N.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

OPS = ("LPUSH", "RPOP", "LINDEX 0")


def fill(s, n: int) -> None:
    from redislab.engine.datatypes.rlist import RList

    # Built in one go: RPUSHing 10^6 elements one by one would only time the set-up.
    s.db.add(b"l", RList(b"e%d" % i for i in range(n)))


def per_op_ns(engine, s, argvs) -> float:
    ex = engine.execute
    t0 = time.perf_counter_ns()
    for a in argvs:
        ex(s, a)
    return (time.perf_counter_ns() - t0) / len(argvs)


def rows(sizes, ops: int) -> list:
    from redislab.engine import Engine

    out = []
    for n in sizes:
        e = Engine()
        s = e.session()
        fill(s, n)
        push = [[b"LPUSH", b"l", b"v%d" % i] for i in range(ops)]
        pop = [[b"RPOP", b"l"]] * ops
        index = [[b"LINDEX", b"l", b"0"]] * ops
        cost = {"LPUSH": per_op_ns(e, s, push), "RPOP": per_op_ns(e, s, pop),
                "LINDEX 0": per_op_ns(e, s, index)}
        assert e.run("LLEN", "l", session=s) == n
        out.append((n, cost))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,100000,1000000")
    ap.add_argument("--ops", type=int, default=50000)
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    table = rows(sizes, args.ops)
    print(f"{'N':>10} " + " ".join(f"{op:>12}" for op in OPS) + "   (ns/op)")
    for n, cost in table:
        print(f"{n:>10} " + " ".join(f"{cost[op]:>12.0f}" for op in OPS))
    first, last = table[0][1], table[-1][1]
    print(f"{'ratio':>10} " + " ".join(f"{last[op] / first[op]:>11.2f}x" for op in OPS)
          + f"   (N={sizes[-1]} / N={sizes[0]}; O(1) stays near 1x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
