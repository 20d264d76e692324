"""BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP: list pops that wait for data.

With data available each answers at once exactly like its non-blocking twin.
Otherwise the caller is parked through engine/blocking.py (never the engine);
inside MULTI/EXEC or a script it answers the timeout reply straight away, as Redis
does. The timeout is parsed first, before any key is looked at, like Redis.
"""
from __future__ import annotations

from ..blocking import block, must_answer_now, parse_timeout
from ..datatypes.rlist import RList
from ..registry import Double, Int, Key, OneOf, Token, command
from ..replies import NULL_ARRAY
from .lists import G, move, mpop_first, parse_mpop, popped, where_of


def _pop_first(s, keys, left: bool):
    db = s.db
    for key in keys:
        lst = db.lookup_typed(key, RList)
        if lst:
            v = lst.pop_end(left)
            popped(s, db, key, lst, left)
            return [key, v]
    return None


def _wait(s, keys, timeout: float, attempt, now_reply=NULL_ARRAY):
    """Answer now when ``attempt()`` can; else park. A timed-out list wait always answers
    the null array, but BLMOVE that may not block answers a null bulk, as Redis does."""
    r = attempt()
    if r is not None:
        return r
    if must_answer_now(s):
        return now_reply
    return block(s, keys, timeout, attempt, NULL_ARRAY, btype="list")


def _bpop(s, argv, left: bool):
    timeout = parse_timeout(argv[-1], s)
    keys = argv[1:-1]
    return _wait(s, keys, timeout, lambda: _pop_first(s, keys, left))


_BPOP_ARGS = (Key(multiple=True), Double("timeout"))
_BPOP_HISTORY = (("6.0.0", "`timeout` is interpreted as a double instead of an integer."),)


@command("BLPOP", arity=-3, flags="write noscript blocking", keys=(1, -2, 1), group=G, key_flags=("RW access delete",),
         summary="Pop the first element of the first non-empty list, waiting up to a timeout for one to arrive.",
         complexity="O(N) where N is the number of provided keys.", since="2.0.0",
         history=_BPOP_HISTORY, args=_BPOP_ARGS)
def blpop(s, argv):
    return _bpop(s, argv, True)


@command("BRPOP", arity=-3, flags="write noscript blocking", keys=(1, -2, 1), group=G, key_flags=("RW access delete",),
         summary="Pop the last element of the first non-empty list, waiting up to a timeout for one to arrive.",
         complexity="O(N) where N is the number of provided keys.", since="2.0.0",
         history=_BPOP_HISTORY, args=_BPOP_ARGS)
def brpop(s, argv):
    return _bpop(s, argv, False)


def _bmove(s, argv, from_left: bool, to_left: bool, timeout: float):
    src, dst = argv[1], argv[2]
    return _wait(s, [src], timeout, lambda: move(s, src, dst, from_left, to_left), None)


@command("BLMOVE", arity=6, flags="write denyoom noscript blocking", keys=(1, 2, 1), group=G, key_flags=("RW access delete", "RW insert"),
         summary="LMOVE that waits up to a timeout for the source list to get an element.",
         complexity="O(1)", since="6.2.0",
         args=(Key("source"), Key("destination", key_spec_index=1),
               OneOf("wherefrom", Token("LEFT"), Token("RIGHT")), OneOf("whereto", Token("LEFT"), Token("RIGHT")),
               Double("timeout")))
def blmove(s, argv):
    from_left, to_left = where_of(argv[3]), where_of(argv[4])
    return _bmove(s, argv, from_left, to_left, parse_timeout(argv[5], s))


@command("BRPOPLPUSH", arity=4, flags="write denyoom noscript blocking", keys=(1, 2, 1), group=G, key_flags=("RW access delete", "RW insert"),
         summary="RPOPLPUSH that waits up to a timeout for the source list to get an element.",
         complexity="O(1)", since="2.2.0", doc_flags="deprecated", deprecated_since="6.2.0",
         replaced_by="`BLMOVE` with the `RIGHT` and `LEFT` arguments",
         history=(("6.0.0", "`timeout` is interpreted as a double instead of an integer."),),
         args=(Key("source"), Key("destination", key_spec_index=1), Double("timeout")))
def brpoplpush(s, argv):
    return _bmove(s, argv, False, True, parse_timeout(argv[3], s))


@command("BLMPOP", arity=-5, flags="write blocking", keynum=(2, 3, 1), group=G, key_flags=("RW access delete",),
         summary="LMPOP that waits up to a timeout for one of the lists to get an element.",
         complexity="O(N+M) where N is the number of provided keys and M is the number of elements returned.",
         since="7.0.0",
         args=(Double("timeout"), Int("numkeys"), Key(multiple=True),
               OneOf("where", Token("LEFT"), Token("RIGHT")), Int("count", token="COUNT", optional=True)))
def blmpop(s, argv):
    keys, left, count = parse_mpop(argv, 2)
    timeout = parse_timeout(argv[1], s)
    return _wait(s, keys, timeout, lambda: mpop_first(s, keys, left, count))
