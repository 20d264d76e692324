"""Sorted-set commands: ZADD/ZINCRBY, point reads, ZREM, pops, ZRANDMEMBER, ZSCAN.

Ranges live in zsets_range.py, ZUNION/ZINTER/ZDIFF in zsets_algebra.py and the
blocking pops in zsets_blocking.py; all are imported at the bottom so that
``registry.load_all()`` loading this module registers the whole group.
"""
from __future__ import annotations

import math
import re

from ... import errors
from ...errors import RedisError
from ..args import to_int, upper
from ..datatypes.zset import ZSet
from ..registry import Block, Double, Int, Key, OneOf, Pattern, Str, Token, command

G = "sorted-set"
NAN_SCORE = "ERR resulting score is not a number (NaN)"
NOT_FLOAT_RANGE = "ERR min or max is not a float"
NOT_LEX_RANGE = "ERR min or max not valid string range item"
MUST_BE_POSITIVE = "ERR value is out of range, must be positive"
INF = math.inf

# strtod's grammar: decimal or hex floats, inf/infinity (NaN is always refused).
_DEC = rb"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity)"
_HEX = rb"[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?"
_DEC_RE = re.compile(_DEC, re.I)
_HEX_RE = re.compile(_HEX)
_SPACE = b" \t\n\v\f\r"


def _strtod(b: bytes):
    """The value strtod reads from the whole of ``b`` (no surrounding junk), or None."""
    if _DEC_RE.fullmatch(b) is not None:
        return float(b)
    if _HEX_RE.fullmatch(b) is not None:
        t = b.decode()
        sign = -1.0 if t[0] == "-" else 1.0
        t = t.lstrip("+-")
        if "p" not in t.lower():
            t += "p0"
        return sign * float.fromhex(t)
    return None


def parse_score(b, error: str = errors.NOT_FLOAT) -> float:
    """A double as Redis's getDoubleFromObject reads it: the whole string, no leading
    space, and out-of-range values (1e400 overflowing, 1e-400 underflowing to 0)
    refused like strtod's ERANGE makes Redis refuse them."""
    v = _strtod(b) if b[:1] not in _SPACE else None
    if v is None:
        raise RedisError(error)
    if v in (INF, -INF):
        if b"n" not in b.lower():          # a digit string that overflowed, not "inf"
            raise RedisError(error)
    elif v == 0.0:
        mant = re.split(rb"[eEpP]", b, maxsplit=1)[0]
        if mant.strip(b"+-0.xX"):          # nonzero digits that underflowed to zero
            raise RedisError(error)
    return v


def parse_range_double(b):
    """One end of a score range as zslParseRange reads it: '(' marks it exclusive;
    strtod skips leading spaces and an empty string reads as 0. None when invalid."""
    ex = b[:1] == b"("
    if ex:
        b = b[1:]
    if not b:
        return 0.0, ex
    v = _strtod(b.lstrip(_SPACE))
    if v is None:
        return None
    return v, ex


def parse_score_range(bmin, bmax):
    lo = parse_range_double(bmin)
    hi = parse_range_double(bmax) if lo is not None else None
    if hi is None:
        raise RedisError(NOT_FLOAT_RANGE)
    return lo[0], lo[1], hi[0], hi[1]


def _lex_item(b):
    from ..datatypes.zset import LEX_MAX, LEX_MIN

    c = b[:1]
    if c == b"(":
        return b[1:], True
    if c == b"[":
        return b[1:], False
    if b == b"+":
        return LEX_MAX, True
    if b == b"-":
        return LEX_MIN, True
    return None


def parse_lex_range(bmin, bmax):
    lo = _lex_item(bmin)
    hi = _lex_item(bmax)
    if lo is None or hi is None:
        raise RedisError(NOT_LEX_RANGE)
    return lo[0], lo[1], hi[0], hi[1]


def pairs_reply(s, pairs, withscores: bool) -> list:
    """Members, or member/score pairs: flat in RESP2, [member, score] arrays in RESP3."""
    if not withscores:
        return [m for m, _ in pairs]
    if s.resp > 2:
        return [[m, sc] for m, sc in pairs]
    out = []
    for m, sc in pairs:
        out.append(m)
        out.append(sc)
    return out


