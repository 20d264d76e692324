"""Memory per small string key: the engine vs redis-server, 1 M keys each.

Both sides hold the same data: keys ``key:N`` with values ``value:N`` (what
redis-server's DEBUG POPULATE writes). The engine's cost is the growth of this
process's resident memory; redis-server's is its used_memory growth.

    python benchmarks/bench_memory.py [N]
"""
from __future__ import annotations

import gc
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from redislab.engine import Engine  # noqa: E402


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def engine_bytes_per_key(n: int) -> float:
    e = Engine()
    s = e.session()
    gc.collect()
    before = rss_bytes()
    ex = e.execute
    for i in range(n):
        ex(s, [b"SET", b"key:%d" % i, b"value:%d" % i])
    gc.collect()
    return (rss_bytes() - before) / n


def redis_bytes_per_key(n: int) -> float | None:
    try:
        sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
        from tests.support.realredis import RawConn, RealRedis
    except ImportError:
        return None
    try:
        srv = RealRedis()
    except (FileNotFoundError, RuntimeError):
        return None
    try:
        c = RawConn(srv.port)

        def used() -> int:
            info = c.command("INFO", "memory").decode()
            return int(info.split("used_memory:")[1].split("\r\n")[0])

        before = used()
        c.command("DEBUG", "POPULATE", str(n))
        return (used() - before) / n
    finally:
        srv.stop()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    mine = engine_bytes_per_key(n)
    theirs = redis_bytes_per_key(n)
    print(f"keys: {n}")
    print(f"redislab engine : {mine:7.1f} bytes/key")
    if theirs is not None:
        print(f"redis-server    : {theirs:7.1f} bytes/key   (engine/redis = {mine / theirs:.2f}x)")


if __name__ == "__main__":
    main()
