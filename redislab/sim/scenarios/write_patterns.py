"""write-patterns: write-through vs write-behind vs invalidate-on-write.

* write-through (guide 4.2): update the DB, then SET EX the new value; the caller
  waits for both, so writes are as slow as the DB but nothing acknowledged is lost.
* write-behind (guide 4.3): SET EX, queue the row for an async writer, answer at once.
  The writer flushes its queue to the DB every ``flush_interval`` seconds as one
  batch. At ``crash_at`` it crashes and its in-memory queue is gone: every write
  acknowledged since the last flush never reaches the DB (lost writes; the loss
  window is the flush interval). Once their cache entries expire, readers get the
  old rows back (stale reads). Writes made while it is down (``restart_after``) wait
  in the app's outbox and are flushed after the restart, late but not lost.
* invalidate-on-write: update the DB, then DEL; the next read loads the new row.

Reads are cache-aside in all three.
"""
from __future__ import annotations

from ..core import encode_value
from ..workload import Workload
from .base import CacheWorld, Param, Scenario, cache_params
from .read_patterns import read_cache_aside


def write_through(w, key, version):
    yield w.db.write(key, version)
    w.r.set(key, encode_value(key, version), ex=w.p["ttl"])
    yield w.rtt


def write_behind(w, key, version):
    w.r.set(key, encode_value(key, version), ex=w.p["ttl"])
    yield w.rtt
    w.state["queue"].append((key, version))   # fire-and-forget, like .delay()


def write_invalidate(w, key, version):
    yield w.db.write(key, version)
    w.r.delete(key)
    yield w.rtt


def flusher(w):
    """The async DB writer of write-behind: drains its queue in batches."""
    p = w.p
    while w.sim.now < p["duration"] + 2:
        yield p["flush_interval"]
        if w.state["down"] or not w.state["queue"]:
            continue
        batch, w.state["queue"] = w.state["queue"], []
        yield w.db.write_many(batch)


def crash(w):
    # The writer's memory is gone: every queued row with it. (A batch already sent
    # to the DB commits: the DB has it.) What arrives later waits for the restart.
    w.state["down"] = True
    w.state["lost_at_crash"] = len(w.state["queue"])
    w.state["queue"] = []


def restart(w):
    w.state["down"] = False


WRITERS = {"write-through": write_through, "write-behind": write_behind, "invalidate-on-write": write_invalidate}


def run(p: dict, seed: int, strategy: str) -> dict:
    wl = Workload(p["keys"], p["dist"], p["zipf_s"], p["rate"], p["write_ratio"], p["duration"], p["clients"])
    w = CacheWorld(seed, p)
    extra = {}
    if strategy == "write-behind":
        w.state.update(queue=[], down=False, lost_at_crash=0)
        w.sim.spawn(flusher(w))
        if p["crash_at"] >= 0:
            w.sim.at(p["crash_at"], crash, w)
            w.sim.at(p["crash_at"] + p["restart_after"], restart, w)
    w.drive(wl.requests(seed), read_cache_aside, WRITERS[strategy])
    if strategy == "write-behind":
        extra["lost_in_queue_at_crash"] = w.state["lost_at_crash"]
    return w.finish(**extra)


def notes(results: dict, p: dict) -> list[str]:
    out = []
    for name, r in results.items():
        out.append(f"{name}: writes p50 {r.get('write_p50_ms', 0)} ms, lost writes {r['lost_writes']}, "
                   f"stale reads {r['stale_reads']}")
    if "write-behind" in results and p["crash_at"] >= 0:
        out.append(f"write-behind's writer crashed at t={p['crash_at']}s (back at "
                   f"t={p['crash_at'] + p['restart_after']}s): the writes acknowledged since its last "
                   f"flush were only in its memory and are gone")
    return out


SCENARIO = Scenario(
    name="write-patterns",
    summary="write-through vs write-behind (with a writer crash) vs invalidate-on-write",
    strategies=tuple(WRITERS),
    params=cache_params() + (
        Param("write_ratio", 0.2, "share of requests that are writes"),
        Param("ttl", 5, "cache TTL in seconds", minimum=1),
        Param("flush_interval", 1.0, "write-behind: seconds between batch flushes"),
        Param("crash_at", 10.0, "write-behind: when the async writer crashes (-1: never)"),
        Param("restart_after", 2.0, "write-behind: seconds until the writer is back"),
    ),
    run=run,
    notes=notes,
    columns=("write_p50_ms", "write_p99_ms", "p99_ms", "db_queries", "hit_ratio", "lost_writes",
             "stale_reads", "max_stale_s"),
    doc=__doc__,
)
