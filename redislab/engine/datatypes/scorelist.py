"""The order of a sorted set: (score, member) pairs kept in Redis's order, with
O(log N) insert, delete, search, rank and element-at-rank.

Why not a ``SortedList`` of ``(score, member)`` tuples (what ZSet used before): at
10^6 members each comparison in its bisects follows two pointers (the tuple, then its
float) to objects scattered over ~100 MB, and its rank index is a list of int objects
walked in Python, so a ZRANK cost ~4x what it cost at 10^3.

Here the pairs live in *blocks* of LOAD/2 .. 2*LOAD pairs. A block keeps its scores
in one ``array('d')`` (contiguous doubles: a bisect reads a handful of cache lines and
allocates no tuple) beside a list of its members, which are only read when scores
tie. The blocks' last scores form one more list, the top level of every search.

Ranks need the number of pairs in the blocks before a block. Two indexes over the
block lengths (``_cnt``) answer that, each kept only while it pays for itself:
* a Fenwick tree: O(log blocks) to query and to update on each write;
* plain start offsets: O(1) to query, but any write invalidates them.
A run of writes with no rank query in between stops updating the tree after a while
(it is rebuilt, in C, when a rank is next asked for); a run of rank queries with no
write in between builds the offsets (also in C) and answers from them. The limits
are a fraction of the block count, so either rebuild costs about as much as the
updates or queries that triggered it: a mix of reads and writes never pays more than
a constant factor over keeping the tree alone.

Order is Redis's: by score, then by member bytes (memcmp, shorter first on a common
prefix), which is what Python's float and bytes comparisons give. Scores are never
NaN (the commands refuse it). -0.0 and 0.0 compare equal, as in Redis, and each
stored score keeps its sign.

No RESP and no commands here (house rule 4).
"""
from __future__ import annotations

import threading
from array import array
from bisect import bisect_left, bisect_right
from itertools import accumulate
from operator import itemgetter, sub

# Pairs per block: blocks hold LOAD/2 .. 2*LOAD pairs (one block up to 2*LOAD).
# Measured at 10^6 members, 64..1024 hardly changes a search (a bisect touches about
# as many cold cache lines whichever way it is split); smaller blocks mean a bigger
# top level and a deeper tree, whose upkeep is Python code, bigger ones longer
# memmoves on every insert and delete.
LOAD = 512

_first = itemgetter(0)
_second = itemgetter(1)

# The Fenwick tree is padded to p = a power of two nodes. Its loops depend on p
# alone, so they are precomputed once per p and shared by every set (a 10^6-member
# set has p = 2048 or 4096):
# * a prefix query for the first b blocks sums nodes b, b & (b - 1), ...: one
#   itemgetter per b fetches them in C (a Python loop over them cost ~0.4 us);
# * an update of block b adds to nodes b + 1, then + lowbit, ...: a tuple per b;
# * a rebuild needs k - lowbit(k) for every node k.
_SHAPES: dict = {}
_SHAPES_LOCK = threading.Lock()


def _shape(p: int) -> tuple:
    """(prefix getters, update paths, k - lowbit(k)) for a tree of p nodes."""
    sh = _SHAPES.get(p)
    if sh is None:
        with _SHAPES_LOCK:
            sh = _SHAPES.get(p)
            if sh is None:
                prefix = []
                for b in range(p + 1):
                    nodes = []
                    k = b
                    while k:
                        nodes.append(k)
                        k &= k - 1
                    while len(nodes) < 2:
                        nodes.append(0)     # one index would make itemgetter return a scalar
                    prefix.append(itemgetter(*nodes))
                up = []
                for b in range(p):
                    path = []
                    k = b + 1
                    while k <= p:
                        path.append(k)
                        k += k & -k
                    up.append(tuple(path))
                low = [k - (k & -k) for k in range(1, p + 1)]
                sh = _SHAPES[p] = (prefix, up, low)
    return sh