def store_result(s, dst, pairs, event: str) -> int:
    """Replace ``dst`` with a new sorted set (or delete it when empty), as the *STORE
    commands do; returns the reply (the result's size)."""
    db = s.db
    if pairs:
        z = ZSet.from_pairs(pairs, s.engine.config)
        db.set(dst, z)
        db.ks.notify("z", event, dst, db.id)
        return len(z)
    if db.delete(dst):
        db.ks.notify("g", "del", dst, db.id)
    return 0


def notify_removed(db, key, z, event: str) -> None:
    """After deleting members: the event, then the key's removal if it became empty."""
    db.ks.notify("z", event, key, db.id)
    db.remove_if_empty(key, z)
    db.modified(key)


# ---------------------------------------------------------------- ZADD / ZINCRBY
def _zadd(s, argv, i: int, incr: bool):
    nx = xx = gt = lt = ch = False
    argc = len(argv)
    while i < argc:
        opt = upper(argv[i])
        if opt == b"NX":
            nx = True
        elif opt == b"XX":
            xx = True
        elif opt == b"CH":
            ch = True
        elif opt == b"INCR":
            incr = True
        elif opt == b"GT":
            gt = True
        elif opt == b"LT":
            lt = True
        else:
            break
        i += 1
    n = argc - i
    if n % 2 or not n:
        raise RedisError(errors.SYNTAX)
    if nx and xx:
        raise errors.err("XX and NX options at the same time are not compatible")
    if (gt and nx) or (lt and nx) or (gt and lt):
        raise errors.err("GT, LT, and/or NX options at the same time are not compatible")
    if incr and n > 2:
        raise errors.err("INCR option supports a single increment-element pair")
    # Every score is parsed before anything changes: the command is all or nothing.
    scores = [parse_score(argv[j]) for j in range(i, argc, 2)]
    db = s.db
    key = argv[1]
    z = db.lookup_typed(key, ZSet)
    if z is None:
        if xx:
            return None if incr else 0
        cfg = s.engine.config
        longest = max(len(argv[j]) for j in range(i + 1, argc, 2))
        # Redis 7.2+ sizes the new set for the whole batch (zsetTypeCreate).
        z = ZSet(n // 2 <= cfg["zset-max-listpack-entries"] and longest <= cfg["zset-max-listpack-value"])
        db.add(key, z)
    added = updated = processed = 0
    score = 0.0
    d = z.dict
    cfg = None
    for k, sc in enumerate(scores):
        member = argv[i + 1 + 2 * k]
        cur = d.get(member)
        if cur is not None:
            if nx:
                continue
            if incr:
                sc += cur
                if sc != sc:
                    _zadd_done(s, db, key, added, updated, incr)
                    raise RedisError(NAN_SCORE)
            if (lt and sc >= cur) or (gt and sc <= cur):
                continue
            score = sc
            processed += 1
            if sc != cur:
                z.add(member, sc)
                updated += 1
        elif not xx:
            z.add(member, sc)
            if z.listpack:
                cfg = cfg or s.engine.config
                z.grow(cfg, len(member))
            score = sc
            added += 1
            processed += 1
    _zadd_done(s, db, key, added, updated, incr)
    if incr:
        return score if processed else None
    return added + updated if ch else added


def _zadd_done(s, db, key, added, updated, incr) -> None:
    if added or updated:
        db.modified(key)
        ks = db.ks
        if ks.notifier is not None:
            ks.notify("z", "zincr" if incr else "zadd", key, db.id)
        if added:
            signal_ready(s, db, key)


def signal_ready(s, db, key) -> None:
    """Tell clients blocked in BZPOP*/BZMPOP that ``key`` may now have members."""
    hook = getattr(s.engine.blocking, "signal_ready", None)
    if hook is not None:
        hook(db, key)


@command("ZADD", arity=-4, flags="write denyoom fast", keys=(1, 1, 1), group=G,
         summary="Add members with scores to a sorted set, or change their scores; options pick which updates happen.",
         complexity="O(log(N)) for each item added, where N is the number of elements in the sorted set.",
         since="1.2.0",
         args=(Key(), OneOf("condition", Token("NX"), Token("XX"), optional=True, since="3.0.2"),
               OneOf("comparison", Token("GT"), Token("LT"), optional=True, since="6.2.0"),
               Token("CH", "change", optional=True, since="3.0.2"),
               Token("INCR", "increment", optional=True, since="3.0.2"),
               Block("data", Double("score"), Str("member"), multiple=True)))
def zadd(s, argv):
    return _zadd(s, argv, 2, False)


@command("ZINCRBY", arity=4, flags="write denyoom fast", keys=(1, 1, 1), group=G,
         key_flags="RW access update",  # reads the old score before writing
         summary="Add an increment to a member's score (creating the member at 0 first) and return the new score.",
         complexity="O(log(N)) where N is the number of elements in the sorted set.", since="1.2.0",
         args=(Key(), Double("increment"), Str("member")))
def zincrby(s, argv):
    return _zadd(s, argv, 2, True)


# ------------------------------------------------------------------ point reads
@command("ZSCORE", arity=3, flags="readonly fast", keys=(1, 1, 1), group=G,
         summary="The score of one member, or nil when the member or key is missing.",
         complexity="O(1)", since="1.2.0", args=(Key(), Str("member")))
def zscore(s, argv):
    z = s.db.lookup_typed(argv[1], ZSet)
    return None if z is None else z.dict.get(argv[2])


@command("ZMSCORE", arity=-3, flags="readonly fast", keys=(1, 1, 1), group=G,
         summary="The scores of several members, nil for each one that is missing.",
         complexity="O(N) where N is the number of members being requested.", since="6.2.0",
         args=(Key(), Str("member", multiple=True)))
def zmscore(s, argv):
    z = s.db.lookup_typed(argv[1], ZSet)
    if z is None:
        return [None] * (len(argv) - 2)
    get = z.dict.get
    return [get(m) for m in argv[2:]]


@command("ZCARD", arity=2, flags="readonly fast", keys=(1, 1, 1), group=G,
         key_flags="RO",  # only the length is read, no member data ("access")
         summary="How many members a sorted set holds (0 when the key is missing).",
         complexity="O(1)", since="1.2.0", args=(Key(),))
def zcard(s, argv):
    z = s.db.lookup_typed(argv[1], ZSet)
    return 0 if z is None else len(z)


def _zrank(s, argv, reverse: bool):
    withscore = False
    if len(argv) > 4:
        raise errors.wrong_arity(argv[0].decode("utf-8", "replace"))
    if len(argv) == 4:
        if upper(argv[3]) != b"WITHSCORE":
            raise RedisError(errors.SYNTAX)
        withscore = True
    z = s.db.lookup_typed(argv[1], ZSet)
    r = None if z is None else z.rank(argv[2], reverse)
    if r is None:
        from ..replies import NULL_ARRAY
        return NULL_ARRAY if withscore else None
    return [r, z.dict[argv[2]]] if withscore else r


@command("ZRANK", arity=-3, flags="readonly fast", keys=(1, 1, 1), group=G,
         summary="A member's 0-based position counting from the lowest score, optionally with its score.",
         complexity="O(log(N))", since="2.0.0",
         args=(Key(), Str("member"), Token("WITHSCORE", optional=True, since="7.2.0")))
def zrank(s, argv):
    return _zrank(s, argv, False)


@command("ZREVRANK", arity=-3, flags="readonly fast", keys=(1, 1, 1), group=G,
         summary="A member's 0-based position counting from the highest score, optionally with its score.",
         complexity="O(log(N))", since="2.0.0",
         args=(Key(), Str("member"), Token("WITHSCORE", optional=True, since="7.2.0")))
def zrevrank(s, argv):
    return _zrank(s, argv, True)


# ------------------------------------------------------------------------ ZREM
@command("ZREM", arity=-3, flags="write fast", keys=(1, 1, 1), group=G, key_flags="RW delete",
         summary="Remove members from a sorted set; returns how many were there.",
         complexity="O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.",
         since="1.2.0", args=(Key(), Str("member", multiple=True)))
def zrem(s, argv):
    db = s.db
    key = argv[1]
    z = db.lookup_typed(key, ZSet)
    if z is None:
        return 0
    n = 0
    for m in argv[2:]:
        if z.remove(m):
            n += 1
            if not z:
                break
    if n:
        notify_removed(db, key, z, "zrem")
    return n


# ------------------------------------------------------------------------ pops
def pop_from(s, key, z, maximum: bool, count: int) -> list:
    """Pop up to ``count`` members from the low or high end; notifies and deletes the
    key when it empties. Returns (member, score) pairs in pop order."""
    db = s.db
    count = min(count, len(z))
    out = [z.pop(maximum) for _ in range(count)]
    if out:
        notify_removed(db, key, z, "zpopmax" if maximum else "zpopmin")
    return out


def _zpop(s, argv, maximum: bool):
    if len(argv) > 3:
        raise RedisError(errors.SYNTAX)
    count = None
    if len(argv) == 3:
        count = to_int(argv[2], MUST_BE_POSITIVE)
        if count < 0:
            raise RedisError(MUST_BE_POSITIVE)
    z = s.db.lookup_typed(argv[1], ZSet)
    if z is None or count == 0:
        return []
    pairs = pop_from(s, argv[1], z, maximum, 1 if count is None else count)
    if count is None:
        m, sc = pairs[0]
        return [m, sc]
    return pairs_reply(s, pairs, True)


@command("ZPOPMIN", arity=-2, flags="write fast", keys=(1, 1, 1), group=G,
         key_flags="RW access delete",  # returns what it removes
         summary="Remove and return the members with the lowest scores.",
         complexity="O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.",
         since="5.0.0", args=(Key(), Int("count", optional=True)))
def zpopmin(s, argv):
    return _zpop(s, argv, False)


@command("ZPOPMAX", arity=-2, flags="write fast", keys=(1, 1, 1), group=G,
         key_flags="RW access delete",  # returns what it removes
         summary="Remove and return the members with the highest scores.",
         complexity="O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.",
         since="5.0.0", args=(Key(), Int("count", optional=True)))
def zpopmax(s, argv):
    return _zpop(s, argv, True)


def parse_mpop(argv, ni: int):
    """numkeys, keys, MIN|MAX and COUNT of Z[B]MPOP starting at the numkeys index."""
    numkeys = to_int(argv[ni], "ERR numkeys should be greater than 0")
    if numkeys < 1:
        raise errors.err("numkeys should be greater than 0")
    wi = ni + numkeys + 1
    if wi >= len(argv):
        raise RedisError(errors.SYNTAX)
    where = upper(argv[wi])
    if where not in (b"MIN", b"MAX"):
        raise RedisError(errors.SYNTAX)
    count = -1
    j = wi + 1
    while j < len(argv):
        if count == -1 and upper(argv[j]) == b"COUNT" and j + 1 < len(argv):
            count = to_int(argv[j + 1], "ERR count should be greater than 0")
            if count < 1:
                raise errors.err("count should be greater than 0")
            j += 2
        else:
            raise RedisError(errors.SYNTAX)
    return argv[ni + 1:wi], where == b"MAX", 1 if count == -1 else count


def mpop_first(s, keys, maximum: bool, count: int):
    """Pop from the first non-empty key: [key, [[member, score], ...]] or None."""
    db = s.db
    for key in keys:
        z = db.lookup_typed(key, ZSet)
        if z is not None:
            pairs = pop_from(s, key, z, maximum, count)
            return [key, [[m, sc] for m, sc in pairs]]
    return None


@command("ZMPOP", arity=-4, flags="write", keynum=(1, 2, 1), group=G, key_flags="RW access delete",
         summary="Pop the lowest or highest scored members from the first non-empty sorted set among several keys.",
         complexity="O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.",
         since="7.0.0",
         args=(Int("numkeys"), Key(multiple=True), OneOf("where", Token("MIN"), Token("MAX")),
               Int("count", token="COUNT", optional=True)))
def zmpop(s, argv):
    from ..replies import NULL_ARRAY

    keys, maximum, count = parse_mpop(argv, 1)
    r = mpop_first(s, keys, maximum, count)
    return NULL_ARRAY if r is None else r


# ------------------------------------------------------------------ ZRANDMEMBER
@command("ZRANDMEMBER", arity=-2, flags="readonly", keys=(1, 1, 1), group=G,
         summary="Random members of a sorted set: distinct for a positive count, possibly repeated for a negative one.",
         complexity="O(N) where N is the number of members returned", since="6.2.0",
         args=(Key(), Block("options", Int("count"), Token("WITHSCORES", optional=True), optional=True)),
         tips="nondeterministic_output")
def zrandmember(s, argv):
    db = s.db
    rng = s.engine.clock.rng
    if len(argv) == 2:
        z = db.lookup_typed(argv[1], ZSet)
        if z is None:
            return None
        return z.at(rng.randrange(len(z)))[0]
    count = to_int(argv[2])
    if count < -(2 ** 63 - 1):
        raise errors.err("value is out of range, value must between -9223372036854775807 and 9223372036854775807")
    withscores = False
    if len(argv) > 4 or (len(argv) == 4 and upper(argv[3]) != b"WITHSCORES"):
        raise RedisError(errors.SYNTAX)
    if len(argv) == 4:
        withscores = True
        if count < -(2 ** 62 - 1) or count > 2 ** 62 - 1:
            raise errors.err("value is out of range")
    z = db.lookup_typed(argv[1], ZSet)
    if z is None or count == 0:
        return []
    n = len(z)
    if count < 0 or count == 1:
        # With repetition: every pick is independent.
        pairs = [z.at(rng.randrange(n)) for _ in range(-count if count < 0 else 1)]
    elif count >= n:
        pairs = z.range(0, n - 1, True)     # the whole set, walked from the tail as Redis does
    elif z.listpack:
        # A listpack sample keeps the set's order (Redis walks it once, picking).
        pairs = [z.at(i) for i in sorted(rng.sample(range(n), count))]
    else:
        pairs = [z.at(i) for i in rng.sample(range(n), count)]
    return pairs_reply(s, pairs, withscores)


# ------------------------------------------------------------------------ ZSCAN
@command("ZSCAN", arity=-3, flags="readonly", keys=(1, 1, 1), group=G,
         summary="Walk the members and scores of a sorted set a batch at a time with a cursor.",
         complexity="O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.",
         since="2.8.0",
         args=(Key(), Int("cursor"), Pattern(token="MATCH", optional=True),
               Int("count", token="COUNT", optional=True)),
         tips="nondeterministic_output")
def zscan(s, argv):
    from ..args import format_double
    from ..glob import match
    from ..scan import parse_cursor, scan

    cursor = parse_cursor(argv[2])
    z = s.db.lookup_typed(argv[1], ZSet)
    if z is None:
        return [b"0", []]
    count, pattern = 10, None
    i, n = 3, len(argv)
    while i < n:
        opt = upper(argv[i])
        if opt == b"COUNT" and i + 1 < n:
            count = to_int(argv[i + 1])
            if count < 1:
                raise RedisError(errors.SYNTAX)
        elif opt == b"MATCH" and i + 1 < n:
            pattern = argv[i + 1]
        else:
            raise RedisError(errors.SYNTAX)
        i += 2
    if pattern == b"*":
        pattern = None      # Redis skips a lone '*', so it also returns the empty member
    d = z.dict
    if z.listpack:
        nxt, members = 0, [m for m, _ in z]   # a listpack answers in one go, in order
    else:
        nxt, members = scan(s.db, z, cursor, count, lambda: list(d))
    out = []
    for m in members:
        sc = d.get(m)
        if sc is None or (pattern is not None and not match(pattern, m)):
            continue
        out.append(m)
        out.append(format_double(sc))   # scores are bulk strings here, even in RESP3
    return [b"%d" % nxt, out]


from . import zsets_algebra, zsets_blocking, zsets_range  # noqa: E402,F401  (register the rest)
