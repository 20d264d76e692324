"""The list value: a deque (O(1) at both ends) that also tracks Redis's encoding.

Redis 7.2+ stores a small list as one listpack and a larger one as a quicklist (a
linked list of listpacks). Learners look at OBJECT ENCODING, so we keep the same
decision Redis makes, with the same hysteresis:

* listpack -> quicklist *before* a write that would make the listpack exceed
  ``list-max-listpack-size`` (a count when positive, a byte budget of
  4/8/16/32/64 KB for -1..-5). Like Redis, the check adds the raw lengths of the
  new elements to the current listpack size;
* quicklist -> listpack only when a removal leaves the list under *half* the limit
  (both the byte size and the count), so a list hovering at the limit does not
  flip-flop on every push and pop.

The byte size is the exact listpack size (6-byte header, 1-byte terminator, and
each entry's encoding + data + back-length), kept up to date per element in O(1).
Redis only converts back when the quicklist has a single node; we do not model
nodes, so we treat "fits in half a node" as single-node (see COMPATIBILITY.md).
"""
from __future__ import annotations

from collections import deque
from itertools import islice

from .ranges import clamp_range

_SIZE_LEVELS = (4096, 8192, 16384, 32768, 65536)
_SAFETY_LIMIT = 8192           # a count-limited listpack still may not pass 8 KB
_HUGE = 1 << 64
_LP_OVERHEAD = 7               # listpack header (6) + end byte (1)
_INT_START = frozenset(b"-0123456789")


def entry_size(e: bytes) -> int:
    """Bytes one element takes inside a listpack."""
    n = len(e)
    if n and n <= 20 and e[0] in _INT_START:
        try:
            v = int(e)
        except ValueError:
            v = None
        # Only canonical 64-bit integers are stored as integers ("007", "+1" stay strings).
        if v is not None and -(1 << 63) <= v < (1 << 63) and b"%d" % v == e:
            if 0 <= v <= 127:
                return 2
            if -4096 <= v <= 4095:
                return 3
            if -32768 <= v <= 32767:
                return 4
            if -8388608 <= v <= 8388607:
                return 5
            if -2147483648 <= v <= 2147483647:
                return 6
            return 10
    body = n + (1 if n < 64 else 2 if n < 4096 else 5)
    if body <= 127:
        return body + 1
    if body < 16383:
        return body + 2
    if body < 2097151:
        return body + 3
    if body < 268435455:
        return body + 4
    return body + 5


def node_limits(fill: int) -> tuple[int, int]:
    """(byte limit, count limit) of one listpack for a ``list-max-listpack-size`` value."""
    if fill >= 0:
        return _HUGE, (fill or 1)
    level = min(-fill - 1, len(_SIZE_LEVELS) - 1)
    return _SIZE_LEVELS[level], _HUGE


def exceeds(fill: int, size: int, count: int) -> bool:
    size_limit, count_limit = node_limits(fill)
    if size_limit != _HUGE:
        return size > size_limit
    return size > _SAFETY_LIMIT or count > count_limit


def from_items(items, config=None) -> "RList":
    """A new list built in one go (SORT STORE, RESTORE...), encoded as Redis would
    encode it under ``config``'s list-max-listpack-size."""
    fill = config.get("list-max-listpack-size", -2) if config is not None else -2
    return RList(items, fill)


