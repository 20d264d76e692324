"""Access clocks for big databases: one 32-bit slot per hash bucket, not per key.

Every key has an LRU clock (OBJECT IDLETIME, the LRU eviction policies). A small
database keeps it exactly, in a dict beside ``data``. That dict costs about 42 bytes
a key, a quarter of a small string key's footprint, so a database that grows past
``BIG`` keys swaps it for an ``LruTable``: an ``array`` indexed by the key's hash,
with at least two slots per key (about 8 bytes a key).

Keys that share a slot share a clock, so a key can look *more recently used* than it
is, never less: OBJECT IDLETIME may under-report and LRU eviction may pass over a
key whose neighbour was read. Redis's own LRU is approximate too (it samples
``maxmemory-samples`` keys); lessons and tests use small databases, where clocks
stay exact. docs/COMPATIBILITY.md states the difference.

Growing is cheap because the slot of a key under mask ``2m-1`` has the same low bits
as its slot under ``m-1``: doubling the array is ``arr.extend(arr)``, a memcpy, and
every key keeps the clock it had.
"""
from __future__ import annotations

from array import array

BIG = 65536             # keys in one database before its clocks go into a table
SMALL = BIG // 4        # ... and back into an exact dict (hysteresis)
_MIN_SLOTS = 2 * BIG
UNSET = -2 ** 31         # a slot no key has written


class LruTable:
    """The slice of dict behaviour the keyspace uses on ``db.atime``."""

    __slots__ = ("arr", "mask", "base")

    def __init__(self, clocks: dict, nkeys: int, now: int):
        # Slots hold clock - base, so 32 signed bits cover ±68 years of seconds.
        self.base = now
        slots = _MIN_SLOTS
        while slots < 2 * nkeys:
            slots *= 2
        self.arr = array("i", [UNSET]) * slots
        self.mask = slots - 1
        arr, mask = self.arr, self.mask
        for key, at in clocks.items():
            # The newest clock wins a shared slot, so no key looks idler than it is.
            i = hash(key) & mask
            if arr[i] == UNSET or at - now > arr[i]:
                self[key] = at

    def __setitem__(self, key, clock: int) -> None:
        # Clocks only move forward, so the last write to a shared slot is the newest.
        try:
            self.arr[hash(key) & self.mask] = clock - self.base
        except OverflowError:            # a virtual clock jumped decades: start again
            self.arr = array("i", [UNSET]) * len(self.arr)
            self.base = clock
            self.arr[hash(key) & self.mask] = 0

    def get(self, key, default=None):
        rel = self.arr[hash(key) & self.mask]
        return default if rel == UNSET else rel + self.base

    def pop(self, key, default=None):
        # The slot stays: other keys may share it.
        return default

    def __contains__(self, key) -> bool:
        return self.arr[hash(key) & self.mask] != UNSET

    def fit(self, nkeys: int) -> None:
        """Keep at least two slots per key; each doubling keeps every key's clock."""
        while self.mask + 1 < 2 * nkeys:
            self.arr.extend(self.arr)
            self.mask = 2 * self.mask + 1

    def memory(self) -> int:
        return self.arr.buffer_info()[1] * self.arr.itemsize


def resize(db) -> None:
    """Cron's check: swap a database's clocks between dict and table by its size.
    An LFU policy keeps its own exact dict (engine/lfu.py) and is left alone."""
    at = db.atime
    n = len(db.data)
    if type(at) is dict:
        if n > BIG:
            db.atime = LruTable(at, n, db.ks.lru_clock)
    elif type(at) is LruTable:
        if n < SMALL:
            now = db.ks.lru_clock
            db.atime = {k: at.get(k, now) for k in db.data}
        else:
            at.fit(n)


def exact(db) -> dict:
    """The clocks as a dict of every key (what an LFU switch starts from)."""
    at = db.atime
    if type(at) is LruTable:
        now = db.ks.lru_clock
        return {k: at.get(k, now) for k in db.data}
    return at
