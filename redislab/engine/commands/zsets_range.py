"""Sorted-set ranges: ZRANGE and its older spellings, ZRANGESTORE, ZCOUNT,
ZLEXCOUNT and ZREMRANGEBY{RANK,SCORE,LEX}.

Every range command goes through one parser (as in Redis) so the legacy commands
(ZRANGEBYSCORE, ZREVRANGE, ...) and ZRANGE's options reject the same inputs with
the same errors: options first, then their conflicts, then the range itself, and
only then the key (so WRONGTYPE comes last).
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import to_int, upper
from ..datatypes.zset import ZSet, clamp_ranks
from ..registry import Block, Int, Key, OneOf, Str, Token, command
from .zsets import G, notify_removed, pairs_reply, parse_lex_range, parse_score_range, store_result

RANK, SCORE, LEX = "rank", "score", "lex"
_LIMIT_ARG = Block("limit", Int("offset"), Int("count"), token="LIMIT", optional=True)


def _directed(z: ZSet, i: int, j: int, reverse: bool, offset: int, limit: int) -> list:
    """(member, score) for ascending indexes [i, j), walked in the asked direction,
    after skipping ``offset`` and keeping ``limit`` (negative: all)."""
    if offset < 0:
        return []      # Redis's skip loop runs past the end for a negative offset
    n = j - i
    if offset >= n:
        return []
    take = n - offset if limit < 0 else min(limit, n - offset)
    if take <= 0:
        return []
    if reverse:
        hi = j - 1 - offset
        return z.range(hi - take + 1, hi, True)
    lo = i + offset
    return z.range(lo, lo + take - 1)


def zrange_generic(s, argv, first: int, dst, rangetype, reverse):
    """``first`` is the index of the source key; ``rangetype``/``reverse`` are None
    when options may still choose them (ZRANGE, ZRANGESTORE)."""
    withscores = False
    offset, limit = 0, -1
    argc = len(argv)
    j = first + 3
    while j < argc:
        opt = upper(argv[j])
        left = argc - j - 1
        if dst is None and opt == b"WITHSCORES":
            withscores = True
        elif opt == b"LIMIT" and left >= 2:
            offset = to_int(argv[j + 1])
            limit = to_int(argv[j + 2])
            j += 2
        elif reverse is None and opt == b"REV":
            reverse = True
        elif rangetype is None and opt == b"BYLEX":
            rangetype = LEX
        elif rangetype is None and opt == b"BYSCORE":
            rangetype = SCORE
        else:
            raise RedisError(errors.SYNTAX)
        j += 1
    reverse = bool(reverse)
    rangetype = rangetype or RANK
    # Redis can only tell that LIMIT was given from a count other than -1.
    if limit != -1 and rangetype is RANK:
        raise errors.err("syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
    if withscores and rangetype is LEX:
        raise errors.err("syntax error, WITHSCORES not supported in combination with BYLEX")
    a, b = argv[first + 1], argv[first + 2]
    if reverse and rangetype is not RANK:
        a, b = b, a      # BYSCORE/BYLEX ranges are given as max, min when reversed
    if rangetype is RANK:
        start, stop = to_int(a), to_int(b)
    elif rangetype is SCORE:
        rng = parse_score_range(a, b)
    else:
        rng = parse_lex_range(a, b)
    z = s.db.lookup_typed(argv[first], ZSet)
    if z is None:
        pairs = []
    elif rangetype is RANK:
        n = len(z)
        lo, hi = clamp_ranks(start, stop, n)
        if lo > hi or lo >= n:
            pairs = []
        elif reverse:
            pairs = z.range(n - 1 - hi, n - 1 - lo, True)
        else:
            pairs = z.range(lo, hi)
    elif rangetype is SCORE:
        i, k = z.score_bounds(*rng)
        pairs = _directed(z, i, k, reverse, offset, limit)
    else:
        i, k = z.lex_slice_rev(*rng) if reverse else z.lex_slice(*rng)
        pairs = _directed(z, i, k, reverse, offset, limit)
    if dst is not None:
        return store_result(s, dst, pairs, "zrangestore")
    return pairs_reply(s, pairs, withscores)


_RANGE_ARGS = (Key(), Str("start"), Str("stop"),
               OneOf("sortby", Token("BYSCORE"), Token("BYLEX"), optional=True, since="6.2.0"),
               Token("REV", optional=True, since="6.2.0"),
               Block("limit", Int("offset"), Int("count"), token="LIMIT", optional=True, since="6.2.0"))


@command("ZRANGE", arity=-4, flags="readonly", keys=(1, 1, 1), group=G,
         summary="Members in a range of ranks, scores (BYSCORE) or member names (BYLEX), ascending or reversed.",
         complexity="O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.",
         since="1.2.0", args=_RANGE_ARGS + (Token("WITHSCORES", optional=True),))
def zrange(s, argv):
    return zrange_generic(s, argv, 1, None, None, None)


@command("ZRANGESTORE", arity=-5, flags="write denyoom", keys=(1, 2, 1), group=G,
         key_flags=("OW update", "RO access"),  # destination overwritten, source only read
         summary="Store a ZRANGE result as a new sorted set at the destination key.",
         complexity="O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.",
         since="6.2.0",
         args=(Key("dst"), Key("src", key_spec_index=1), Str("min"), Str("max"),
               OneOf("sortby", Token("BYSCORE"), Token("BYLEX"), optional=True),
               Token("REV", optional=True), Block("limit", Int("offset"), Int("count"), token="LIMIT", optional=True)))
def zrangestore(s, argv):
    return zrange_generic(s, argv, 2, argv[1], None, None)


def _legacy(name, since, summary, rangetype, reverse, args, complexity):
    opts = (["REV"] if reverse else []) + ({SCORE: ["BYSCORE"], LEX: ["BYLEX"]}.get(rangetype, []))
    replaced = "`ZRANGE` with the " + " and ".join(f"`{o}`" for o in opts) + (
        " arguments" if len(opts) > 1 else " argument")

    @command(name, arity=-4, flags="readonly", keys=(1, 1, 1), group=G, summary=summary,
             complexity=complexity, since=since, args=args, deprecated_since="6.2.0",
             replaced_by=replaced, doc_flags="deprecated")
    def handler(s, argv):
        return zrange_generic(s, argv, 1, None, rangetype, reverse)
    return handler


_CX = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))."
_legacy("ZRANGEBYSCORE", "1.0.5", "Members with scores between min and max, lowest first.", SCORE, False,
        (Key(), Str("min"), Str("max"), Token("WITHSCORES", optional=True, since="2.0.0"), _LIMIT_ARG), _CX)
_legacy("ZREVRANGEBYSCORE", "2.2.0", "Members with scores between max and min, highest first.", SCORE, True,
        (Key(), Str("max"), Str("min"), Token("WITHSCORES", optional=True), _LIMIT_ARG), _CX)
_legacy("ZRANGEBYLEX", "2.8.9", "Members between two member names, for a set whose scores are all equal.", LEX, False,
        (Key(), Str("min"), Str("max"), _LIMIT_ARG), _CX)
_legacy("ZREVRANGEBYLEX", "2.8.9", "Members between two member names in reverse order, for equal scores.", LEX, True,
        (Key(), Str("max"), Str("min"), _LIMIT_ARG), _CX)
_legacy("ZREVRANGE", "1.2.0", "Members in a range of ranks counted from the highest score.", RANK, True,
        (Key(), Int("start"), Int("stop"), Token("WITHSCORES", optional=True)),
        "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.")


# ------------------------------------------------------------------- counting
@command("ZCOUNT", arity=4, flags="readonly fast", keys=(1, 1, 1), group=G,
         summary="How many members have a score within a range.",
         complexity="O(log(N)) with N being the number of elements in the sorted set.", since="2.0.0",
         args=(Key(), Str("min"), Str("max")))
def zcount(s, argv):
    rng = parse_score_range(argv[2], argv[3])
    z = s.db.lookup_typed(argv[1], ZSet)
    if z is None:
        return 0
    i, j = z.score_bounds(*rng)
    return j - i


@command("ZLEXCOUNT", arity=4, flags="readonly fast", keys=(1, 1, 1), group=G,
         summary="How many members fall between two member names (for equal scores).",
         complexity="O(log(N)) with N being the number of elements in the sorted set.", since="2.8.9",
         args=(Key(), Str("min"), Str("max")))
def zlexcount(s, argv):
    rng = parse_lex_range(argv[2], argv[3])
    z = s.db.lookup_typed(argv[1], ZSet)
    if z is None:
        return 0
    i, j = z.lex_slice(*rng)
    return j - i


# ------------------------------------------------------------------- removal
def _zremrange(s, argv, rangetype, event):
    a, b = argv[2], argv[3]
    if rangetype is RANK:
        start, stop = to_int(a), to_int(b)
    elif rangetype is SCORE:
        rng = parse_score_range(a, b)
    else:
        rng = parse_lex_range(a, b)
    db = s.db
    key = argv[1]
    z = db.lookup_typed(key, ZSet)
    if z is None:
        return 0
    if rangetype is RANK:
        n = len(z)
        lo, hi = clamp_ranks(start, stop, n)
        if lo > hi or lo >= n:
            return 0
        i, j = lo, hi + 1
    elif rangetype is SCORE:
        i, j = z.score_bounds(*rng)
    else:
        i, j = z.lex_slice(*rng)
    if j <= i:
        return 0
    z.delete_index_range(i, j)
    notify_removed(db, key, z, event)
    return j - i


_RX = "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation."


@command("ZREMRANGEBYRANK", arity=4, flags="write", keys=(1, 1, 1), group=G, key_flags="RW delete",
         summary="Remove the members in a range of ranks; returns how many went.",
         complexity=_RX, since="2.0.0", args=(Key(), Int("start"), Int("stop")))
def zremrangebyrank(s, argv):
    return _zremrange(s, argv, RANK, "zremrangebyrank")


@command("ZREMRANGEBYSCORE", arity=4, flags="write", keys=(1, 1, 1), group=G, key_flags="RW delete",
         summary="Remove the members whose score is within a range; returns how many went.",
         complexity=_RX, since="1.2.0", args=(Key(), Str("min"), Str("max")))
def zremrangebyscore(s, argv):
    return _zremrange(s, argv, SCORE, "zremrangebyscore")


@command("ZREMRANGEBYLEX", arity=4, flags="write", keys=(1, 1, 1), group=G, key_flags="RW delete",
         summary="Remove the members between two member names (for equal scores); returns how many went.",
         complexity=_RX, since="2.8.9", args=(Key(), Str("min"), Str("max")))
def zremrangebylex(s, argv):
    return _zremrange(s, argv, LEX, "zremrangebylex")
