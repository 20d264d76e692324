"""lock: single-instance SET NX PX vs Redlock, and what fencing tokens add.

Two clients want the same resource and write to a storage service while they hold
the lock. Client A takes it at t=0; client B starts at t=1 and retries every second.

* ``fault=pause``: right after acquiring, A stops for ``pause`` seconds (a GC pause)
  longer than the lock TTL. Its lock expires, B acquires it, and A wakes up still
  believing it holds the lock, then writes.
* ``fault=clock-jump``: the network is split (A reaches instances 0-2, B reaches
  2-4) and at t=1.5 the clock of instance 2 (the single instance, for the single
  strategies) jumps ahead past the TTL, expiring A's key there. B now gets a
  majority (2, 3, 4) while A still holds its own (0, 1, 2): two holders at once.
  This is Kleppmann's critique of Redlock: its safety rests on timing.
* ``fault=none``: nothing goes wrong; B waits for A.

Strategies: ``single`` (SET NX PX with a random token, released with the guide's
check-and-DEL script), ``redlock`` (the same on 5 engines: quorum 3, validity =
TTL - elapsed - drift), and ``+fencing`` variants where each acquisition also takes
a fencing token (a monotonic INCR) and storage rejects any token lower than one it
has seen. Redlock issues no such token itself; the fencing variants take it from a
separate counter, which is the point of the critique.

Read ``max_holders`` (clients that believed they held the lock at the same time),
``stale_writes_accepted`` (writes storage took from a client whose lock had since been
granted to another) and ``stale_writes_rejected`` (what fencing stopped).
"""
from __future__ import annotations

from ..core import Sim
from .base import Param, Scenario

RELEASE_SCRIPT = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

RESOURCE = "lock:order:process:123"


class Storage:
    """The protected resource. With fencing it refuses tokens older than the newest seen."""

    def __init__(self, fencing: bool):
        self.fencing = fencing
        self.max_token = 0
        self.log: list = []     # (time, client, token, accepted)

    def write(self, now: float, client: str, token: int | None) -> bool:
        ok = not (self.fencing and token is not None and token < self.max_token)
        if ok and token is not None:
            self.max_token = max(self.max_token, token)
        self.log.append((now, client, token, ok))
        return ok


