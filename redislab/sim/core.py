"""A discrete-event scheduler that drives embedded engines on virtual time.

Every simulated actor (an app request, a write-behind flusher, a lock client) is a
Python generator. It yields a number to sleep that many *virtual* seconds, or a
``Future`` (a database query, another process) to wait for its result. Nothing
sleeps for real, so a 60 s scenario runs in a fraction of a second and replays
exactly from its seed.

Each strategy in a scenario gets its own ``Sim``: its own engine(s) on their own
``VirtualClock`` and its own RNG seeded identically, so strategies cannot disturb
one another and differ only by what the strategy does.
"""
from __future__ import annotations

import bisect
import heapq
import random
from types import GeneratorType

from ..engine import Engine, VirtualClock

START_MS = 1_700_000_000_000  # virtual epoch every engine starts at


class Future:
    """A value that arrives later; processes yield it to wait."""

    __slots__ = ("done", "value", "_callbacks")

    def __init__(self):
        self.done = False
        self.value = None
        self._callbacks = []

    def resolve(self, value=None) -> None:
        if self.done:
            return
        self.done, self.value = True, value
        for cb in self._callbacks:
            cb(value)
        self._callbacks = []

    def then(self, cb) -> None:
        if self.done:
            cb(self.value)
        else:
            self._callbacks.append(cb)


class Sim:
    """Event heap in integer microseconds plus the clocks it keeps in step."""

    def __init__(self, seed: int = 1):
        self.seed = seed
        self.rng = random.Random(seed)
        self.now_us = 0
        self._heap: list = []
        self._seq = 0
        self._clock_ms = 0          # sim time already pushed into the clocks
        self.clocks: list[VirtualClock] = []

    # ---------------------------------------------------------------- time
    @property
    def now(self) -> float:
        """Seconds since the start of the simulation."""
        return self.now_us / 1_000_000

    def epoch_ms(self) -> int:
        """What an app server's own wall clock would read (for keys like the guide's
        ``int(time.time()) // window``); independent of any engine's clock jump."""
        return START_MS + self.now_us // 1000

    def new_engine(self, **config) -> Engine:
        """A fresh engine whose clock follows this simulation's time."""
        clock = VirtualClock(start_ms=START_MS + self._clock_ms, seed=self.rng.randrange(1 << 30))
        self.clocks.append(clock)
        return Engine(clock=clock, config=config or None)

    def drop_clock(self, clock: VirtualClock) -> None:
        """Stop advancing a clock (its engine was 'restarted' and is gone)."""
        if clock in self.clocks:
            self.clocks.remove(clock)

    def _advance_clocks(self) -> None:
        # Clocks move by deltas, not to absolute times, so a clock jump on one
        # instance (Redlock critique) stays in effect afterwards.
        ms = self.now_us // 1000
        delta = ms - self._clock_ms
        if delta > 0:
            self._clock_ms = ms
            for c in self.clocks:
                c.advance(ms=delta)

    # ------------------------------------------------------------ scheduling
    def at(self, t: float, fn, *args) -> None:
        """Run ``fn(*args)`` at absolute virtual time ``t`` seconds."""
        self._seq += 1
        heapq.heappush(self._heap, (max(int(round(t * 1_000_000)), self.now_us), self._seq, fn, args))

    def after(self, delay: float, fn, *args) -> None:
        self.at(self.now + delay, fn, *args)

    def spawn(self, gen: GeneratorType, at: float | None = None) -> Future:
        """Start a process now (or at ``at``); the returned Future gets its return value."""
        done = Future()
        if at is None or at <= self.now:
            self._step(gen, done, None)
        else:
            self.at(at, self._step, gen, done, None)
        return done

    def _step(self, gen, done: Future, value) -> None:
        try:
            y = gen.send(value)
        except StopIteration as stop:
            done.resolve(stop.value)
            return
        if isinstance(y, Future):
            y.then(lambda v: self._step(gen, done, v))
        else:
            self.after(float(y or 0), self._step, gen, done, None)

    def run(self, until: float | None = None) -> None:
        """Process events in time order until the heap is empty or ``until`` is passed."""
        limit = None if until is None else int(round(until * 1_000_000))
        heap = self._heap
        while heap:
            if limit is not None and heap[0][0] > limit:
                break
            t, _, fn, args = heapq.heappop(heap)
            if t > self.now_us:
                self.now_us = t
                self._advance_clocks()
            fn(*args)
        if limit is not None and limit > self.now_us:
            self.now_us = limit
            self._advance_clocks()


class Truth:
    """What the application has been promised, to judge what readers got.

    Writes get a per-key version number when issued; a write is *acknowledged* when
    the app tells its caller "saved". A read is stale when it returns a version older
    than one already acknowledged; its age is how long ago that newer write was
    acknowledged (the stale-read window as the user experiences it).
    """

    def __init__(self):
        self.next_version: dict = {}
        self.acks: dict = {}        # key -> ([versions ascending], [ack times])
        self.acked: set = set()     # (key, version) promised to a caller

    def new_version(self, key) -> int:
        v = self.next_version.get(key, 1) + 1   # version 1 is the initial DB row
        self.next_version[key] = v
        return v

    def ack(self, key, version: int, now: float) -> None:
        vs, ts = self.acks.setdefault(key, ([], []))
        if not vs or version > vs[-1]:
            vs.append(version)
            ts.append(now)
        self.acked.add((key, version))

    def staleness(self, key, version: int, now: float) -> float | None:
        """None when fresh; else seconds since the first newer acknowledged write."""
        entry = self.acks.get(key)
        if not entry or version >= entry[0][-1]:
            return None
        vs, ts = entry
        i = bisect.bisect_right(vs, version)
        return now - ts[i]


def parse_versioned(raw) -> int | None:
    """Cached values look like ``v<version>|payload``; return the version."""
    if raw is None:
        return None
    if isinstance(raw, bytes):
        raw = raw.decode()
    return int(raw[1:raw.index("|")])


def encode_value(key, version: int) -> str:
    return f"v{version}|{key}"
