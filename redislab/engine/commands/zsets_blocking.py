"""BZPOPMIN, BZPOPMAX and BZMPOP: the pops that wait for a member to arrive.

When a listed key already holds members the command answers at once, exactly like
its non-blocking twin. Otherwise the caller is parked through engine/blocking.py
(never the engine, house rule 6); inside MULTI or Lua (``s.no_block``) it answers
the timeout reply straight away, as Redis does.
"""
from __future__ import annotations

from ...errors import RedisError
from ..datatypes.zset import ZSet
from ..registry import Double, Int, Key, OneOf, Token, command
from ..replies import NULL_ARRAY
from .zsets import G, mpop_first, parse_mpop, pop_from

try:  # written by the lists developer; absent means nothing can block yet
    from .. import blocking as _blocking
except ImportError:  # pragma: no cover
    _blocking = None

TIMEOUT_NOT_FLOAT = "ERR timeout is not a float or out of range"
TIMEOUT_NEGATIVE = "ERR timeout is negative"
TIMEOUT_OUT_OF_RANGE = "ERR timeout is out of range"


def parse_timeout(b) -> float:
    """Seconds to wait (0 = forever), with the errors Redis gives."""
    from .zsets import _strtod

    v = _strtod(b) if b[:1] not in b" \t\n\v\f\r" else None
    if v is None:
        raise RedisError(TIMEOUT_NOT_FLOAT)
    # Redis 7.2+ refuses a timeout whose milliseconds overflow a long long; 7.0 let
    # the cast wrap negative and said "timeout is negative" (docs/COMPATIBILITY.md).
    if v * 1000.0 > 9223372036854775807:
        raise RedisError(TIMEOUT_OUT_OF_RANGE)
    if v < 0:
        raise RedisError(TIMEOUT_NEGATIVE)
    return v


def _try_bzpop(s, keys, maximum: bool):
    db = s.db
    for key in keys:
        z = db.lookup_typed(key, ZSet)
        if z is not None:
            m, sc = pop_from(s, key, z, maximum, 1)[0]
            return [key, m, sc]
    return None


def _block(s, keys, timeout: float, attempt):
    """Answer now if ``attempt()`` can, else park the caller until it can or time runs out."""
    r = attempt()
    if r is not None:
        return r
    if s.no_block or getattr(_blocking, "block", None) is None:
        # TODO(blocking.py): wire to the shared parking API once it lands.
        return NULL_ARRAY
    # btype: only a sorted-set write wakes the waiter, as in Redis.
    return _blocking.block(s, keys, timeout, attempt, NULL_ARRAY, btype="zset")


def _bzpop(s, argv, maximum: bool):
    timeout = parse_timeout(argv[-1])
    keys = argv[1:-1]
    return _block(s, keys, timeout, lambda: _try_bzpop(s, keys, maximum))


@command("BZPOPMIN", arity=-3, flags="write noscript blocking fast", keys=(1, -2, 1), group=G,
         key_flags="RW access delete",  # returns what it removes
         summary="Pop the lowest scored member from the first non-empty sorted set, waiting for one if all are empty.",
         complexity="O(log(N)) with N being the number of elements in the sorted set.", since="5.0.0",
         args=(Key(multiple=True), Double("timeout")))
def bzpopmin(s, argv):
    return _bzpop(s, argv, False)


@command("BZPOPMAX", arity=-3, flags="write noscript blocking fast", keys=(1, -2, 1), group=G,
         key_flags="RW access delete",  # returns what it removes
         summary="Pop the highest scored member from the first non-empty sorted set, waiting for one if all are empty.",
         complexity="O(log(N)) with N being the number of elements in the sorted set.", since="5.0.0",
         args=(Key(multiple=True), Double("timeout")))
def bzpopmax(s, argv):
    return _bzpop(s, argv, True)


@command("BZMPOP", arity=-5, flags="write blocking", keynum=(2, 3, 1), group=G, key_flags="RW access delete",
         summary="ZMPOP that waits for a member to arrive when every listed sorted set is empty.",
         complexity="O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.",
         since="7.0.0",
         args=(Double("timeout"), Int("numkeys"), Key(multiple=True),
               OneOf("where", Token("MIN"), Token("MAX")), Int("count", token="COUNT", optional=True)))
def bzmpop(s, argv):
    timeout = parse_timeout(argv[1])
    keys, maximum, count = parse_mpop(argv, 2)
    return _block(s, keys, timeout, lambda: mpop_first(s, keys, maximum, count))