class LockWorld:
    def __init__(self, seed: int, p: dict, strategy: str):
        import redislab

        self.p, self.sim = p, Sim(seed)
        self.redlock = strategy.startswith("redlock")
        n = p["instances"] if self.redlock else 1
        self.engines = [self.sim.new_engine() for _ in range(n)]
        self.nodes = [redislab.Redis(engine=e, decode_responses=True) for e in self.engines]
        self.counter = redislab.Redis(engine=self.sim.new_engine() if self.redlock else self.engines[0],
                                      decode_responses=True)
        self.fencing = strategy.endswith("+fencing")
        self.storage = Storage(self.fencing)
        self.rtt = p["rtt_ms"] / 1000
        self.quorum = n // 2 + 1
        self.held: dict = {}            # client -> [acquired_at, released_at or None]
        self.intervals: list = []
        self.acquired: list = []        # (time, client)
        self.foreign_blocked = 0
        self.timeline: list[str] = []

    def reachable(self, client: str) -> list[int]:
        n = len(self.nodes)
        if self.p["fault"] != "clock-jump" or n == 1:
            return list(range(n))
        mid = n // 2
        return list(range(0, mid + 1)) if client == "A" else list(range(mid, n))

    def acquire(self, client: str, token: str):
        """SET NX PX on every reachable instance; Redlock's quorum and validity rule."""
        ttl_ms = self.p["ttl_ms"]
        start = self.sim.now
        ok = []
        for i in self.reachable(client):
            if self.nodes[i].set(RESOURCE, token, nx=True, px=ttl_ms):
                ok.append(i)
            yield self.rtt
        elapsed_ms = (self.sim.now - start) * 1000
        drift_ms = ttl_ms * 0.01 + 2
        validity = ttl_ms - elapsed_ms - drift_ms
        if len(ok) >= self.quorum and validity > 0:
            return True
        yield from self.release(client, token, count=False)
        return False

    def release(self, client: str, token: str, count: bool = True):
        blocked = False
        for i in self.reachable(client):
            n = self.nodes[i].eval(RELEASE_SCRIPT, 1, RESOURCE, token)
            # A plain DEL here would have freed the lock another client now holds.
            blocked |= bool(count and not n and self.nodes[i].get(RESOURCE) not in (None, token))
            yield self.rtt
        if count:
            self.foreign_blocked += blocked
            self.log(f"{client} released" + (" (token check kept the other holder's lock)" if blocked else ""))

    def log(self, text: str) -> None:
        self.timeline.append(f"{self.sim.now:7.3f}s {text}")

    def critical(self, client: str, token: str, before_write: float, after_write: float, note: str = ""):
        fence = self.counter.incr("fence:order:process:123") if self.fencing else None
        self.acquired.append((self.sim.now, client))
        self.held[client] = [self.sim.now, None]
        self.log(f"{client} acquired the lock" + (f", fencing token {fence}" if fence else ""))
        if note:
            self.log(note)
        yield before_write
        ok = self.storage.write(self.sim.now, client, fence)
        self.log(f"{client} wrote to storage: {'accepted' if ok else 'rejected (stale token)'}")
        yield after_write
        yield from self.release(client, token)
        self.intervals.append((self.held[client][0], self.sim.now, client))

    def client_a(self):
        p = self.p
        if not (yield from self.acquire("A", "token-A")):
            return
        paused = p["fault"] == "pause"
        note = f"A is paused (GC) for {p['pause']:g}s" if paused else ""
        yield from self.critical("A", "token-A", p["pause"] if paused else p["hold"], 0, note)

    def client_b(self):
        p = self.p
        yield 1.0
        while self.sim.now < p["duration"]:
            if (yield from self.acquire("B", "token-B")):
                yield from self.critical("B", "token-B", 0, p["hold"])
                return
            yield p["retry"]

    def jump(self) -> None:
        i = len(self.engines) // 2
        clock = self.engines[i].clock
        clock.set_ms(clock.time_ms() + int(self.p["jump"] * 1000))
        self.log(f"instance {i}'s clock jumped {self.p['jump']:g}s ahead")

    def run(self) -> dict:
        self.sim.spawn(self.client_a())
        self.sim.spawn(self.client_b())
        if self.p["fault"] == "clock-jump":
            self.sim.at(1.5, self.jump)
        self.sim.run(until=self.p["duration"])
        stale_ok = stale_no = 0
        for t, client, _, ok in self.storage.log:
            mine = max(a for a, c in self.acquired if c == client and a <= t)
            superseded = any(c != client and mine < a <= t for a, c in self.acquired)
            if superseded:
                stale_ok += ok
                stale_no += not ok
        return {
            "acquisitions": len(self.acquired),
            "max_holders": _max_overlap(self.intervals),
            "writes_accepted": sum(1 for *_, ok in self.storage.log if ok),
            "stale_writes_accepted": stale_ok,
            "stale_writes_rejected": stale_no,
            "foreign_releases_blocked": self.foreign_blocked,
            "timeline": self.timeline,
        }


def _max_overlap(intervals) -> int:
    edges = sorted([(a, 1) for a, _, _ in intervals] + [(b, -1) for _, b, _ in intervals],
                   key=lambda e: (e[0], e[1]))
    cur = best = 0
    for _, d in edges:
        cur += d
        best = max(best, cur)
    return best


STRATEGIES = ("single", "single+fencing", "redlock", "redlock+fencing")


def run(p: dict, seed: int, strategy: str) -> dict:
    return LockWorld(seed, p, strategy).run()


def notes(results: dict, p: dict) -> list[str]:
    out = []
    for n, r in results.items():
        verdict = "two holders at once" if r["max_holders"] > 1 else "one holder at a time"
        out.append(f"{n}: {verdict}; stale writes accepted {r['stale_writes_accepted']}, "
                   f"rejected by fencing {r['stale_writes_rejected']}")
    return out


SCENARIO = Scenario(
    name="lock",
    summary="SET NX PX vs Redlock under a GC pause or a clock jump, with and without fencing tokens",
    strategies=STRATEGIES,
    params=(
        Param("fault", "pause", "what goes wrong: pause, clock-jump, none", ("pause", "clock-jump", "none")),
        Param("ttl_ms", 10000, "lock TTL (PX)", minimum=1),
        Param("pause", 15.0, "fault=pause: seconds client A is paused while holding the lock"),
        Param("jump", 15.0, "fault=clock-jump: seconds instance 2's clock jumps ahead"),
        Param("hold", 8.0, "seconds a holder works in its critical section"),
        Param("retry", 1.0, "seconds client B waits between attempts"),
        Param("instances", 5, "Redlock: number of independent Redis instances"),
        Param("duration", 40.0, "seconds of virtual time"),
        Param("rtt_ms", 1.0, "network round trip to each instance"),
    ),
    run=run,
    notes=notes,
    columns=("acquisitions", "max_holders", "writes_accepted", "stale_writes_accepted",
             "stale_writes_rejected", "foreign_releases_blocked"),
    doc=__doc__,
)
