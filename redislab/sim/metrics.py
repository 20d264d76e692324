"""What each strategy is judged by, collected during one run.

Everything is rounded when summarised so the JSON of a run is byte-for-byte the same
for the same seed, and stays readable.
"""
from __future__ import annotations

import math


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (what a latency histogram reports), 0 when empty."""
    if not values:
        return 0.0
    s = sorted(values)
    return s[max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))]


def per_second(times: list[float], duration: float) -> list[int]:
    """Counts per 1-second bucket from 0 to ``duration``."""
    out = [0] * max(1, math.ceil(duration))
    for t in times:
        i = int(t)
        if 0 <= i < len(out):
            out[i] += 1
    return out


def max_in_span(times: list[float], span: float) -> int:
    """The most events inside any half-open window of ``span`` seconds."""
    s = sorted(times)
    best, j = 0, 0
    for i, t in enumerate(s):
        while s[j] <= t - span:
            j += 1
        best = max(best, i - j + 1)
    return best


class Metrics:
    def __init__(self, duration: float):
        self.duration = duration
        self.read_lat: list[float] = []     # seconds
        self.write_lat: list[float] = []
        self.hits = 0
        self.misses = 0
        self.stale_reads = 0
        self.stale_ages: list[float] = []
        self.lost_writes = 0
        self.db_times: list[float] = []
        self.extra: dict = {}

    def read(self, latency: float, hit: bool | None, staleness: float | None) -> None:
        self.read_lat.append(latency)
        if hit is True:
            self.hits += 1
        elif hit is False:
            self.misses += 1
        if staleness is not None:
            self.stale_reads += 1
            self.stale_ages.append(staleness)

    def write(self, latency: float) -> None:
        self.write_lat.append(latency)

    def summary(self, window: tuple[float, float] | None = None) -> dict:
        """The numbers shown per strategy. ``window`` adds DB queries inside it (the
        spike window of the herd scenario)."""
        lat = self.read_lat + self.write_lat
        looked = self.hits + self.misses
        qps = per_second(self.db_times, self.duration)
        out = {
            "requests": len(lat),
            "hit_ratio": round(self.hits / looked, 4) if looked else 0.0,
            "db_queries": len(self.db_times),
            "db_qps_peak": max(qps),
            "db_qps": qps,
            "p50_ms": _ms(percentile(lat, 50)),
            "p99_ms": _ms(percentile(lat, 99)),
            "stale_reads": self.stale_reads,
            "max_stale_s": round(max(self.stale_ages), 3) if self.stale_ages else 0.0,
            "lost_writes": self.lost_writes,
        }
        if self.write_lat:
            out["write_p50_ms"] = _ms(percentile(self.write_lat, 50))
            out["write_p99_ms"] = _ms(percentile(self.write_lat, 99))
        if window is not None:
            a, b = window
            out["db_queries_in_window"] = sum(1 for t in self.db_times if a <= t < b)
        out.update(self.extra)
        return out


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


# Keys hidden from the readable table (too long for a column); they stay in --json.
TABLE_SKIP = {"db_qps", "timeline"}
