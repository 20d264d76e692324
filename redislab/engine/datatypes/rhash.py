"""The hash type: field -> value, with Redis 7.4 per-field expiry.

Fields live in one insertion-ordered dict. That *is* a listpack's order (new fields
go to the tail, updates stay in place, deletes close the gap), so HGETALL on a small
hash answers in the same order as Redis. Once a field gets a TTL a small hash is a
``listpackex``, whose entries Redis keeps sorted by expiry time (fields without a
TTL at the tail); we reorder the dict the same way while the hash is small. Big
hashes (``hashtable``) have no order Redis promises, so they are never reordered.

Expiry times sit in ``ttl`` (field -> unix ms) with a min-heap beside it so finding
the fields that are due costs O(1) when none are and O(k log n) for k due fields.
Heap entries go stale when a TTL changes; they are checked against ``ttl`` on pop.

HRANDFIELD picks from ``rnd``, a ``Sampler`` of the field names built on the first
pick and kept current by ``set``/``delete``/``pop_expired`` only while it exists.
Every change to the set of fields goes through those methods: nothing else may add
or remove keys of ``d`` (reordering it, as ``_place`` and ``persist`` do, is fine).
"""
from __future__ import annotations

import heapq

from .sampler import note_added, pick_from


class RHash:
    TYPE = "hash"
    __slots__ = ("d", "ttl", "heap", "ht", "ex", "rnd")

    def __init__(self):
        self.d: dict = {}
        self.ttl: dict = {}      # field -> absolute expiry in ms (only fields that have one)
        self.heap: list = []     # (when, field), possibly stale
        self.ht = False          # converted to hashtable (one way, as in Redis)
        self.ex = False          # listpack became listpackex (an HFE command touched it)
        self.rnd = None          # Sampler of the fields, from the first random pick on

    # ------------------------------------------------------------ basics
    def __len__(self) -> int:
        return len(self.d)

    def __bool__(self) -> bool:
        return bool(self.d)

    def __contains__(self, field) -> bool:
        return field in self.d

    def get(self, field):
        return self.d.get(field)

    def set(self, field, value) -> bool:
        """Store a value; True when the field is new. A plain write drops the field's TTL."""
        d = self.d
        if field in d:
            if self.ttl and self.ttl.pop(field, None) is not None and not self.ht:
                # listpackex keeps TTL-less fields at the tail: the field moves there.
                del d[field]
            d[field] = value
            return False
        if self.rnd is not None:
            note_added(self, field, len(d))
        d[field] = value
        return True

    def delete(self, field) -> bool:
        if field in self.d:
            del self.d[field]
            if self.ttl:
                self.ttl.pop(field, None)
            if self.rnd is not None:
                self.rnd.removed(field)
            return True
        return False

    def random_field(self, rng):
        """A uniformly random field in O(1) on average; None when empty."""
        return pick_from(self, self.d, rng)

    def fit(self, config, longest: int = 0, hint: int = 0) -> None:
        """Convert to hashtable when the listpack limits are crossed (checked at write
        time, as Redis does; ``hint`` is how many pairs the command brought)."""
        if self.ht:
            return
        entries = config["hash-max-listpack-entries"]
        if longest > config["hash-max-listpack-value"] or len(self.d) > entries or hint > entries:
            self.ht = True

    def encoding(self, config) -> str:
        if self.ht:
            return "hashtable"
        return "listpackex" if self.ex else "listpack"

    def copy(self) -> "RHash":
        c = RHash()
        c.d = dict(self.d)
        c.ttl = dict(self.ttl)
        c.heap = list(self.heap)
        c.ht, c.ex = self.ht, self.ex
        return c

    def items(self):
        return self.d.items()

    def keys(self):
        return self.d.keys()

    def values(self):
        return self.d.values()

    # ------------------------------------------------------------ field TTLs
    def mark_ex(self) -> None:
        """An expiry command ran on this hash: a listpack becomes listpackex for good."""
        if not self.ht:
            self.ex = True

    def get_ttl(self, field):
        return self.ttl.get(field)

    def set_ttl(self, field, when: int) -> None:
        self.ttl[field] = when
        heap = self.heap
        heapq.heappush(heap, (when, field))
        if len(heap) > 2 * len(self.ttl) + 32:
            self._rebuild_heap()
        if not self.ht:
            self._place(field, when)

    def persist(self, field) -> bool:
        if self.ttl.pop(field, None) is None:
            return False
        if not self.ht:
            v = self.d.pop(field)
            self.d[field] = v
        return True

    def next_expiry(self):
        """The earliest field expiry time, or None."""
        heap, ttl = self.heap, self.ttl
        while heap:
            when, f = heap[0]
            if ttl.get(f) == when:
                return when
            heapq.heappop(heap)
        return None

    def pop_expired(self, now_ms: int, limit: int = 0) -> list:
        """Delete the fields whose time has come (at most ``limit`` when given)."""
        heap, ttl, d = self.heap, self.ttl, self.d
        out = []
        while heap and heap[0][0] <= now_ms:
            when, f = heapq.heappop(heap)
            if ttl.get(f) != when:
                continue
            del ttl[f]
            d.pop(f, None)
            if self.rnd is not None:
                self.rnd.removed(f)
            out.append(f)
            if limit and len(out) >= limit:
                break
        if not ttl:
            heap.clear()
        return out

    def _rebuild_heap(self) -> None:
        self.heap = [(w, f) for f, w in self.ttl.items()]
        heapq.heapify(self.heap)

    def _place(self, field, when: int) -> None:
        # listpackex order: ascending expiry, a new/updated entry goes before the first
        # entry expiring at the same time or later, TTL-less fields last. Small by
        # definition (<= hash-max-listpack-entries), so rebuilding the dict is cheap.
        d, ttl = self.d, self.ttl
        value = d.pop(field)
        items = list(d.items())
        pos = len(items)
        for i, (f, _) in enumerate(items):
            w = ttl.get(f)
            if w is None or w >= when:
                pos = i
                break
        items.insert(pos, (field, value))
        self.d = dict(items)
