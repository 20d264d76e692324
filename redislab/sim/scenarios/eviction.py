"""eviction: hit ratio vs maxmemory for the eviction policies, on the engine's own
eviction (CONFIG SET maxmemory / maxmemory-policy; nothing is evicted by the sim).

For each policy and each cache size (a percentage of the memory the whole key set
needs) a fresh engine runs a cache-aside loop: GET, and on a miss SET the value with
a TTL (a random 10..60 min per key, so volatile-ttl has something to rank). Two key
streams: ``zipf`` (a few keys are hot: LRU and LFU keep them) and ``scan`` (Zipf
plus a sequential sweep over all keys, like a batch job: the sweep pushes hot keys
out of an LRU cache, while LFU remembers they are popular).

Hit ratios are measured over the second half of the requests (a warm cache).
``evicted`` shows the engine's ``evicted_keys``: 0 while the dataset is over
maxmemory means the engine did not evict, and every policy then looks the same.
"""
from __future__ import annotations

import random

from ..core import Sim
from ..workload import KeyChooser
from .base import Param, Scenario

POLICIES = ("allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-ttl")


def _used_memory(engine, s) -> int:
    import redislab

    return int(redislab.Redis(engine=engine).info("memory")["used_memory"])


def _full_dataset(p: dict, seed: int) -> tuple[int, int]:
    """(memory of an empty engine, memory the whole key set adds) on this engine."""
    sim = Sim(seed)
    e = sim.new_engine()
    s = e.session()
    base = _used_memory(e, s)
    value = b"x" * p["value_size"]
    for i in range(p["keys"]):
        e.execute(s, [b"SET", b"item:%d" % i, value, b"EX", b"3600"])
    return base, _used_memory(e, s) - base


def _one(p: dict, seed: int, policy: str, workload: str, maxmemory: int) -> tuple[float, int]:
    sim = Sim(seed)
    e = sim.new_engine()
    s = e.session()
    e.execute(s, [b"CONFIG", b"SET", b"maxmemory-policy", policy.encode()])
    e.execute(s, [b"CONFIG", b"SET", b"maxmemory", str(maxmemory).encode()])
    rng = random.Random(f"eviction:{seed}:{workload}")
    choose = KeyChooser(p["keys"], workload, p["zipf_s"], p["scan_ratio"])
    ttls = [rng.randint(600, 3600) for _ in range(p["keys"])]
    value = b"x" * p["value_size"]
    n, step = p["requests"], 100
    hits = counted = 0
    for i in range(n):
        if i % step == 0:
            # Move time on in chunks so the LRU/LFU clocks see requests spread out.
            sim.run(until=i / p["rate"])
        k = choose(rng)
        key = b"item:%d" % k
        hit = e.execute(s, [b"GET", key]) is not None
        if not hit:
            e.execute(s, [b"SET", key, value, b"EX", b"%d" % ttls[k]])
        if i >= n // 2:
            counted += 1
            hits += hit
    evicted = int(e.stats.get("evicted_keys", 0))
    return round(hits / counted, 4), evicted


def run(p: dict, seed: int, strategy: str) -> dict:
    base, full = _full_dataset(p, seed)
    out = {}
    evicted_total = 0
    for workload in p["workloads"].split(","):
        for pct in p["sizes"].split(","):
            maxmemory = base + full * int(pct) // 100
            ratio, evicted = _one(p, seed, strategy, workload.strip(), maxmemory)
            out[f"{workload.strip()}@{pct.strip()}%"] = ratio
            evicted_total += evicted
    out["evicted"] = evicted_total
    return out


def notes(results: dict, p: dict) -> list[str]:
    out = []
    if results and all(r["evicted"] == 0 for r in results.values()):
        out.append("the engine evicted nothing: maxmemory has no effect in this build, so the "
                   "policies cannot differ yet (the numbers are what a cache without a limit gets)")
    out.append("sizes are percentages of the memory the whole key set needs; the hit ratio is "
               "measured on the second half of the requests")
    return out


SCENARIO = Scenario(
    name="eviction",
    summary="hit ratio vs maxmemory for allkeys-lru/lfu/random and volatile-ttl (the engine's eviction)",
    strategies=POLICIES,
    params=(
        Param("keys", 1000, "distinct keys", minimum=1),
        Param("requests", 8000, "requests per (policy, size, workload) run", minimum=1),
        Param("value_size", 100, "bytes per value"),
        Param("sizes", "10,25,50", "maxmemory as % of the full key set, comma-separated"),
        Param("workloads", "zipf,scan", "key streams: zipf, scan, uniform (comma-separated)"),
        Param("zipf_s", 1.0, "Zipf exponent"),
        Param("scan_ratio", 0.3, "scan workload: share of requests that are the sequential sweep"),
        Param("rate", 1000.0, "requests per second (spreads them over virtual time)", minimum=1),
    ),
    run=run,
    notes=notes,
    doc=__doc__,
)
