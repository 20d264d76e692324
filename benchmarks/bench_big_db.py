"""Engine-direct GET in a database of 1 M keys, with exact and with hashed LRU clocks.

Past 65,536 keys a database keeps its LRU clocks in a table of hashed slots
(engine/lru_table.py) instead of a dict. This measures what that costs a read,
running both kinds alternately in one run (best of 5 passes of 300,000 random GETs).

    python benchmarks/bench_big_db.py [N]
"""
from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from redislab.engine import Engine, lru_table  # noqa: E402


def gets_per_second(n: int, exact: bool) -> float:
    big = lru_table.BIG
    if exact:
        lru_table.BIG = 10 ** 12          # never switch
    try:
        e = Engine()
        s = e.session()
        ex = e.execute
        for i in range(n):
            ex(s, [b"SET", b"key:%d" % i, b"value:%d" % i])
        e.cron()
        assert (type(s.db.atime) is dict) == exact
    finally:
        lru_table.BIG = big
    cmds = [[b"GET", b"key:%d" % (i * 7919 % n)] for i in range(300_000)]
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        for c in cmds:
            ex(s, c)
        best = min(best, time.perf_counter() - t)
    return len(cmds) / best


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    print(f"engine-direct GET over {n:,} keys (M GET/s, best of 5)")
    for exact in (True, False, True, False):
        name = "exact dict " if exact else "hashed table"
        print(f"  {name}: {gets_per_second(n, exact) / 1e6:.3f}")


if __name__ == "__main__":
    main()
