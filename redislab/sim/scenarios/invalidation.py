"""invalidation: TTL only vs event-based DEL vs versioned keys (guide section 5).

* ttl: writes update only the DB; a cached row stays until its TTL runs out, so
  readers see old data for up to ``ttl`` seconds after a write.
* event-delete: writes update the DB, then DEL the cached key (5.2); the window
  shrinks to the race of a slow reader re-filling an old value.
* versioned: the cache key embeds a version (``item:7:v:3``); writes INCR the version
  (5.3), so readers move to a new key at once and old entries are simply never read
  again. Costs one more round trip per read and leaves orphans until their TTL.

Read the stale-read columns: how many reads returned data older than an acknowledged
write, and the longest such window (seconds after the write was acknowledged).
"""
from __future__ import annotations

from ..core import encode_value, parse_versioned
from ..workload import Workload
from .base import CacheWorld, Param, Scenario, cache_params
from .read_patterns import read_cache_aside


def write_db_only(w, key, version):
    yield w.db.write(key, version)


def write_delete(w, key, version):
    yield w.db.write(key, version)
    w.r.delete(key)
    yield w.rtt


def read_versioned(w, key, client):
    version_key = f"{key}:version"
    # The guide defaults a missing version to "1", but the first INCR of a missing
    # key also gives 1, so the first invalidation would change nothing; start at 0.
    ver = w.r.get(version_key) or "0"
    yield w.rtt
    cache_key = f"{key}:v:{ver}"
    cached = w.r.get(cache_key)
    yield w.rtt
    if cached:
        return parse_versioned(cached), True
    row = yield w.db.read(key)
    w.r.set(cache_key, encode_value(key, row), ex=w.p["ttl"])
    yield w.rtt
    return row, False


def write_versioned(w, key, version):
    yield w.db.write(key, version)
    w.r.incr(f"{key}:version")
    yield w.rtt


STRATEGIES = {
    "ttl": (read_cache_aside, write_db_only),
    "event-delete": (read_cache_aside, write_delete),
    "versioned": (read_versioned, write_versioned),
}


def run(p: dict, seed: int, strategy: str) -> dict:
    wl = Workload(p["keys"], p["dist"], p["zipf_s"], p["rate"], p["write_ratio"], p["duration"], p["clients"])
    w = CacheWorld(seed, p)
    read, write = STRATEGIES[strategy]
    w.drive(wl.requests(seed), read, write)
    return w.finish(cached_keys=w.r.dbsize())


def notes(results: dict, p: dict) -> list[str]:
    return [f"{n}: {r['stale_reads']} stale reads, longest stale window {r['max_stale_s']} s, "
            f"{r['cached_keys']} keys in Redis at the end" for n, r in results.items()]


SCENARIO = Scenario(
    name="invalidation",
    summary="TTL vs event-based delete vs versioned keys: how long readers see old data",
    strategies=tuple(STRATEGIES),
    params=cache_params() + (
        Param("write_ratio", 0.1, "share of requests that are writes"),
        Param("ttl", 10, "cache TTL in seconds", minimum=1),
    ),
    run=run,
    notes=notes,
    columns=("stale_reads", "max_stale_s", "hit_ratio", "db_queries", "p50_ms", "p99_ms", "cached_keys"),
    doc=__doc__,
)
