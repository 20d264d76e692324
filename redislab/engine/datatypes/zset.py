"""The sorted-set type: members ordered by (score, member bytes), plus member -> score.

Redis pairs a skiplist (order and rank) with a dict (O(1) ZSCORE). We pair a
``ScoreList`` (scorelist.py: blocks of contiguous scores beside their members, plus
an index of block sizes for ranks) with a dict: insert, delete, bisect *and* rank /
element-at-rank are all O(log N), the complexity Redis documents for ZADD, ZREM and
ZRANK, with few cache misses even at millions of members.

Small sets are a ``listpack`` in Redis and big ones a ``skiplist``. The order and
replies are identical; only OBJECT ENCODING (and some corner cases of lexicographic
ranges over mixed scores, see ``lex_slice``) show the difference, so we track the
encoding as a one-way flag, converted under the same limits Redis uses.

No RESP and no commands here (house rule 4).
"""
from __future__ import annotations

import hashlib
import math

from .ranges import clamp_range
from .scorelist import ScoreList

INF = math.inf



class _LexEnd:
    """The open ends "-" and "+" of a lex range. Not bytes on purpose: CPython shares
    one-byte bytes objects, so a bound like "(-" must never be mistaken for "-"."""

    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


LEX_MIN = _LexEnd("-")
LEX_MAX = _LexEnd("+")

# Redis caps skiplist levels at 32 and promotes a node one more level with p = 1/4.
MAX_LEVEL = 32


