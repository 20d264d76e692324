"""A scalable Bloom filter and a cuckoo filter, as real bit/fingerprint structures.

Nothing here stores the items themselves: membership answers come from bits and
8-bit fingerprints only, so false positives happen at the rate the parameters give
(the point of the lesson), and a cuckoo filter can be asked to delete an item it
never saw (removing someone else's fingerprint), just like the real one.
"""
from __future__ import annotations

import math
from hashlib import blake2b

from ...errors import RedisError

_MASK64 = (1 << 64) - 1
_LN2 = math.log(2)
# A lab guard: one structure may take at most this much memory, so a typo such as
# CAPACITY 9223372036854775807 answers with an error instead of exhausting the machine.
MAX_BYTES = 64 * 1024 * 1024
TOO_LARGE = "ERR the structure would need more than 64 MB (a redislab limit)"


class TooLarge(RedisError):
    """Raised from inside a structure, it reaches the client as an ordinary error reply."""

    def __init__(self):
        super().__init__(TOO_LARGE)


def check_size(nbytes: int) -> None:
    if nbytes > MAX_BYTES:
        raise TooLarge()


def hash2(item: bytes) -> tuple[int, int]:
    """Two independent 64-bit hashes of an item (stable across runs and processes,
    unlike Python's salted ``hash``)."""
    d = blake2b(item, digest_size=16).digest()
    return int.from_bytes(d[:8], "little"), int.from_bytes(d[8:], "little") | 1


# ------------------------------------------------------------------- Bloom

