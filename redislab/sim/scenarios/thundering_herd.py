"""thundering-herd: hot keys expire together under load (guide 5.4).

``hot_keys`` keys are warmed at t=0 with the same TTL (a deploy or a cache flush
refilled them at once), then read at ``rate`` requests/s. At t=ttl they expire
together. Strategies:

* naive: cache-aside. Every request that misses queries the DB until one of them
  has refilled the key, so one expiry becomes a burst of identical queries; the
  DB pool saturates, queries queue, misses last longer and the burst grows.
* lock: the guide's ``get_with_jitter``: SET lock:KEY 1 NX EX 10; the winner loads
  and SET EX's with jitter, the others sleep ``retry_sleep`` (virtual) and retry.
* jitter: cache-aside, but every SET EX (the warm-up too) adds randint(0, jitter) s,
  so the keys no longer expire in the same instant: smaller, spread-out bursts.
* xfetch: probabilistic early refresh (Vattani et al.): each read fetches the value
  and its PTTL; with delta the time the last load took, a reader recomputes early
  when ``-delta * beta * ln(random()) >= remaining TTL``, so usually one reader
  refreshes shortly before expiry and nobody ever misses.

Read ``db_queries_in_window`` (queries issued from 1 s before to 2 s after the
synchronized expiry), ``db_qps_peak`` and ``p99_ms``.
"""
from __future__ import annotations

import math
import random

from ..core import Sim, encode_value
from ..database import Database
from ..metrics import Metrics
from .base import Param, Scenario


def _value(key, delta_ms: int) -> str:
    # The load time travels with the value so any reader can run the XFetch test.
    return f"{encode_value(key, 1)}|{delta_ms}"


class HerdWorld:
    def __init__(self, seed: int, p: dict, strategy: str):
        import redislab

        self.p, self.strategy = p, strategy
        self.sim = Sim(seed)
        self.r = redislab.Redis(engine=self.sim.new_engine(), decode_responses=True)
        self.db = Database(self.sim, p["db_latency_ms"], p["db_connections"])
        self.m = Metrics(p["duration"])
        self.rtt = p["cache_rtt_ms"] / 1000
        self.jitter_rng = random.Random(f"jitter:{seed}")
        self.keys = [f"hot:{i}" for i in range(p["hot_keys"])]

    def ttl(self, jitter: bool) -> int:
        return self.p["ttl"] + (self.jitter_rng.randint(0, self.p["jitter"]) if jitter else 0)

    def load(self, key):
        """Query the DB, returning (row, seconds the load took)."""
        t0 = self.sim.now
        row = yield self.db.read(key)
        return row, self.sim.now - t0

    # ------------------------------------------------------------ strategies
    def get_naive(self, key):
        cached = self.r.get(key)
        yield self.rtt
        if cached:
            return True
        _, took = yield from self.load(key)
        self.r.set(key, _value(key, int(took * 1000)), ex=self.ttl(self.strategy == "jitter"))
        yield self.rtt
        return False

    def get_with_lock(self, key):
        hit = True
        while True:
            cached = self.r.get(key)
            yield self.rtt
            if cached:
                return hit
            hit = False
            lock_key = f"lock:{key}"
            got = self.r.set(lock_key, "1", nx=True, ex=10)
            yield self.rtt
            if got:
                try:
                    _, took = yield from self.load(key)
                    self.r.set(key, _value(key, int(took * 1000)), ex=self.ttl(True))
                    yield self.rtt
                    return False
                finally:
                    self.r.delete(lock_key)
            # Another process is refreshing: wait briefly (virtual time) and retry.
            yield self.p["retry_sleep"]

    def get_xfetch(self, key):
        pipe = self.r.pipeline(transaction=False)
        pipe.get(key)
        pipe.pttl(key)
        cached, pttl = pipe.execute()
        yield self.rtt
        if cached:
            delta = int(cached.rsplit("|", 1)[1]) / 1000
            gap = -delta * self.p["beta"] * math.log(1.0 - self.sim.rng.random())
            if gap < pttl / 1000:
                return True
        _, took = yield from self.load(key)
        self.r.set(key, _value(key, int(took * 1000)), ex=self.ttl(False))
        yield self.rtt
        return cached is not None   # an early refresh still served a cached value

    # --------------------------------------------------------------- driving
    def run(self) -> dict:
        p = self.p
        get = {"naive": self.get_naive, "jitter": self.get_naive,
               "lock": self.get_with_lock, "xfetch": self.get_xfetch}[self.strategy]
        # The warm-up: all keys filled in the same instant, as after a deploy.
        est = int(p["db_latency_ms"])
        for key in self.keys:
            self.r.set(key, _value(key, est), ex=self.ttl(self.strategy == "jitter"))
        rng = random.Random(f"herd:{self.sim.seed}")
        t = 0.0
        while True:
            t += rng.expovariate(p["rate"])
            if t >= p["duration"]:
                break
            self.sim.at(t, self._start, get, rng.choice(self.keys))
        self.sim.run(until=p["duration"] + 5)
        self.m.db_times = self.db.query_times
        s = self.m.summary(window=(p["ttl"] - 1, p["ttl"] + 2))
        s["db_max_queue"] = self.db.max_queue
        for k in ("stale_reads", "max_stale_s", "lost_writes"):   # nothing is written here
            del s[k]
        return s

    def _start(self, get, key) -> None:
        self.sim.spawn(self._request(get, key))

    def _request(self, get, key):
        t0 = self.sim.now
        hit = yield from get(key)
        self.m.read(self.sim.now - t0, hit, None)


STRATEGIES = ("naive", "lock", "jitter", "xfetch")


def run(p: dict, seed: int, strategy: str) -> dict:
    return HerdWorld(seed, p, strategy).run()


def notes(results: dict, p: dict) -> list[str]:
    out = [f"{n}: {r['db_queries_in_window']} DB queries around the expiry (peak {r['db_qps_peak']}/s), "
           f"p99 {r['p99_ms']} ms" for n, r in results.items()]
    out.append(f"the ideal is one query per hot key: {p['hot_keys']}")
    return out


SCENARIO = Scenario(
    name="thundering-herd",
    summary="hot keys expire together under load: naive vs SET NX lock vs TTL jitter vs XFetch",
    strategies=STRATEGIES,
    params=(
        Param("hot_keys", 20, "hot keys warmed together at t=0", minimum=1),
        Param("rate", 1000.0, "reads per second over the hot keys", minimum=1),
        Param("duration", 8.0, "seconds of virtual time"),
        Param("ttl", 5, "TTL of the warmed keys (they expire together at t=ttl)", minimum=1),
        Param("jitter", 3, "lock/jitter: extra TTL randint(0, jitter) seconds"),
        Param("retry_sleep", 0.1, "lock: seconds a loser sleeps before retrying"),
        Param("beta", 1.0, "xfetch: eagerness of early refresh (>1 refreshes earlier)"),
        Param("db_latency_ms", 100.0, "database time for the (expensive) query"),
        Param("db_connections", 10, "database connection pool size"),
        Param("cache_rtt_ms", 0.5, "network round trip to Redis"),
    ),
    run=run,
    notes=notes,
    columns=("db_queries_in_window", "db_queries", "db_qps_peak", "db_max_queue", "hit_ratio", "p50_ms", "p99_ms"),
    doc=__doc__,
)