class ZSet:
    TYPE = "zset"
    __slots__ = ("dict", "order", "listpack")

    def __init__(self, listpack: bool = True):
        self.dict: dict = {}            # member -> score
        self.order = ScoreList()        # (score, member), in Redis's order
        self.listpack = listpack

    # ------------------------------------------------------------- basics
    def __len__(self) -> int:
        return len(self.dict)

    def __bool__(self) -> bool:
        return bool(self.dict)

    def __contains__(self, member) -> bool:
        return member in self.dict

    def __iter__(self):
        """(member, score) in ascending order."""
        for score, member in self.order:
            yield member, score

    def score(self, member):
        return self.dict.get(member)

    def add(self, member, score: float) -> bool:
        """Insert or move ``member`` to ``score``; True when the member is new."""
        d = self.dict
        old = d.get(member)
        if old is None:
            d[member] = score
            self.order.add(score, member)
            return True
        # Keep the stored score when equal (Redis does not touch the node, so an
        # existing 0 is not replaced by -0 and vice versa).
        if old != score:
            order = self.order
            order.remove(old, member)
            order.add(score, member)
            d[member] = score
        return False

    def remove(self, member) -> bool:
        score = self.dict.pop(member, None)
        if score is None:
            return False
        self.order.remove(score, member)
        return True

    def copy(self) -> "ZSet":
        z = ZSet(self.listpack)
        z.dict = dict(self.dict)
        z.order = self.order.copy()
        return z

    @classmethod
    def from_pairs(cls, pairs, config=None) -> "ZSet":
        """A new set from (member, score) pairs, encoded as Redis encodes a fresh result."""
        z = cls(True)
        d = z.dict
        for member, score in pairs:
            d[member] = score
        z.order = ScoreList((s, m) for m, s in d.items())
        if config is not None:
            z.fit(config)
        return z

    # ------------------------------------------------------------ encoding
    def encoding(self, config) -> str:
        return "listpack" if self.listpack else "skiplist"

    def grow(self, config, member_len: int) -> None:
        """After adding one member: convert to a skiplist past the listpack limits."""
        if self.listpack and (len(self.dict) > config["zset-max-listpack-entries"]
                              or member_len > config["zset-max-listpack-value"]):
            self.listpack = False

    def fit(self, config) -> None:
        """Pick the encoding from the contents, as Redis does for a freshly built result."""
        if len(self.dict) > config["zset-max-listpack-entries"]:
            self.listpack = False
            return
        limit = config["zset-max-listpack-value"]
        self.listpack = all(len(m) <= limit for m in self.dict)

    # --------------------------------------------------------------- ranks
    def rank(self, member, reverse: bool = False):
        """0-based rank of ``member`` (None when absent). O(log N)."""
        score = self.dict.get(member)
        if score is None:
            return None
        r = self.order.index(score, member)
        return len(self.dict) - 1 - r if reverse else r

    def at(self, rank: int):
        """(member, score) at a 0-based ascending rank."""
        score, member = self.order[rank]
        return member, score

    def range(self, start: int, stop: int, reverse: bool = False) -> list:
        """(member, score) pairs for ascending indexes start..stop inclusive (already
        clamped), listed in descending order when ``reverse``."""
        return self.order.pairs(start, stop + 1, reverse)

    def scan_range(self, i: int, j: int):
        """Lazily, (member, score) for ascending indexes [i, j): for walks that may stop
        early (GEOSEARCH with COUNT)."""
        for s, m in self.order.iter_from(i, j):
            yield m, s

    def window(self, start: int, stop: int, reverse: bool = False) -> list:
        """Visualizer API: (member, score) for ranks start..stop of the chosen order,
        negative ranks counting from the end, as ZRANGE reads them."""
        lo, hi = clamp_ranks(start, stop, len(self.dict))
        if lo > hi:
            return []
        n = len(self.dict)
        if reverse:
            return self.range(n - 1 - hi, n - 1 - lo, True)
        return self.range(lo, hi)

    def level(self, member, seed: int = 0) -> int:
        """Visualizer API: a skiplist level (1..32) for ``member``, drawn from the
        geometric distribution Redis uses (promote with p = 1/4). It is derived from a
        keyed hash of the member so a drawing is stable and reproducible per seed."""
        h = int.from_bytes(hashlib.blake2b(member, digest_size=8, key=seed.to_bytes(8, "little")).digest(),
                           "little")
        level = 1
        # Each pair of bits is one draw of a 1-in-4 event.
        while level < MAX_LEVEL and h & 3 == 0:
            level += 1
            h >>= 2
            if not h:
                break
        return level

    # --------------------------------------------------------- score ranges
    def score_bounds(self, lo: float, lo_ex: bool, hi: float, hi_ex: bool) -> tuple[int, int]:
        """Ascending index interval [i, j) of members with lo <(=) score <(=) hi."""
        bisect = self.order.bisect
        i = bisect(lo, None, lo_ex)
        j = bisect(hi, None, not hi_ex)
        return i, max(i, j)

    def pop(self, maximum: bool = False):
        """Remove and return the (member, score) at the low or high end."""
        score, member = self.order.pop(-1 if maximum else 0)
        del self.dict[member]
        return member, score

    def delete_index_range(self, i: int, j: int) -> list:
        """Remove ascending indexes [i, j); returns the removed members."""
        gone = self.order.del_range(i, j)
        d = self.dict
        for m in gone:
            del d[m]
        return gone

    # ----------------------------------------------------------- lex ranges
    def lex_slice(self, lo, lo_ex, hi, hi_ex) -> tuple[int, int]:
        """Ascending index interval [i, j) of a lexicographic range.

        Lex ranges are only meaningful when every score is equal; then the order is
        the member order and we bisect in O(log N). With mixed scores Redis gives no
        promise; we answer as its listpack walk does (first member >= min, then the
        run of members <= max), which is what a learner sees on small sets."""
        order = self.order
        n = len(order)
        if n == 0:
            return 0, 0
        s = order.first_score()
        if s == order.last_score():
            if lo is LEX_MIN:
                i = 0
            elif lo is LEX_MAX:
                return 0, 0
            else:
                i = order.bisect(s, lo, lo_ex)
            if hi is LEX_MAX:
                j = n
            elif hi is LEX_MIN:
                return 0, 0
            else:
                j = order.bisect(s, hi, not hi_ex)
            return i, max(i, j)
        # One pass over the order (O(N), as Redis's own walk is for such a set);
        # reading position by position would pay a rank lookup at every step.
        i = j = 0
        for _, m in order:
            if i == j:
                if lex_gte_min(m, lo, lo_ex):
                    if not lex_lte_max(m, hi, hi_ex):
                        break
                    j += 1
                else:
                    i += 1
                    j += 1
            elif lex_lte_max(m, hi, hi_ex):
                j += 1
            else:
                break
        return i, j

    def lex_slice_rev(self, lo, lo_ex, hi, hi_ex) -> tuple[int, int]:
        """Like lex_slice, for a reverse walk (Redis starts from the tail)."""
        order = self.order
        n = len(order)
        if n == 0 or order.first_score() == order.last_score():
            return self.lex_slice(lo, lo_ex, hi, hi_ex)
        i = j = n
        for _, m in reversed(order):
            if i == j:
                if lex_lte_max(m, hi, hi_ex):
                    if not lex_gte_min(m, lo, lo_ex):
                        break
                    i -= 1
                else:
                    i -= 1
                    j -= 1
            elif lex_gte_min(m, lo, lo_ex):
                i -= 1
            else:
                break
        return i, j


def lex_gte_min(member, lo, lo_ex) -> bool:
    if lo is LEX_MIN:
        return True
    if lo is LEX_MAX:
        return False
    return member > lo if lo_ex else member >= lo


def lex_lte_max(member, hi, hi_ex) -> bool:
    if hi is LEX_MAX:
        return True
    if hi is LEX_MIN:
        return False
    return member < hi if hi_ex else member <= hi


def clamp_ranks(start: int, stop: int, n: int) -> tuple[int, int]:
    """Resolve ZRANGE-style start/stop (negatives from the end) to 0 <= lo, hi < n;
    lo > hi means empty (the LRANGE rules, which ZRANGE shares)."""
    r = clamp_range(start, stop, n)
    return r if r is not None else (0, -1)