class RList(deque):
    """A Redis list. Mutate through the methods below so the size stays exact."""

    TYPE = "list"

    def __init__(self, items=(), fill: int = -2):
        super().__init__(items)
        self.nbytes = _LP_OVERHEAD + sum(map(entry_size, self))
        self.quick = False
        if self:
            # Built in one go (SORT STORE, RESTORE, COPY...): Redis picks the encoding
            # that fits, with the full (not the halved) limit.
            self.quick = exceeds(fill, self.nbytes, len(self))

    # ------------------------------------------------------------ encoding
    def encoding(self, config=None) -> str:
        return "quicklist" if self.quick else "listpack"

    def grow(self, add_bytes: int, add_count: int, fill: int) -> None:
        """Called before adding elements: convert to quicklist if they would not fit."""
        if not self.quick and exceeds(fill, self.nbytes + add_bytes, len(self) + add_count):
            self.quick = True

    def shrink(self, fill: int) -> None:
        """Called after removing elements: back to listpack below half the limit."""
        if self.quick:
            size_limit, count_limit = node_limits(fill)
            if self.nbytes <= size_limit // 2 and len(self) <= count_limit // 2:
                self.quick = False

    def copy(self) -> "RList":
        c = RList()
        c.extend(self)
        c.nbytes = self.nbytes
        c.quick = self.quick
        return c

    __copy__ = copy

    # --------------------------------------------------------------- writes
    def push(self, items, left: bool, fill: int) -> int:
        """LPUSH/RPUSH the elements in order; returns the new length."""
        if len(items) == 1:
            e = items[0]
            self.grow(len(e), 1, fill)
            self.nbytes += entry_size(e)
            if left:
                self.appendleft(e)
            else:
                self.append(e)
        else:
            self.grow(sum(map(len, items)), len(items), fill)
            self.nbytes += sum(map(entry_size, items))
            if left:
                self.extendleft(items)
            else:
                self.extend(items)
        return len(self)

    def pop_end(self, left: bool) -> bytes:
        e = self.popleft() if left else self.pop()
        self.nbytes -= entry_size(e)
        return e

    def pop_many(self, n: int, left: bool) -> list:
        """Up to ``n`` elements from one end, in the order they are popped."""
        n = min(n, len(self))
        take = self.popleft if left else self.pop
        out = [take() for _ in range(n)]
        self.nbytes -= sum(map(entry_size, out))
        return out

    def set_at(self, index: int, value: bytes) -> bool:
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            return False
        self.nbytes += entry_size(value) - entry_size(self[index])
        self[index] = value
        return True

    def insert_at_pivot(self, pivot: bytes, value: bytes, after: bool) -> bool:
        try:
            i = self.index(pivot)
        except ValueError:
            return False
        self.insert(i + 1 if after else i, value)
        self.nbytes += entry_size(value)
        return True

    def remove_value(self, value: bytes, count: int) -> int:
        """LREM: drop up to |count| matches from the head (count > 0), the tail
        (count < 0), or all of them (0). Returns how many went."""
        limit = abs(count) or len(self)
        src = self if count >= 0 else reversed(self)
        keep = []
        removed = 0
        for e in src:
            if removed < limit and e == value:
                removed += 1
            else:
                keep.append(e)
        if removed:
            if count < 0:
                keep.reverse()
            self.clear()
            self.extend(keep)
            self.nbytes -= removed * entry_size(value)
        return removed

    def trim(self, start: int, end: int) -> int:
        """LTRIM with Redis's index rules; returns the number of elements removed."""
        n = len(self)
        span = clamp_range(start, end, n)
        if span is None:
            ltrim, rtrim = n, 0
        else:
            ltrim, rtrim = span[0], n - span[1] - 1
        removed = ltrim + rtrim
        if removed * 2 > n:
            keep = list(islice(self, ltrim, n - rtrim))
            self.clear()
            self.extend(keep)
            self.nbytes = _LP_OVERHEAD + sum(map(entry_size, keep))
        elif removed:
            self.pop_many(ltrim, True)
            self.pop_many(rtrim, False)
        return removed

    # ---------------------------------------------------------------- reads
    def get(self, index: int):
        n = len(self)
        if index < 0:
            index += n
        if 0 <= index < n:
            return self[index]
        return None

    def range(self, start: int, end: int, reverse: bool = False) -> list:
        """Elements start..end inclusive with Redis's clamping of negative and
        out-of-range indexes; walks from the nearer end so tail ranges stay cheap."""
        n = len(self)
        span = clamp_range(start, end, n)
        if span is None:
            return []
        start, end = span
        if start > n - 1 - end:
            out = list(islice(reversed(self), n - 1 - end, n - start))
            if not reverse:
                out.reverse()
        else:
            out = list(islice(self, start, end + 1))
            if reverse:
                out.reverse()
        return out

    def positions(self, value: bytes, rank: int, count: int, maxlen: int) -> list:
        """LPOS: indexes of matches, skipping the first |rank|-1, scanning from the tail
        when rank < 0, at most ``count`` of them (0 = all), within ``maxlen`` elements."""
        n = len(self)
        backward = rank < 0
        skip = abs(rank) - 1
        it = reversed(self) if backward else iter(self)
        if maxlen:
            it = islice(it, maxlen)
        out = []
        for i, e in enumerate(it):
            if e == value:
                if skip:
                    skip -= 1
                    continue
                out.append(n - 1 - i if backward else i)
                if count and len(out) >= count:
                    break
        return out