class ScoreList:
    """(score, member) pairs in ascending order. Members are unique by contract: the
    caller (ZSet) keeps member -> score and never inserts a pair twice."""

    __slots__ = ("_s", "_m", "_ms", "_mm", "_cnt", "_len",
                 "_tree", "_pre", "_up", "_writes", "_off", "_reads")

    def __init__(self, pairs=()):
        """From (score, member) pairs in any order (sorted here)."""
        self._load(sorted(pairs))

    def _load(self, ordered) -> None:
        """Replace the contents with already ordered (score, member) pairs."""
        ordered = ordered if type(ordered) is list else list(ordered)
        scores = array("d", list(map(_first, ordered)))   # (from a list: 4x faster)
        members = list(map(_second, ordered))
        # Blocks as growing by inserts would leave them: one block up to 2*LOAD pairs,
        # else half-full blocks (room to grow before the first splits).
        size = LOAD if len(ordered) > 2 * LOAD else 2 * LOAD
        cuts = range(0, len(ordered), size)
        self._s = [scores[i:i + size] for i in cuts]
        self._m = [members[i:i + size] for i in cuts]
        # The top level is a list of floats, not an array: it is bisected by every
        # search and stays in cache, and a list bisect compares without boxing a float.
        self._ms = [s[-1] for s in self._s]
        self._mm = [m[-1] for m in self._m]
        self._cnt = array("q", map(len, self._m))
        self._len = len(ordered)
        self._stale()

    @classmethod
    def from_sorted(cls, scores, members) -> "ScoreList":
        """From parallel sequences already in order (a bulk load with no sort)."""
        sl = cls.__new__(cls)
        sl._load(zip(scores, members))
        return sl

    def copy(self) -> "ScoreList":
        c = ScoreList.__new__(ScoreList)
        c._s = [s[:] for s in self._s]
        c._m = [m[:] for m in self._m]
        c._ms = self._ms[:]
        c._mm = self._mm[:]
        c._cnt = self._cnt[:]
        c._len = self._len
        c._stale()
        return c

    __copy__ = copy

    def __deepcopy__(self, memo):       # members are immutable bytes: nothing deeper to copy
        return self.copy()

    def __len__(self) -> int:
        return self._len

    def __iter__(self):
        for s, m in zip(self._s, self._m):
            yield from zip(s, m)

    def __reversed__(self):
        for s, m in zip(reversed(self._s), reversed(self._m)):
            yield from zip(reversed(s), reversed(m))

    # ------------------------------------------------------------ searching
    def _find(self, score: float, member, right: bool):
        """(block, index) of the first pair > (score, member) when ``right``, else of the
        first pair >= it. ``member`` None compares by score alone (before all pairs of
        that score, or after them when ``right``). Block == number of blocks: past the end."""
        ms = self._ms
        b = bisect_left(ms, score)
        nb = len(ms)
        if b < nb and ms[b] == score:
            # Several blocks may end on this score (a lex set: all scores equal); their
            # last members are in order, so bisect those too.
            hi = bisect_right(ms, score, b)
            if member is None:
                if right:
                    b = hi
            else:
                b = (bisect_right if right else bisect_left)(self._mm, member, b, hi)
            if b == nb:
                return b, 0
        elif b == nb:
            return b, 0
        s = self._s[b]
        if member is None:
            return b, (bisect_right if right else bisect_left)(s, score)
        i = bisect_left(s, score)
        if i < len(s) and s[i] == score:
            m = self._m[b]
            if i + 1 < len(s) and s[i + 1] != score:
                # A lone pair with this score (the usual tie, e.g. integer scores):
                # one comparison instead of two bisects.
                if (m[i] <= member) if right else (m[i] < member):
                    i += 1
            else:
                i = (bisect_right if right else bisect_left)(m, member, i, bisect_right(s, score, i))
        return b, i

    def bisect(self, score: float, member=None, right: bool = False) -> int:
        """How many pairs are < (score, member) (<= with ``right``); without a member,
        how many scores are < score (<= with ``right``)."""
        b, i = self._find(score, member, right)
        return self._rank(b, i)

    def _spot(self, score: float, member, present: bool = False):
        """(block, index) of the pair (score, member), or None when it is not there.
        ``present``: the caller knows the pair is there, so a score no other pair has
        finds it without reading a member (at 10^6 members that read is a cache miss).

        The one search of ZRANK and ZREM (index() and remove()): its common case,
        below, is _find's cut short. Being a call rather than a copy inlined in each
        costs ZRANK ~0.5% and ZREM ~2% at 10^6 members (measured)."""
        ms = self._ms
        b = bisect_left(ms, score)
        if b < len(ms) and ms[b] != score:
            # The common case: the score is inside block b (s[-1] > score, so s[i + 1]
            # exists). Most often no other pair has this score, else the pair is
            # most often at i or i + 1 (two members sharing an integer score).
            s = self._s[b]
            i = bisect_left(s, score)
            if s[i] != score:
                return None
            if s[i + 1] != score:
                return (b, i) if present or self._m[b][i] == member else None
            m = self._m[b]
            if m[i] == member:
                return b, i
            if m[i + 1] == member:
                return b, i + 1
        b, i = self._find(score, member, False)
        if b < len(self._s):
            m = self._m[b]
            if i < len(m) and m[i] == member and self._s[b][i] == score:
                return b, i
        return None

    def index(self, score: float, member) -> int:
        """Rank of a pair that is present (the caller knows it is)."""
        b, i = self._spot(score, member, True)
        # _rank(b, i) inlined (ZRANK's hot path: calling it cost ZRANK ~3% at 10^6
        # members, measured). b is a block, never the end: the pair is there.
        if not b:
            return i
        off = self._off
        if off is not None:
            return off[b] + i
        t = self._tree or self._build()
        reads = self._reads + 1
        self._reads = reads
        if reads > (len(self._cnt) >> 1) + 32:
            return self._offsets()[b] + i
        return sum(self._pre[b](t)) + i

    # ---------------------------------------------------------------- ranks
    def _stale(self) -> None:
        """Drop both rank indexes (after a block is split, merged or dropped)."""
        self._tree = self._off = None
        self._writes = self._reads = 0

    def _rank(self, b: int, i: int) -> int:
        """The rank of index ``i`` of block ``b`` (b == number of blocks: the end)."""
        if not b:
            return i
        off = self._off
        if off is not None:
            return off[b] + i if b < len(off) else self._len
        if b >= len(self._cnt):
            return self._len
        t = self._tree or self._build()      # (first: a build sets _pre)
        reads = self._reads + 1
        self._reads = reads
        if reads > (len(self._cnt) >> 1) + 32:
            # A run of rank queries with no write: answer from plain offsets.
            return self._offsets()[b] + i
        return sum(self._pre[b](t)) + i

    def _offsets(self) -> array:
        off = self._off = array("q", [0])
        off.extend(accumulate(self._cnt))
        del off[-1]
        return off

    def _build(self) -> list:
        """The Fenwick tree of block lengths (1-based): t[k] sums blocks k - lowbit(k)
        .. k - 1, as a difference of two prefix sums (all loops in C). A list, not an
        array: reading a list item makes no int object."""
        cnt = self._cnt
        n = len(cnt)
        p = 1 << (n - 1).bit_length()
        self._pre, self._up, low = _shape(p)
        acc = [0]
        acc += accumulate(cnt)
        if p > n:
            acc += [acc[-1]] * (p - n)
        t = [0]
        t += map(sub, acc[1:], map(acc.__getitem__, low))
        self._tree = t
        self._writes = 0
        return t

    def _wrote(self, b: int, d: int) -> None:
        """Block ``b`` gained (d = 1) or lost (d = -1) a pair, in place."""
        self._cnt[b] += d
        self._off = None
        # Writes in a row: a rank query since the last write starts the count again.
        writes = 1 if self._reads else self._writes + 1
        self._reads = 0
        t = self._tree
        if t:
            if writes > (len(self._cnt) >> 2) + 32:
                # A run of writes with no rank query: stop paying for the tree.
                self._tree = None
                return
            self._writes = writes
            for k in self._up[b]:
                t[k] += d

    def _locate(self, k: int):
        """(block, index) of rank ``k`` (0 <= k < len)."""
        cnt = self._cnt
        first = cnt[0]
        if k < first:
            return 0, k
        last = cnt[-1]
        if k >= self._len - last:
            return len(cnt) - 1, k - (self._len - last)
        off = self._off
        if off is not None:
            b = bisect_right(off, k) - 1
            return b, k - off[b]
        t = self._tree or self._build()
        reads = self._reads + 1
        self._reads = reads
        if reads > (len(cnt) >> 1) + 32:
            off = self._offsets()
            b = bisect_right(off, k) - 1
            return b, k - off[b]
        # Fenwick descent: the largest block count whose total is <= k.
        n = len(t) - 1
        pos = 0
        step = 1 << (n.bit_length() - 1)
        while step:
            nxt = pos + step
            if nxt <= n and t[nxt] <= k:
                pos = nxt
                k -= t[nxt]
            step >>= 1
        return pos, k

    def __getitem__(self, k: int):
        """(score, member) at rank ``k`` (negative counts from the end)."""
        if k < 0:
            k += self._len
        if not 0 <= k < self._len:
            raise IndexError("rank out of range")
        b, i = self._locate(k)
        return self._s[b][i], self._m[b][i]

    def pairs(self, start: int, stop: int, reverse: bool = False) -> list:
        """(member, score) for ranks start .. stop-1 (0 <= start <= stop <= len),
        in descending order when ``reverse``."""
        out = []
        if start >= stop:
            return out
        b, i = self._locate(start)
        left = stop - start
        S, M = self._s, self._m
        while left:
            s, m = S[b], M[b]
            j = min(len(s), i + left)
            out.extend(zip(m[i:j], s[i:j]))
            left -= j - i
            b += 1
            i = 0
        if reverse:
            out.reverse()
        return out

    def iter_from(self, start: int, stop: int):
        """Lazily, (score, member) for ranks start .. stop-1 (a scan that may stop early)."""
        if start >= stop:
            return
        b, i = self._locate(start)
        left = stop - start
        S, M = self._s, self._m
        while left:
            s, m = S[b], M[b]
            j = min(len(s), i + left)
            yield from zip(s[i:j], m[i:j])
            left -= j - i
            b += 1
            i = 0

    def first_score(self) -> float:
        return self._s[0][0]

    def last_score(self) -> float:
        return self._s[-1][-1]

    # --------------------------------------------------------------- writes
    def add(self, score: float, member) -> None:
        ms = self._ms
        b = bisect_left(ms, score)
        if b < len(ms) and ms[b] != score:
            # The common case, _find inlined: the pair goes inside block b, never at
            # its end (so the block's last pair stays). Not _spot(): that finds a pair
            # that is there, this finds where a new one goes (beside a pair with the
            # same score, member order decides the side). A helper shared with _find,
            # with the end-of-block checks it then needs here, cost ZADD 1.5-3% at
            # 10^6 members (measured), so this copy stays.
            s = self._s[b]
            i = bisect_left(s, score)
            m = self._m[b]
            if s[i] == score:
                if s[i + 1] != score:           # (s[i + 1] exists: s[-1] > score)
                    if m[i] < member:
                        i += 1
                else:
                    i = bisect_left(m, member, i, bisect_right(s, score, i))
            s.insert(i, score)
            m.insert(i, member)
        else:
            if not self._len:
                self._load([(score, member)])
                return
            b, i = self._find(score, member, False)
            S = self._s
            if b == len(S):
                b -= 1
                i = len(S[b])
            s = S[b]
            s.insert(i, score)
            self._m[b].insert(i, member)
            if i == len(s) - 1:
                self._ms[b] = score
                self._mm[b] = member
        self._len += 1
        if len(s) > 2 * LOAD:
            self._cnt[b] += 1
            self._split(b)
            return
        self._wrote(b, 1)

    def remove(self, score: float, member) -> bool:
        """Drop the pair; False when it is not there."""
        at = self._spot(score, member)
        if at is None:
            return False
        b, i = at
        self._del_at(b, i)
        return True

    def pop(self, k: int = -1):
        """Remove and return the (score, member) at rank ``k``."""
        if k < 0:
            k += self._len
        if not 0 <= k < self._len:
            raise IndexError("pop from an empty or too short ScoreList")
        b, i = self._locate(k)
        pair = self._s[b][i], self._m[b][i]
        self._del_at(b, i)
        return pair

    def _del_at(self, b: int, i: int) -> None:
        s, m = self._s[b], self._m[b]
        del s[i]
        del m[i]
        self._len -= 1
        if not m:
            self._drop(b)
            return
        if i == len(m):
            self._ms[b] = s[-1]
            self._mm[b] = m[-1]
        if len(m) < LOAD // 2 and len(self._m) > 1:
            self._cnt[b] -= 1
            self._merge(b)
        else:
            self._wrote(b, -1)

    def del_range(self, start: int, stop: int) -> list:
        """Remove ranks start .. stop-1; returns the removed members in order."""
        gone = []
        if start >= stop:
            return gone
        if stop - start > self._len // 2:
            # Most of the set goes: rebuilding from what stays is cheaper.
            keep = list(self.iter_from(0, start)) + list(self.iter_from(stop, self._len))
            gone = [m for _, m in self.iter_from(start, stop)]
            self._load(keep)
            return gone
        b, i = self._locate(start)
        left = stop - start
        first = b
        while left:
            s, m = self._s[b], self._m[b]
            j = min(len(m), i + left)
            gone.extend(m[i:j])
            del s[i:j]
            del m[i:j]
            left -= j - i
            self._len -= j - i
            if not m:
                self._drop(b)
            else:
                self._cnt[b] = len(m)
                self._ms[b] = s[-1]
                self._mm[b] = m[-1]
                b += 1
            i = 0
        self._stale()
        # At most the first and last touched blocks became short.
        for k in (first + 1, first):
            if k < len(self._m) and len(self._m[k]) < LOAD // 2 and len(self._m) > 1:
                self._merge(k)
        return gone

    # ------------------------------------------------------------ block upkeep
    def _split(self, b: int) -> None:
        s, m = self._s[b], self._m[b]
        half = len(m) // 2
        s2, m2 = s[half:], m[half:]
        del s[half:]
        del m[half:]
        self._s.insert(b + 1, s2)
        self._m.insert(b + 1, m2)
        self._ms.insert(b + 1, self._ms[b])
        self._mm.insert(b + 1, self._mm[b])
        self._cnt.insert(b + 1, len(m2))
        self._ms[b] = s[-1]
        self._mm[b] = m[-1]
        self._cnt[b] = half
        self._stale()

    def _drop(self, b: int) -> None:
        del self._s[b]
        del self._m[b]
        del self._ms[b]
        del self._mm[b]
        del self._cnt[b]
        self._stale()

    def _merge(self, b: int) -> None:
        """Fold short block ``b`` into a neighbour (splitting again if that overfills)."""
        a = b if b + 1 < len(self._m) else b - 1      # merge blocks a and a+1
        self._s[a].extend(self._s[a + 1])
        self._m[a].extend(self._m[a + 1])
        self._ms[a] = self._ms[a + 1]
        self._mm[a] = self._mm[a + 1]
        self._cnt[a] += self._cnt[a + 1]
        self._drop(a + 1)
        if len(self._m[a]) > 2 * LOAD:
            self._split(a)

    def check(self) -> None:
        """Tests: every invariant of the structure, both rank indexes included."""
        assert len(self._s) == len(self._m) == len(self._ms) == len(self._mm) == len(self._cnt)
        assert list(self._cnt) == [len(m) for m in self._m]
        assert sum(self._cnt) == self._len
        prev = None
        for s, m, xs, xm in zip(self._s, self._m, self._ms, self._mm):
            assert len(s) == len(m) and 0 < len(m) <= 2 * LOAD
            assert (s[-1], m[-1]) == (xs, xm) and s[-1] == xs
            for pair in zip(s, m):
                assert prev is None or prev < pair, (prev, pair)
                prev = pair
        tree, off = self._tree, self._off
        if off is not None:
            assert list(off) == [sum(self._cnt[:b]) for b in range(len(self._cnt))]
        if tree is not None:
            assert self._build() == tree
        self._tree, self._off = tree, off
