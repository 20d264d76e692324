"""Count-min sketch and top-k (HeavyKeeper): frequency estimates in fixed memory."""
from __future__ import annotations

import math

from .filters import _MASK64, check_size, hash2


def _cols(item: bytes, depth: int, width: int) -> list[int]:
    h1, h2 = hash2(item)
    return [((h1 + i * h2) & _MASK64) % width for i in range(depth)]


class CountMin:
    """``depth`` rows of ``width`` counters; an item bumps one counter per row and its
    estimate is the smallest of them (never below the truth, above it by collisions)."""

    TYPE = "CMSk-TYPE"
    __slots__ = ("width", "depth", "rows", "count")

    def __init__(self, width: int, depth: int):
        check_size(8 * width * depth)        # a Python int slot per counter
        self.width, self.depth = width, depth
        self.rows = [[0] * width for _ in range(depth)]
        self.count = 0

    @classmethod
    def from_prob(cls, error: float, prob: float) -> "CountMin":
        # width bounds the over-count (error * total), depth the chance of exceeding it
        return cls(math.ceil(2 / error), math.ceil(math.log10(prob) / math.log10(0.5)))

    def __bool__(self) -> bool:
        return True

    def encoding(self, config) -> str:
        return "raw"

    def copy(self) -> "CountMin":
        c = CountMin(self.width, self.depth)
        c.rows = [list(r) for r in self.rows]
        c.count = self.count
        return c

    def memory_usage(self) -> int:
        return 48 + 4 * self.width * self.depth

    def incrby(self, item: bytes, n: int) -> int:
        cols = _cols(item, self.depth, self.width)
        for row, c in zip(self.rows, cols):
            row[c] += n
        self.count += n
        return min(row[c] for row, c in zip(self.rows, cols))

    def query(self, item: bytes) -> int:
        return min(row[c] for row, c in zip(self.rows, _cols(item, self.depth, self.width)))

    def merge(self, sources, weights) -> None:
        rows = [[0] * self.width for _ in range(self.depth)]
        total = 0
        for src, w in zip(sources, weights):
            for acc, row in zip(rows, src.rows):
                for i, v in enumerate(row):
                    acc[i] += v * w
            total += src.count * w
        self.rows, self.count = rows, total


class TopK:
    """HeavyKeeper: a depth x width table of (fingerprint, counter) buckets. A colliding
    item decays the resident's counter with probability decay**counter, so heavy
    hitters keep their buckets and light ones fade. A min-heap keeps the k leaders; a
    newcomer whose estimate reaches the smallest leader's count takes its place."""

    TYPE = "TopK-TYPE"
    __slots__ = ("k", "width", "depth", "decay", "fps", "counts", "heap")

    def __init__(self, k: int, width: int = 8, depth: int = 7, decay: float = 0.9):
        check_size(16 * width * depth + 64 * k)
        self.k, self.width, self.depth, self.decay = k, width, depth, decay
        self.fps = [[0] * width for _ in range(depth)]
        self.counts = [[0] * width for _ in range(depth)]
        # The k leaders as a min-heap of [count, item]; empty places hold [0, None].
        self.heap = [[0, None] for _ in range(k)]

    def __bool__(self) -> bool:
        return True

    def encoding(self, config) -> str:
        return "raw"

    def copy(self) -> "TopK":
        c = TopK(self.k, self.width, self.depth, self.decay)
        c.fps = [list(r) for r in self.fps]
        c.counts = [list(r) for r in self.counts]
        c.heap = [list(e) for e in self.heap]
        return c

    def memory_usage(self) -> int:
        return 64 + 8 * self.width * self.depth + 48 * self.k

    def _fp(self, item: bytes) -> int:
        return hash2(item)[1] & 0xFFFFFFFF or 1

    def estimate(self, item: bytes) -> int:
        fp = self._fp(item)
        best = 0
        for d, c in enumerate(_cols(item, self.depth, self.width)):
            if self.fps[d][c] == fp:
                best = max(best, self.counts[d][c])
        return best

    def incrby(self, item: bytes, n: int, rng):
        """Count ``n`` more of ``item``; returns the item pushed out of the top k, or None."""
        fp = self._fp(item)
        best = 0
        for d, c in enumerate(_cols(item, self.depth, self.width)):
            fps, counts = self.fps[d], self.counts[d]
            if counts[c] == 0:
                fps[c], counts[c] = fp, n
            elif fps[c] == fp:
                counts[c] += n
            else:
                left = n
                while left and counts[c]:
                    if rng.random() < self.decay ** counts[c]:
                        counts[c] -= 1
                    left -= 1
                if counts[c] == 0 and left:
                    fps[c], counts[c] = fp, left
            if fps[c] == fp:
                best = max(best, counts[c])
        return self._offer(item, best)

    def _offer(self, item: bytes, count: int):
        """Let ``item`` (estimated ``count``) into the top-k heap if it is at least the
        smallest count there; returns the item it displaced, if any."""
        heap = self.heap
        if count < heap[0][0]:
            return None
        for i, (_, name) in enumerate(heap):
            if name == item:
                heap[i] = [count, item]
                self._sift(i)
                return None
        expelled = heap[0][1]
        heap[0] = [count, item]
        self._sift(0)
        return expelled

    def _sift(self, i: int) -> None:
        """Move heap[i] down a min-heap on count. On a tie the entry still moves down
        (towards the later child): which equal-count leader sits at the root decides
        which one TOPK.ADD expels, and this order is the one the module reports."""
        heap, n = self.heap, len(self.heap)
        while True:
            low = i
            for c in (2 * i + 1, 2 * i + 2):
                if c < n and heap[c][0] <= heap[low][0]:
                    low = c
            if low == i:
                return
            heap[i], heap[low] = heap[low], heap[i]
            i = low

    @property
    def top(self) -> dict:
        return {name: n for n, name in self.heap if name is not None}

    def ranked(self) -> list:
        # most frequent first; equal counts in name order so the reply is stable
        return sorted(self.top.items(), key=lambda kv: (-kv[1], kv[0]))
