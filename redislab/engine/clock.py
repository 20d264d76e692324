"""Injectable time and randomness (house rule 5).

The engine never calls time.time() or random directly: a lesson can fast-forward a
VirtualClock, a simulation replays from a seed, and tests never sleep for a TTL.
"""
from __future__ import annotations

import random
import threading
import time


class Clock:
    """Wall-clock time in milliseconds plus a seeded RNG."""

    virtual = False

    def __init__(self, seed: int | None = None):
        self.rng = random.Random(seed)

    def time_ms(self) -> int:
        return int(time.time() * 1000)

    def time_us(self) -> int:
        return int(time.time() * 1_000_000)

    def monotonic(self) -> float:
        """Seconds on a monotonic scale, for durations (SLOWLOG, busy scripts)."""
        return time.perf_counter()

    def wait(self, cond: threading.Condition, timeout: float | None) -> None:
        """Park a blocked caller; a virtual clock wakes it when advanced."""
        cond.wait(timeout)


class VirtualClock(Clock):
    """Time that only moves when told to. ``advance`` also runs the engine's timers
    (active expiry, blocked-client timeouts) for every tick that passes, so
    fast-forwarding a lesson behaves like waiting for real."""

    virtual = True

    def __init__(self, start_ms: int = 1_700_000_000_000, seed: int | None = 0):
        super().__init__(seed)
        self._now_us = start_ms * 1000
        self._listeners = []

    def time_ms(self) -> int:
        return self._now_us // 1000

    def time_us(self) -> int:
        return self._now_us

    def monotonic(self) -> float:
        return self._now_us / 1_000_000

    def on_advance(self, fn) -> None:
        """Register ``fn(now_ms)`` to be called at each 100 ms step of an advance."""
        self._listeners.append(fn)

    def advance(self, seconds: float = 0.0, ms: int = 0) -> None:
        total_us = int(seconds * 1_000_000) + ms * 1000
        step = 100_000  # 100 ms, Redis's default hz=10
        while total_us > 0:
            d = min(step, total_us)
            self._now_us += d
            total_us -= d
            for fn in list(self._listeners):
                fn(self._now_us // 1000)

    def set_ms(self, now_ms: int) -> None:
        """Jump to an absolute time (a clock jump, as in the Redlock critique)."""
        self._now_us = now_ms * 1000
        for fn in list(self._listeners):
            fn(self._now_us // 1000)