class BloomLayer:
    """One fixed-size Bloom filter: ``bits`` bits, ``k`` hash functions (double hashing)."""

    __slots__ = ("capacity", "error", "bits", "k", "array", "count")

    def __init__(self, capacity: int, error: float):
        self.capacity, self.error = capacity, error
        bpe = -math.log(error) / (_LN2 * _LN2)        # bits per entry for this error rate
        self.bits = max(8, math.ceil(capacity * bpe))
        self.k = max(1, math.ceil(_LN2 * bpe))
        check_size(self.bits // 8)
        self.array = bytearray((self.bits + 7) // 8)
        self.count = 0

    def _positions(self, h):
        h1, h2 = h
        n = self.bits
        return [((h1 + i * h2) & _MASK64) % n for i in range(self.k)]

    def has(self, h) -> bool:
        a = self.array
        return all(a[p >> 3] & (1 << (p & 7)) for p in self._positions(h))

    def add(self, h) -> bool:
        """Set the item's bits; True when at least one bit was new."""
        a = self.array
        new = False
        for p in self._positions(h):
            byte, bit = p >> 3, 1 << (p & 7)
            if not a[byte] & bit:
                a[byte] |= bit
                new = True
        if new:
            self.count += 1
        return new

    def copy(self) -> "BloomLayer":
        c = BloomLayer.__new__(BloomLayer)
        c.capacity, c.error, c.bits, c.k = self.capacity, self.error, self.bits, self.k
        c.array, c.count = bytearray(self.array), self.count
        return c


class FilterFull(Exception):
    pass


class ScalableBloom:
    """A chain of Bloom layers. When the newest layer holds ``capacity`` items a new one
    ``expansion`` times larger is added with half the error rate, so the chain's overall
    false-positive rate stays near the requested one however far it grows."""

    TYPE = "MBbloom--"
    __slots__ = ("layers", "expansion", "nonscaling")

    def __init__(self, capacity: int, error: float, expansion: int = 2, nonscaling: bool = False):
        self.layers = [BloomLayer(capacity, error)]
        self.expansion = expansion
        self.nonscaling = nonscaling

    def __bool__(self) -> bool:
        return True

    def encoding(self, config) -> str:
        return "raw"

    def copy(self) -> "ScalableBloom":
        c = ScalableBloom.__new__(ScalableBloom)
        c.layers = [x.copy() for x in self.layers]
        c.expansion, c.nonscaling = self.expansion, self.nonscaling
        return c

    @property
    def capacity(self) -> int:
        return sum(x.capacity for x in self.layers)

    @property
    def items(self) -> int:
        return sum(x.count for x in self.layers)

    def size(self) -> int:
        """Bytes the filter takes: the bit arrays plus a small fixed header per layer."""
        return 40 + sum(80 + len(x.array) for x in self.layers)

    memory_usage = size

    def exists(self, item: bytes) -> bool:
        h = hash2(item)
        return any(x.has(h) for x in self.layers)

    def add(self, item: bytes) -> bool:
        """True if the item is new (as far as the filter can tell); FilterFull when a
        non-scaling filter has no room."""
        h = hash2(item)
        if any(x.has(h) for x in self.layers):
            return False
        last = self.layers[-1]
        if last.count >= last.capacity:
            if self.nonscaling:
                raise FilterFull()
            last = BloomLayer(last.capacity * self.expansion, last.error * 0.5)
            self.layers.append(last)
        return last.add(h)


# ------------------------------------------------------------------ cuckoo

def _next_pow2(n: int) -> int:
    return 1 << max(0, math.ceil(math.log2(max(1, n))))


class CuckooLayer:
    __slots__ = ("nbuckets", "bsize", "slots")

    def __init__(self, nbuckets: int, bsize: int):
        check_size(nbuckets * bsize)
        self.nbuckets, self.bsize = nbuckets, bsize
        self.slots = bytearray(nbuckets * bsize)   # 0 = empty, else an 8-bit fingerprint

    def indexes(self, h1: int, fp: int) -> tuple[int, int]:
        m = self.nbuckets - 1                      # a power of two: XOR stays an involution
        i1 = h1 & m
        return i1, self.alt(i1, fp)

    def alt(self, i: int, fp: int) -> int:
        return (i ^ ((fp * 0x5BD1E995) & _MASK64)) & (self.nbuckets - 1)

    def bucket(self, i: int) -> range:
        return range(i * self.bsize, (i + 1) * self.bsize)

    def place(self, i: int, fp: int) -> bool:
        s = self.slots
        for j in self.bucket(i):
            if s[j] == 0:
                s[j] = fp
                return True
        return False

    def count(self, i1: int, i2: int, fp: int) -> int:
        s = self.slots
        n = sum(1 for j in self.bucket(i1) if s[j] == fp)
        if i2 != i1:
            n += sum(1 for j in self.bucket(i2) if s[j] == fp)
        return n

    def remove(self, i1: int, i2: int, fp: int) -> bool:
        s = self.slots
        for i in (i1, i2):
            for j in self.bucket(i):
                if s[j] == fp:
                    s[j] = 0
                    return True
        return False

    def copy(self) -> "CuckooLayer":
        c = CuckooLayer.__new__(CuckooLayer)
        c.nbuckets, c.bsize, c.slots = self.nbuckets, self.bsize, bytearray(self.slots)
        return c


class Cuckoo:
    """A cuckoo filter: each item is an 8-bit fingerprint in one of two buckets. When
    both are full, resident fingerprints are kicked to their other bucket (at most
    ``max_iter`` times); if that fails a new, ``expansion`` times larger layer is added."""

    TYPE = "MBbloomCF"
    __slots__ = ("layers", "bsize", "max_iter", "expansion", "inserted", "deleted")

    def __init__(self, capacity: int, bsize: int = 2, max_iter: int = 20, expansion: int = 1):
        self.bsize, self.max_iter, self.expansion = bsize, max_iter, expansion
        self.layers = [CuckooLayer(_next_pow2(capacity // bsize or 1), bsize)]
        self.inserted = self.deleted = 0

    def __bool__(self) -> bool:
        return True

    def encoding(self, config) -> str:
        return "raw"

    def copy(self) -> "Cuckoo":
        c = Cuckoo.__new__(Cuckoo)
        c.bsize, c.max_iter, c.expansion = self.bsize, self.max_iter, self.expansion
        c.layers = [x.copy() for x in self.layers]
        c.inserted, c.deleted = self.inserted, self.deleted
        return c

    @property
    def nbuckets(self) -> int:
        return self.layers[0].nbuckets

    def size(self) -> int:
        return 56 + sum(len(x.slots) for x in self.layers)

    memory_usage = size

    @staticmethod
    def _fp(item: bytes):
        h1, h2 = hash2(item)
        return h1, (h2 % 255) + 1

    def count(self, item: bytes) -> int:
        h1, fp = self._fp(item)
        return sum(x.count(*x.indexes(h1, fp), fp) for x in self.layers)

    def exists(self, item: bytes) -> bool:
        return self.count(item) > 0

    def _insert(self, layer: CuckooLayer, h1: int, fp: int, rng) -> bool:
        i1, i2 = layer.indexes(h1, fp)
        if layer.place(i1, fp) or layer.place(i2, fp):
            return True
        # Kick residents around; remember every swap so a failed attempt leaves the
        # layer exactly as it was (the new item then goes to a fresh layer).
        undo = []
        i = rng.choice((i1, i2))
        for _ in range(self.max_iter):
            j = rng.choice(layer.bucket(i))
            undo.append((j, layer.slots[j]))
            fp, layer.slots[j] = layer.slots[j], fp
            i = layer.alt(i, fp)
            if layer.place(i, fp):
                return True
        for j, old in reversed(undo):
            layer.slots[j] = old
        return False

    def add(self, item: bytes, rng) -> bool:
        """Insert; False when the filter is full and may not grow (EXPANSION 0)."""
        h1, fp = self._fp(item)
        for layer in reversed(self.layers):
            if self._insert(layer, h1, fp, rng):
                self.inserted += 1
                return True
        if self.expansion == 0:
            return False
        last = self.layers[-1]
        layer = CuckooLayer(_next_pow2(last.nbuckets * self.expansion), self.bsize)
        self.layers.append(layer)
        if not self._insert(layer, h1, fp, rng):
            return False
        self.inserted += 1
        return True

    def delete(self, item: bytes) -> bool:
        h1, fp = self._fp(item)
        for layer in reversed(self.layers):
            if layer.remove(*layer.indexes(h1, fp), fp):
                self.inserted -= 1
                self.deleted += 1
                return True
        return False
