"""The sorted-set type: members ordered by (score, member bytes), plus member -> score.

Redis pairs a skiplist (order and rank) with a dict (O(1) ZSCORE). We pair a
``SortedList`` of ``(score, member)`` tuples with a dict: sortedcontainers keeps a
positional index, so insert, delete, bisect *and* rank / element-at-rank are all
O(log N), which is the complexity Redis documents for ZADD, ZREM and ZRANK.

Small sets are a ``listpack`` in Redis and big ones a ``skiplist``. The order and
replies are identical; only OBJECT ENCODING (and some corner cases of lexicographic
ranges over mixed scores, see ``lex_slice``) show the difference, so we track the
encoding as a one-way flag, converted under the same limits Redis uses.

No RESP and no commands here (house rule 4).
"""
from __future__ import annotations

import hashlib
import math
from sortedcontainers import SortedList

_nextafter = math.nextafter
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
    __slots__ = ("dict", "sl", "listpack")

    def __init__(self, listpack: bool = True):
        self.dict: dict = {}            # member -> score
        self.sl = SortedList()          # (score, member), in Redis's order
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
        for score, member in self.sl:
            yield member, score

    def score(self, member):
        return self.dict.get(member)

    def add(self, member, score: float) -> bool:
        """Insert or move ``member`` to ``score``; True when the member is new."""
        d = self.dict
        old = d.get(member)
        if old is None:
            d[member] = score
            self.sl.add((score, member))
            return True
        # Keep the stored score when equal (Redis does not touch the node, so an
        # existing 0 is not replaced by -0 and vice versa).
        if old != score:
            sl = self.sl
            sl.remove((old, member))
            sl.add((score, member))
            d[member] = score
        return False

    def remove(self, member) -> bool:
        score = self.dict.pop(member, None)
        if score is None:
            return False
        self.sl.remove((score, member))
        return True

    def copy(self) -> "ZSet":
        z = ZSet(self.listpack)
        z.dict = dict(self.dict)
        z.sl = SortedList(self.sl)
        return z

    @classmethod
    def from_pairs(cls, pairs, config=None) -> "ZSet":
        """A new set from (member, score) pairs, encoded as Redis encodes a fresh result."""
        z = cls(True)
        d = z.dict
        for member, score in pairs:
            d[member] = score
        z.sl = SortedList((s, m) for m, s in d.items())
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
        r = self.sl.index((score, member))
        return len(self.dict) - 1 - r if reverse else r

    def at(self, rank: int):
        """(member, score) at a 0-based ascending rank."""
        score, member = self.sl[rank]
        return member, score

    def range(self, start: int, stop: int, reverse: bool = False) -> list:
        """(member, score) pairs for ascending indexes start..stop inclusive (already
        clamped), listed in descending order when ``reverse``."""
        if start > stop:
            return []
        it = self.sl.islice(start, stop + 1, reverse=reverse)
        return [(m, s) for s, m in it]

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
        sl = self.sl
        if lo_ex:
            if lo == INF:
                return 0, 0
            i = sl.bisect_left((_nextafter(lo, INF),))
        else:
            i = sl.bisect_left((lo,))
        if hi_ex:
            j = sl.bisect_left((hi,))
        elif hi == INF:
            j = len(sl)
        else:
            j = sl.bisect_left((_nextafter(hi, INF),))
        return i, max(i, j)

    def pop(self, maximum: bool = False):
        """Remove and return the (member, score) at the low or high end."""
        score, member = self.sl.pop(-1 if maximum else 0)
        del self.dict[member]
        return member, score

    def delete_index_range(self, i: int, j: int) -> list:
        """Remove ascending indexes [i, j); returns the removed members."""
        sl = self.sl
        gone = [m for _, m in sl.islice(i, j)]
        if j - i > len(sl) // 2:
            # Rebuilding beats j-i separate deletes when most of the set goes.
            keep = list(sl.islice(0, i)) + list(sl.islice(j))
            self.sl = SortedList(keep)
        else:
            del sl[i:j]
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
        sl = self.sl
        n = len(sl)
        if n == 0:
            return 0, 0
        first, last = sl[0][0], sl[-1][0]
        if first == last:
            s = first
            if lo is LEX_MIN:
                i = 0
            elif lo is LEX_MAX:
                return 0, 0
            else:
                i = sl.bisect_right((s, lo)) if lo_ex else sl.bisect_left((s, lo))
            if hi is LEX_MAX:
                j = n
            elif hi is LEX_MIN:
                return 0, 0
            else:
                j = sl.bisect_left((s, hi)) if hi_ex else sl.bisect_right((s, hi))
            return i, max(i, j)
        i = 0
        while i < n and not lex_gte_min(sl[i][1], lo, lo_ex):
            i += 1
        j = i
        while j < n and lex_lte_max(sl[j][1], hi, hi_ex):
            j += 1
        return i, j

    def lex_slice_rev(self, lo, lo_ex, hi, hi_ex) -> tuple[int, int]:
        """Like lex_slice, for a reverse walk (Redis starts from the tail)."""
        sl = self.sl
        n = len(sl)
        if n == 0 or sl[0][0] == sl[-1][0]:
            return self.lex_slice(lo, lo_ex, hi, hi_ex)
        j = n
        while j > 0 and not lex_lte_max(sl[j - 1][1], hi, hi_ex):
            j -= 1
        i = j
        while i > 0 and lex_gte_min(sl[i - 1][1], lo, lo_ex):
            i -= 1
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
    lo > hi means empty."""
    if start < 0:
        start += n
    if stop < 0:
        stop += n
    if start < 0:
        start = 0
    if stop >= n:
        stop = n - 1
    return start, stop


