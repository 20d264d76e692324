"""Redis's LFU access counter: 8 bits, logarithmic growth, decay over minutes.

Redis squeezes LFU data into the 24-bit ``lru`` field of every object: the top 16
bits are a minutes clock (the last time the counter was decremented) and the low
8 bits a counter that is not a hit count but roughly its logarithm:

* a new key starts at ``LFU_INIT_VAL`` (5) so it is not evicted before it had a
  chance to be read;
* on each access the counter grows by one with probability
  ``1 / ((counter - LFU_INIT_VAL) * lfu-log-factor + 1)``, so with the default
  factor 10 it takes about a million hits to reach the ceiling of 255;
* before each access (and whenever it is read for eviction or OBJECT FREQ) the
  counter loses one point per ``lfu-decay-time`` minutes elapsed since it was
  last decremented; the decayed value is only stored on access.

Under an LFU ``maxmemory-policy`` every database's ``atime`` dict is swapped for an
``LfuAtime``: the keyspace already writes ``atime[key] = lru_clock`` on every read
and write, so that store is the access hook and the hot path pays nothing while
no LFU policy is selected.
"""
from __future__ import annotations

LFU_INIT_VAL = 5
COUNTER_MAX = 255
MINUTES_MASK = 0xFFFF          # the minutes clock is 16 bits and wraps (~45 days)


def minutes(now_ms: int) -> int:
    return (now_ms // 60000) & MINUTES_MASK


def elapsed_minutes(now_min: int, last_min: int) -> int:
    """Minutes since ``last_min`` on the wrapping 16-bit clock."""
    if now_min >= last_min:
        return now_min - last_min
    return MINUTES_MASK - last_min + now_min


def log_incr(counter: int, log_factor: int, rng) -> int:
    """One access: maybe add one, less and less likely as the counter grows."""
    if counter >= COUNTER_MAX:
        return COUNTER_MAX
    base = counter - LFU_INIT_VAL
    if base < 0:
        base = 0
    if rng.random() < 1.0 / (base * log_factor + 1):
        counter += 1
    return counter


def decayed(counter: int, last_min: int, now_min: int, decay_time: int) -> int:
    """The counter after the decay due since ``last_min`` (not stored)."""
    if not decay_time:
        return counter
    periods = elapsed_minutes(now_min, last_min) // decay_time
    return counter - periods if periods < counter else 0


def expected_hits(counter: int, log_factor: int) -> float:
    """How many accesses it takes on average to climb from a new key's value to
    ``counter`` (the sum of the inverse step probabilities): the table in redis.conf
    comes from this, and the tests compare measured growth against it."""
    total = 0.0
    for c in range(LFU_INIT_VAL, min(counter, COUNTER_MAX)):
        total += (c - LFU_INIT_VAL) * log_factor + 1
    return total


class LfuAtime(dict):
    """``db.atime`` under an LFU policy: still key -> LRU seconds, plus a counter
    per key packed as Redis packs it, ``(minutes << 8) | counter``, in ``freq``."""

    __slots__ = ("freq", "engine")

    def __init__(self, engine, items=()):
        super().__init__(items)
        self.engine = engine
        self.freq: dict = {}

    def __setitem__(self, key, lru) -> None:
        e = self.engine
        now_min = minutes(e.clock.time_ms())
        packed = self.freq.get(key)
        if packed is None:
            before = dict.get(self, key)
            if before is None:
                # A new key: Redis's initial value, so it is not evicted at once.
                dict.__setitem__(self, key, lru)
                self.freq[key] = (now_min << 8) | LFU_INIT_VAL
                return
            packed = self._untracked(before)
        dict.__setitem__(self, key, lru)
        cfg = e.config.values
        c = decayed(packed & 0xFF, packed >> 8, now_min, cfg["lfu-decay-time"])
        c = log_incr(c, cfg["lfu-log-factor"], e.clock.rng)
        self.freq[key] = (now_min << 8) | c

    def pop(self, key, *default):
        self.freq.pop(key, None)
        return dict.pop(self, key, *default)

    def __delitem__(self, key) -> None:
        self.freq.pop(key, None)
        dict.__delitem__(self, key)

    @staticmethod
    def _untracked(atime_s: int) -> int:
        # A key from before LFU was selected: the initial value, as of its last access.
        return (((atime_s // 60) & MINUTES_MASK) << 8) | LFU_INIT_VAL

    def counter(self, key) -> int:
        """The decayed counter (what OBJECT FREQ and the eviction pool see)."""
        packed = self.freq.get(key)
        if packed is None:
            at = dict.get(self, key)
            if at is None:
                return LFU_INIT_VAL
            packed = self._untracked(at)
        e = self.engine
        return decayed(packed & 0xFF, packed >> 8, minutes(e.clock.time_ms()),
                       e.config.values["lfu-decay-time"])


def is_lfu(policy: str) -> bool:
    return policy.endswith("-lfu")


def apply_policy(engine) -> None:
    """Wrap (or unwrap) every database's atime to match the policy in force."""
    from .lru_table import exact

    want = is_lfu(engine.config.values["maxmemory-policy"])
    for db in engine.keyspace.dbs:
        wrapped = type(db.atime) is LfuAtime
        if want and not wrapped:
            db.atime = LfuAtime(engine, exact(db))
        elif not want and wrapped:
            db.atime = dict(db.atime)


def freq_of(engine, db, key) -> int:
    """OBJECT FREQ's answer. A db flushed since LFU was selected has a plain dict
    again: wrap it now (its keys then start from the initial value)."""
    at = db.atime
    if type(at) is not LfuAtime:
        apply_policy(engine)
        at = db.atime
        if type(at) is not LfuAtime:
            return LFU_INIT_VAL
    return at.counter(key)


def install(engine) -> None:
    engine.config.on_change("maxmemory-policy", lambda value, old: apply_policy(engine))
    engine.extensions["lfu"] = lambda db, key: freq_of(engine, db, key)
    apply_policy(engine)
