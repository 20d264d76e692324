"""In-process clients side by side: redislab.Redis() vs fakeredis.FakeRedis().

    python benchmarks/bench_inprocess.py [--seconds 1.0] [--protocol 2|3]

Both are real redis-py clients without a socket, so the difference is what sits
under the connection: redislab hands argv to the engine and gets Python values back,
fakeredis encodes and parses RESP through a fake socket. Engine-direct rows show the
floor: Engine.execute with no client at all.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# Run from a checkout: import the redislab next to this file, not an installed one.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def rate(fn, seconds: float, batch: int = 1) -> float:
    """Operations per second of ``fn`` (each call does ``batch`` operations)."""
    fn()  # warm up: connection set-up, first-call caches
    n, t0 = 0, time.perf_counter()
    deadline = t0 + seconds
    while True:
        for _ in range(64 if batch == 1 else 1):
            fn()
            n += 1
        now = time.perf_counter()
        if now >= deadline:
            return n * batch / (now - t0)


def direct_rate(ex, s, argv, seconds: float) -> float:
    """Engine.execute calls per second, looped without a wrapper call per operation
    (a lambda would add ~10 % of its own); best of three runs, as machines are noisy."""
    best = 0.0
    for _ in range(3):
        n, t0 = 0, time.perf_counter()
        while True:
            for _ in range(1000):
                ex(s, argv)
            n += 1000
            now = time.perf_counter()
            if now - t0 >= seconds / 3:
                break
        best = max(best, n / (now - t0))
    return best


def client_cases(r) -> dict:
    r.set("bench:k", "v" * 32)
    counter = {"i": 0}

    def pipe():
        p = r.pipeline(transaction=False)
        for i in range(1000):
            p.set(f"bench:p{i}", "v")
        p.execute()

    def set_():
        counter["i"] += 1
        r.set("bench:s", counter["i"])

    return {
        "SET": (set_, 1),
        "GET": (lambda: r.get("bench:k"), 1),
        "INCR": (lambda: r.incr("bench:c"), 1),
        "pipeline 1000 SET": (pipe, 1000),
    }


def async_pipeline_rate(r, seconds: float) -> float:
    """SETs per second through an asyncio client's 1000-command pipelines."""
    import asyncio

    async def go():
        async def pipe():
            p = r.pipeline(transaction=False)
            for i in range(1000):
                p.set(f"bench:p{i}", "v")
            await p.execute()
        await pipe()                       # warm up
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            await pipe()
            n += 1000
        rate = n / (time.perf_counter() - t0)
        await r.aclose()
        return rate

    return asyncio.run(go())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=1.0, help="time per measurement")
    ap.add_argument("--protocol", type=int, default=None, help="RESP version for both clients")
    args = ap.parse_args(argv)

    import fakeredis

    import redislab
    from redislab.engine import Engine

    kw = {} if args.protocol is None else {"protocol": args.protocol}
    ours = client_cases(redislab.Redis(**kw))
    theirs = client_cases(fakeredis.FakeRedis(**kw))

    print(f"{'operation':<22}{'redislab ops/s':>16}{'fakeredis ops/s':>17}{'ratio':>8}")
    for name in ours:
        fn, batch = ours[name]
        a = rate(fn, args.seconds, batch)
        fn, batch = theirs[name]
        b = rate(fn, args.seconds, batch)
        print(f"{name:<22}{a:>16,.0f}{b:>17,.0f}{a / b:>7.1f}x")

    import fakeredis.aioredis

    import redislab.asyncio
    a = async_pipeline_rate(redislab.asyncio.Redis(**kw), args.seconds)
    b = async_pipeline_rate(fakeredis.aioredis.FakeRedis(**kw), args.seconds)
    print(f"{'asyncio pipeline 1000':<22}{a:>16,.0f}{b:>17,.0f}{a / b:>7.1f}x")

    e = Engine()
    s = e.session()
    e.execute(s, [b"SET", b"bench:k", b"v" * 32])
    get_argv, set_argv = [b"GET", b"bench:k"], [b"SET", b"bench:s", b"1"]
    ex = e.execute
    print(f"{'engine-direct GET':<22}{direct_rate(ex, s, get_argv, args.seconds):>16,.0f}")
    print(f"{'engine-direct SET':<22}{direct_rate(ex, s, set_argv, args.seconds):>16,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
