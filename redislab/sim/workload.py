"""Request streams: Poisson arrivals over uniform, Zipf or scan-heavy key choices.

A workload is generated once from its own RNG and replayed unchanged against every
strategy, so the strategies differ only by what they do with the same requests.
"""
from __future__ import annotations

import bisect
import random
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True)
class Request:
    t: float          # arrival, seconds of virtual time
    client: int       # which app instance sends it
    op: str           # "read" or "write"
    key: str


class KeyChooser:
    """Picks key indexes 0..n-1. Zipf(s): rank r has weight 1/r**s, so a few keys take
    most traffic (real caches); uniform makes every key equally cold; scan mixes a Zipf
    hot set with a sequential sweep over all keys (a batch job polluting the cache)."""

    def __init__(self, n: int, dist: str = "zipf", s: float = 1.0, scan_ratio: float = 0.3):
        if dist not in ("zipf", "uniform", "scan"):
            raise ValueError(f"unknown distribution {dist!r} (zipf, uniform, scan)")
        self.n, self.dist, self.scan_ratio = n, dist, scan_ratio
        self._cum = list(accumulate(1 / (r ** s) for r in range(1, n + 1))) if dist != "uniform" else None
        self._scan_pos = 0

    def zipf(self, rng: random.Random) -> int:
        return min(bisect.bisect_left(self._cum, rng.random() * self._cum[-1]), self.n - 1)

    def __call__(self, rng: random.Random) -> int:
        if self.dist == "uniform":
            return rng.randrange(self.n)
        if self.dist == "scan" and rng.random() < self.scan_ratio:
            self._scan_pos = (self._scan_pos + 1) % self.n
            return self._scan_pos
        return self.zipf(rng)


@dataclass
class Workload:
    keys: int = 1000
    dist: str = "zipf"
    zipf_s: float = 1.0
    rate: float = 500.0          # requests per second, all clients together
    write_ratio: float = 0.05
    duration: float = 20.0
    clients: int = 8
    prefix: str = "item"

    def requests(self, seed: int) -> list[Request]:
        rng = random.Random(f"workload:{seed}")
        choose = KeyChooser(self.keys, self.dist, self.zipf_s)
        out, t = [], 0.0
        while True:
            t += rng.expovariate(self.rate)
            if t >= self.duration:
                return out
            op = "write" if rng.random() < self.write_ratio else "read"
            out.append(Request(t, rng.randrange(self.clients), op, f"{self.prefix}:{choose(rng)}"))
