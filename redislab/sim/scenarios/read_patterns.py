"""read-patterns: cache-aside vs read-through on the same read-mostly workload.

Cache-aside (guide 4.1): the app checks Redis, queries the DB on a miss and fills the
cache itself; every app request that misses queries the DB, so a hot key that
expires under load is loaded many times at once. Read-through: the app only asks the
cache layer, whose loader fetches a missing key once per app instance and makes
concurrent readers wait for that load. Writes in both update the DB, then DEL the key.
"""
from __future__ import annotations

from ..core import Future, encode_value, parse_versioned
from ..workload import Workload
from .base import CacheWorld, Param, Scenario, cache_params


def read_cache_aside(w, key, client):
    cached = w.r.get(key)
    yield w.rtt
    if cached:
        return parse_versioned(cached), True
    version = yield w.db.read(key)
    w.r.set(key, encode_value(key, version), ex=w.p["ttl"])
    yield w.rtt
    return version, False


def read_through(w, key, client):
    cached = w.r.get(key)
    yield w.rtt
    if cached:
        return parse_versioned(cached), True
    # The cache layer's loader: one load per key per app instance; readers that
    # miss while it runs wait for its result instead of querying the DB too.
    loading = w.state.setdefault("loading", {})
    pending = loading.get((client, key))
    if pending is not None:
        version = yield pending
        return version, False
    fut = loading[(client, key)] = Future()
    version = yield w.db.read(key)
    w.r.set(key, encode_value(key, version), ex=w.p["ttl"])
    yield w.rtt
    del loading[(client, key)]
    fut.resolve(version)
    return version, False


def write_then_delete(w, key, version):
    yield w.db.write(key, version)
    w.r.delete(key)
    yield w.rtt


READERS = {"cache-aside": read_cache_aside, "read-through": read_through}


def run(p: dict, seed: int, strategy: str) -> dict:
    wl = Workload(p["keys"], p["dist"], p["zipf_s"], p["rate"], p["write_ratio"], p["duration"], p["clients"])
    w = CacheWorld(seed, p)
    w.drive(wl.requests(seed), READERS[strategy], write_then_delete)
    return w.finish()


def notes(results: dict, p: dict) -> list[str]:
    out = []
    if {"cache-aside", "read-through"} <= results.keys():
        a, b = results["cache-aside"], results["read-through"]
        out.append(f"DB queries: cache-aside {a['db_queries']} vs read-through {b['db_queries']} "
                   f"(the loader coalesces concurrent misses of the same key)")
        out.append(f"p99 latency: {a['p99_ms']} ms vs {b['p99_ms']} ms; stale reads "
                   f"{a['stale_reads']} vs {b['stale_reads']} (a slow miss can re-fill an old value after the DEL)")
    return out


SCENARIO = Scenario(
    name="read-patterns",
    summary="cache-aside vs read-through: hit ratio, DB load and latency on one workload",
    strategies=tuple(READERS),
    params=cache_params(db_latency_ms=50.0) + (
        Param("write_ratio", 0.05, "share of requests that are writes (DB update, then DEL)"),
        Param("ttl", 10, "cache TTL in seconds (SET EX)", minimum=1),
    ),
    run=run,
    notes=notes,
    columns=("hit_ratio", "db_queries", "db_qps_peak", "p50_ms", "p99_ms", "stale_reads", "max_stale_s"),
    doc=__doc__,
)
