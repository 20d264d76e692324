"""ZUNION, ZINTER, ZDIFF, their *STORE forms and ZINTERCARD.

Plain sets are accepted as inputs, every member scoring 1. Scores are combined in
the order Redis combines them (inputs sorted by size, smallest first, except for
ZDIFF), because a floating-point SUM depends on the order of its terms, and the
answer must be the same double a real server prints. A weighted score that is
NaN (0 * inf) counts as 0, and so does a sum inf + -inf.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import to_int, upper
from ..datatypes.zset import ZSet
from ..registry import Double, Int, Key, OneOf, Token, command
from .zsets import G, pairs_reply, parse_score, store_result

UNION, INTER, DIFF = "union", "inter", "diff"


def _score_map(v):
    """member -> score view of an input (a set's members all score 1)."""
    if type(v) is ZSet:
        return v.dict
    return _SetScores(v)


class _SetScores:
    """A read-only mapping over a set, with every member scoring 1.0."""

    __slots__ = ("s",)

    def __init__(self, s):
        self.s = s

    def __len__(self):
        return len(self.s)

    def get(self, m, default=None):
        return 1.0 if m in self.s else default

    def items(self):
        return ((m, 1.0) for m in self.s.members())

    def __contains__(self, m):
        return m in self.s


def _aggregate(agg: bytes):
    if agg == b"SUM":
        def f(a, b):
            r = a + b
            return 0.0 if r != r else r
    elif agg == b"MIN":
        def f(a, b):
            return b if b < a else a
    else:
        def f(a, b):
            return b if b > a else a
    return f


def zsetop(s, argv, ni: int, dst, op: str, card_only: bool = False):
    """The shared engine of the algebra commands; ``ni`` is the numkeys index."""
    setnum = to_int(argv[ni])
    if setnum < 1:
        name = argv[0].decode("utf-8", "replace").lower()
        raise errors.err(f"at least 1 input key is needed for '{name}' command")
    argc = len(argv)
    if setnum > argc - (ni + 1):
        raise RedisError(errors.SYNTAX)
    db = s.db
    srcs = []
    j = ni + 1
    for _ in range(setnum):
        v = db.lookup(argv[j])
        if v is not None and type(v) is not ZSet and getattr(v, "TYPE", None) != "set":
            raise RedisError(errors.WRONGTYPE)
        srcs.append(v)
        j += 1
    weights = [1.0] * setnum
    agg = b"SUM"
    withscores = False
    limit = 0
    while j < argc:
        remaining = argc - j
        opt = upper(argv[j])
        if op != DIFF and not card_only and remaining >= setnum + 1 and opt == b"WEIGHTS":
            for k in range(setnum):
                weights[k] = parse_score(argv[j + 1 + k], "ERR weight value is not a float")
            j += setnum + 1
        elif op != DIFF and not card_only and remaining >= 2 and opt == b"AGGREGATE":
            agg = upper(argv[j + 1])
            if agg not in (b"SUM", b"MIN", b"MAX"):
                raise RedisError(errors.SYNTAX)
            j += 2
        elif dst is None and not card_only and opt == b"WITHSCORES":
            withscores = True
            j += 1
        elif card_only and remaining >= 2 and opt == b"LIMIT":
            limit = to_int(argv[j + 1], "ERR LIMIT can't be negative")
            if limit < 0:
                raise errors.err("LIMIT can't be negative")
            j += 2
        else:
            raise RedisError(errors.SYNTAX)

    maps = [(_score_map(v) if v is not None else {}, w) for v, w in zip(srcs, weights)]
    if op != DIFF:
        maps.sort(key=lambda mw: len(mw[0]))      # stable, like glibc's merge-sort qsort
    if op == INTER:
        result = _inter(maps, _aggregate(agg), card_only, limit)
        if card_only:
            return result
    elif op == UNION:
        result = _union(maps, _aggregate(agg))
    else:
        result = _diff(maps)
    if dst is not None:
        return store_result(s, dst, list(result.items()), "z" + op + "store")
    pairs = sorted(result.items(), key=lambda ms: (ms[1], ms[0]))
    return pairs_reply(s, pairs, withscores)


def _weighted(score, w):
    r = score * w
    return 0.0 if r != r else r


def _inter(maps, agg, card_only, limit):
    first, w0 = maps[0]
    rest = maps[1:]
    out = {}
    count = 0
    if not len(first):
        return 0 if card_only else out
    for m, sc in first.items():
        score = _weighted(sc, w0)
        for other, w in rest:
            v = other.get(m)
            if v is None:
                break
            if not card_only:
                score = agg(score, _weighted(v, w))
        else:
            if card_only:
                count += 1
                if limit and count >= limit:
                    break
            else:
                out[m] = score
    return count if card_only else out


def _union(maps, agg):
    out = {}
    for mp, w in maps:
        for m, sc in mp.items():
            score = _weighted(sc, w)
            cur = out.get(m)
            out[m] = score if cur is None else agg(cur, score)
    return out


def _diff(maps):
    first = maps[0][0]
    rest = [mp for mp, _ in maps[1:] if len(mp)]
    return {m: sc for m, sc in first.items() if not any(m in mp for mp in rest)}


# Destination (overwritten) and the numkeys sources (only read) are two key specs, as
# in Redis, so ACL %R~/%W~ rules and GETKEYSANDFLAGS can tell them apart.
_STORE_SPECS = (("OW update", ("index", 1), ("range", 0, 1, 0)),
                ("RO access", ("index", 2), ("keynum", 0, 1, 1)))


def _store_keys(argv):
    # As Redis's fallback when the numkeys spec does not fit: a numkeys that is not a
    # positive count of the arguments present gives no keys at all (not even the
    # destination); the command itself then fails with its own error.
    try:
        n = int(argv[2])
    except (IndexError, ValueError):
        return []
    if n < 1 or n > len(argv) - 3:
        return []
    return [1] + list(range(3, 3 + n))


_WEIGHTS = Double("weight", token="WEIGHTS", multiple=True, optional=True)
_AGG = OneOf("aggregate", Token("SUM"), Token("MIN"), Token("MAX"), token="AGGREGATE", optional=True)
_WS = Token("WITHSCORES", optional=True)
_RCX = "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set."
_ICX = "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set."
_DCX = "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set."


@command("ZUNION", arity=-3, flags="readonly", keynum=(1, 2, 1), group=G,
         summary="Union of several sorted sets, scores combined by sum, min or max.",
         complexity=_RCX, since="6.2.0",
         args=(Int("numkeys"), Key(multiple=True), _WEIGHTS, _AGG, _WS))
def zunion(s, argv):
    return zsetop(s, argv, 1, None, UNION)


@command("ZINTER", arity=-3, flags="readonly", keynum=(1, 2, 1), group=G,
         summary="Members present in every input sorted set, scores combined by sum, min or max.",
         complexity=_ICX, since="6.2.0",
         args=(Int("numkeys"), Key(multiple=True), _WEIGHTS, _AGG, _WS))
def zinter(s, argv):
    return zsetop(s, argv, 1, None, INTER)


@command("ZDIFF", arity=-3, flags="readonly", keynum=(1, 2, 1), group=G,
         summary="Members of the first sorted set that no other input holds.",
         complexity=_DCX, since="6.2.0", args=(Int("numkeys"), Key(multiple=True), _WS))
def zdiff(s, argv):
    return zsetop(s, argv, 1, None, DIFF)


@command("ZUNIONSTORE", arity=-4, flags="write denyoom", keys=(1, 1, 1), getkeys=_store_keys, group=G,
         key_specs=_STORE_SPECS,
         summary="Store the union of several sorted sets at a destination key.",
         complexity=_RCX, since="2.0.0",
         args=(Key("destination"), Int("numkeys"), Key(multiple=True, key_spec_index=1), _WEIGHTS, _AGG))
def zunionstore(s, argv):
    return zsetop(s, argv, 2, argv[1], UNION)


@command("ZINTERSTORE", arity=-4, flags="write denyoom", keys=(1, 1, 1), getkeys=_store_keys, group=G,
         key_specs=_STORE_SPECS,
         summary="Store the intersection of several sorted sets at a destination key.",
         complexity=_ICX, since="2.0.0",
         args=(Key("destination"), Int("numkeys"), Key(multiple=True, key_spec_index=1), _WEIGHTS, _AGG))
def zinterstore(s, argv):
    return zsetop(s, argv, 2, argv[1], INTER)


@command("ZDIFFSTORE", arity=-4, flags="write denyoom", keys=(1, 1, 1), getkeys=_store_keys, group=G,
         key_specs=_STORE_SPECS,
         summary="Store the members of the first sorted set that no other input holds.",
         complexity=_DCX, since="6.2.0",
         args=(Key("destination"), Int("numkeys"), Key(multiple=True, key_spec_index=1)))
def zdiffstore(s, argv):
    return zsetop(s, argv, 2, argv[1], DIFF)


@command("ZINTERCARD", arity=-3, flags="readonly", keynum=(1, 2, 1), group=G,
         summary="How many members the intersection of several sorted sets would have, optionally stopping at a limit.",
         complexity="O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.",
         since="7.0.0",
         args=(Int("numkeys"), Key(multiple=True), Int("limit", token="LIMIT", optional=True)))
def zintercard(s, argv):
    return zsetop(s, argv, 1, None, INTER, card_only=True)
