"""The set type, with Redis 7.4's three encodings.

Members are bytes kept in an array plus a member -> index dict: O(1) add, remove,
membership and, unlike a Python set, O(1) uniform random picks (SPOP, SRANDMEMBER).

The encoding is decided at write time exactly as Redis does, because conversions are
one way and depend on the history of writes, not only on the current content:

* ``intset`` while every member is a canonical 64-bit integer and the count stays
  within set-max-intset-entries. Redis keeps an intset sorted, so it is read back
  in numeric order (we sort on read; an intset has at most a few hundred members);
* ``listpack`` (7.2+) for small sets of short strings, read back in insertion order,
  so removals there keep the order (O(n) on a small array);
* ``hashtable`` otherwise; its order is unspecified, removals swap with the tail.
"""
from __future__ import annotations

from ..args import is_int

INTSET, LISTPACK, HASHTABLE = "intset", "listpack", "hashtable"


def _intset_max(config) -> int:
    return min(config["set-max-intset-entries"], 1 << 30)


class RSet:
    TYPE = "set"
    __slots__ = ("pos", "arr", "enc")

    def __init__(self, enc: str = INTSET):
        self.pos: dict = {}
        self.arr: list = []
        self.enc = enc

    @classmethod
    def create(cls, first, size_hint: int, config) -> "RSet":
        """An empty set sized for a command bringing ``size_hint`` members (setTypeCreate)."""
        if is_int(first) and size_hint <= _intset_max(config):
            return cls(INTSET)
        if size_hint <= config["set-max-listpack-entries"]:
            return cls(LISTPACK)
        return cls(HASHTABLE)

    # ------------------------------------------------------------ basics
    def __len__(self) -> int:
        return len(self.arr)

    def __bool__(self) -> bool:
        return bool(self.arr)

    def __contains__(self, m) -> bool:
        return m in self.pos

    def __iter__(self):
        return iter(self.members())

    def encoding(self, config) -> str:
        return self.enc

    def copy(self) -> "RSet":
        c = RSet(self.enc)
        c.pos = dict(self.pos)
        c.arr = list(self.arr)
        return c

    def members(self) -> list:
        """All members in the order Redis would iterate them."""
        if self.enc == INTSET:
            return sorted(self.arr, key=int)
        return list(self.arr)

    # ------------------------------------------------------------ writes
    def add(self, m, config) -> bool:
        pos = self.pos
        if m in pos:
            return False
        enc = self.enc
        if enc == INTSET:
            if is_int(m):
                if len(self.arr) + 1 > _intset_max(config):
                    self.enc = HASHTABLE
            else:
                # Leaving intset: listpack if the set (plus this member) stays small.
                n = len(self.arr)
                longest = max((len(x) for x in (min(self.arr, key=int), max(self.arr, key=int))),
                              default=0) if n else 0
                lim = config["set-max-listpack-value"]
                if n < config["set-max-listpack-entries"] and len(m) <= lim and longest <= lim:
                    self.enc = LISTPACK
                    self.arr.sort(key=int)   # the intset's (sorted) order becomes the listpack's
                    self._reindex(0)
                else:
                    self.enc = HASHTABLE
        elif enc == LISTPACK:
            if not (len(self.arr) < config["set-max-listpack-entries"]
                    and len(m) <= config["set-max-listpack-value"]):
                self.enc = HASHTABLE
        pos[m] = len(self.arr)
        self.arr.append(m)
        return True

    def remove(self, m) -> bool:
        pos = self.pos
        i = pos.pop(m, None)
        if i is None:
            return False
        arr = self.arr
        if self.enc == LISTPACK:
            del arr[i]
            self._reindex(i)
        else:
            last = arr.pop()
            if i < len(arr):
                arr[i] = last
                pos[last] = i
        return True

    def _reindex(self, start: int) -> None:
        pos, arr = self.pos, self.arr
        for j in range(start, len(arr)):
            pos[arr[j]] = j

    # ------------------------------------------------------------ random
    def random(self, rng):
        return self.arr[rng.randrange(len(self.arr))]

    def pop_random(self, rng):
        m = self.arr[rng.randrange(len(self.arr))]
        self.remove(m)
        return m

    def sample(self, rng, k: int) -> list:
        """``k`` distinct random members (k < len)."""
        return rng.sample(self.arr, k)
