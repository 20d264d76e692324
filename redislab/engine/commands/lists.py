"""List commands: pushes, pops, ranges, edits, LPOS, LMOVE and LMPOP.

The blocking variants (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) are in
lists_blocking.py, imported at the bottom so ``registry.load_all()`` finds them.
Argument checks come in the order Redis makes them, so each malformed call gets the
same error a real server gives (e.g. LINDEX looks the key up before parsing the index,
LRANGE parses first).
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import to_int, upper
from ..datatypes.rlist import RList
from ..registry import Int, Key, OneOf, Str, Token, command
from ..replies import NULL_ARRAY, OK

G = "list"
_LEFT, _RIGHT = b"LEFT", b"RIGHT"


def fill_of(s) -> int:
    """The list-max-listpack-size in force (decides listpack vs quicklist)."""
    return s.engine.config.values["list-max-listpack-size"]


def where_of(b) -> bool:
    """LEFT -> True, RIGHT -> False; anything else is a syntax error."""
    w = upper(b)
    if w == _LEFT:
        return True
    if w == _RIGHT:
        return False
    raise RedisError(errors.SYNTAX)


def popped(s, db, key, lst: RList, left: bool) -> None:
    """Bookkeeping after elements left ``lst``: event, delete when empty, encoding."""
    db.ks.notify("l", "lpop" if left else "rpop", key, db.id)
    if not lst:
        db.remove_if_empty(key, lst)
    else:
        lst.shrink(fill_of(s))
    db.modified(key)


def push_into(s, db, key, lst, items, left: bool) -> int:
    """Push ``items`` to ``key`` (creating the list when ``lst`` is None)."""
    if lst is None:
        lst = RList()
        db.add(key, lst)
    n = lst.push(items, left, fill_of(s))
    db.modified(key)
    db.ks.notify("l", "lpush" if left else "rpush", key, db.id)
    return n


# ---------------------------------------------------------------- pushes

def _push(s, argv, left: bool, only_existing: bool):
    db = s.db
    key = argv[1]
    lst = db.lookup_typed(key, RList)
    if lst is None and only_existing:
        return 0
    return push_into(s, db, key, lst, argv[2:], left)


_PUSH_ARGS = (Key(), Str("element", multiple=True))
_PUSH_HISTORY = (("2.4.0", "Accepts multiple `element` arguments."),)


@command("LPUSH", arity=-3, flags="write denyoom fast", keys=(1, 1, 1), group=G, key_flags=("RW insert",),
         summary="Add one or more elements at the head of a list, creating it if needed; returns the new length.",
         complexity="O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
         since="1.0.0", history=_PUSH_HISTORY, args=_PUSH_ARGS)
def lpush(s, argv):
    return _push(s, argv, True, False)


@command("RPUSH", arity=-3, flags="write denyoom fast", keys=(1, 1, 1), group=G, key_flags=("RW insert",),
         summary="Add one or more elements at the tail of a list, creating it if needed; returns the new length.",
         complexity="O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
         since="1.0.0", history=_PUSH_HISTORY, args=_PUSH_ARGS)
def rpush(s, argv):
    return _push(s, argv, False, False)


@command("LPUSHX", arity=-3, flags="write denyoom fast", keys=(1, 1, 1), group=G, key_flags=("RW insert",),
         summary="Add elements at the head of a list only if the list already exists.",
         complexity="O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
         since="2.2.0", history=(("4.0.0", "Accepts multiple `element` arguments."),), args=_PUSH_ARGS)
def lpushx(s, argv):
    return _push(s, argv, True, True)


@command("RPUSHX", arity=-3, flags="write denyoom fast", keys=(1, 1, 1), group=G, key_flags=("RW insert",),
         summary="Add elements at the tail of a list only if the list already exists.",
         complexity="O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
         since="2.2.0", history=(("4.0.0", "Accepts multiple `element` arguments."),), args=_PUSH_ARGS)
def rpushx(s, argv):
    return _push(s, argv, False, True)


# ------------------------------------------------------------------ pops

def _pop(s, argv, left: bool):
    argc = len(argv)
    if argc > 3:
        raise errors.wrong_arity(argv[0].decode("utf-8", "replace"))
    count = None
    if argc == 3:
        count = to_int(argv[2], errors.NOT_POSITIVE)
        if count < 0:
            raise RedisError(errors.NOT_POSITIVE)
    db = s.db
    key = argv[1]
    lst = db.lookup_typed(key, RList)
    if lst is None:
        return None if count is None else NULL_ARRAY
    if count is None:
        v = lst.pop_end(left)
        popped(s, db, key, lst, left)
        return v
    if count == 0:
        return []
    out = lst.pop_many(count, left)
    popped(s, db, key, lst, left)
    return out


_POP_ARGS = (Key(), Int("count", optional=True, since="6.2.0"))
_POP_HISTORY = (("6.2.0", "Added the `count` argument."),)


@command("LPOP", arity=-2, flags="write fast", keys=(1, 1, 1), group=G, key_flags=("RW access delete",),
         summary="Remove and return the first element of a list, or the first `count` elements.",
         complexity="O(N) where N is the number of elements returned", since="1.0.0",
         history=_POP_HISTORY, args=_POP_ARGS)
def lpop(s, argv):
    return _pop(s, argv, True)


@command("RPOP", arity=-2, flags="write fast", keys=(1, 1, 1), group=G, key_flags=("RW access delete",),
         summary="Remove and return the last element of a list, or the last `count` elements.",
         complexity="O(N) where N is the number of elements returned", since="1.0.0",
         history=_POP_HISTORY, args=_POP_ARGS)
def rpop(s, argv):
    return _pop(s, argv, False)


# ------------------------------------------------------------------ reads

@command("LLEN", arity=2, flags="readonly fast", keys=(1, 1, 1), group=G, key_flags=("RO",),
         summary="Return the number of elements in a list (0 when the key does not exist).",
         complexity="O(1)", since="1.0.0", args=(Key(),))
def llen(s, argv):
    lst = s.db.lookup_typed(argv[1], RList)
    return 0 if lst is None else len(lst)


@command("LRANGE", arity=4, flags="readonly", keys=(1, 1, 1), group=G, key_flags=("RO access",),
         summary="Return the elements between two indexes (inclusive; negative counts from the tail).",
         complexity="O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.",
         since="1.0.0", args=(Key(), Int("start"), Int("stop")))
def lrange(s, argv):
    start, end = to_int(argv[2]), to_int(argv[3])
    lst = s.db.lookup_typed(argv[1], RList)
    return [] if lst is None else lst.range(start, end)


@command("LINDEX", arity=3, flags="readonly", keys=(1, 1, 1), group=G, key_flags=("RO access",),
         summary="Return the element at an index (negative counts from the tail), or nil when out of range.",
         complexity="O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).",
         since="1.0.0", args=(Key(), Int("index")))
def lindex(s, argv):
    lst = s.db.lookup_typed(argv[1], RList)
    if lst is None:
        return None
    return lst.get(to_int(argv[2]))


@command("LPOS", arity=-3, flags="readonly", keys=(1, 1, 1), group=G, key_flags=("RO access",),
         summary="Return the index of matching elements, optionally the Nth match, several matches, or within the first elements only.",
         complexity="O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.",
         since="6.0.6",
         args=(Key(), Str("element"), Int("rank", token="RANK", optional=True),
               Int("num-matches", token="COUNT", optional=True), Int("len", token="MAXLEN", optional=True)))
def lpos(s, argv):
    rank, count, maxlen = 1, None, 0
    i, argc = 3, len(argv)
    while i < argc:
        opt = upper(argv[i])
        more = i + 1 < argc
        if opt == b"RANK" and more:
            rank = to_int(argv[i + 1])
            if rank == -(1 << 63):
                # Redis 7.2+ bounds RANK to +-LONG_MAX so it can be negated.
                raise RedisError(errors.LONG_RANGE)
            if rank == 0:
                raise RedisError(errors.LPOS_RANK_ZERO)
        elif opt == b"COUNT" and more:
            count = to_int(argv[i + 1], errors.LPOS_COUNT_NEGATIVE)
            if count < 0:
                raise RedisError(errors.LPOS_COUNT_NEGATIVE)
        elif opt == b"MAXLEN" and more:
            maxlen = to_int(argv[i + 1], errors.LPOS_MAXLEN_NEGATIVE)
            if maxlen < 0:
                raise RedisError(errors.LPOS_MAXLEN_NEGATIVE)
        else:
            raise RedisError(errors.SYNTAX)
        i += 2
    lst = s.db.lookup_typed(argv[1], RList)
    if lst is None:
        return [] if count is not None else None
    found = lst.positions(argv[2], rank, 1 if count is None else count, maxlen)
    if count is not None:
        return found
    return found[0] if found else None


# ------------------------------------------------------------------ edits

@command("LSET", arity=4, flags="write denyoom", keys=(1, 1, 1), group=G, key_flags=("RW update",),
         summary="Replace the element at an index.",
         complexity="O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).",
         since="1.0.0", args=(Key(), Int("index"), Str("element")))
def lset(s, argv):
    db = s.db
    key = argv[1]
    lst = db.lookup_typed(key, RList)
    if lst is None:
        raise RedisError(errors.NO_SUCH_KEY)
    index = to_int(argv[2])
    value = argv[3]
    fill = fill_of(s)
    lst.grow(len(value), 1, fill)     # Redis checks the size before knowing the index is valid
    if not lst.set_at(index, value):
        raise RedisError(errors.INDEX_OUT_OF_RANGE)
    db.modified(key)
    db.ks.notify("l", "lset", key, db.id)
    lst.shrink(fill)
    return OK


@command("LINSERT", arity=5, flags="write denyoom", keys=(1, 1, 1), group=G, key_flags=("RW insert",),
         summary="Insert an element just before or after the first occurrence of a pivot element.",
         complexity="O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).",
         since="2.2.0",
         args=(Key(), OneOf("where", Token("BEFORE"), Token("AFTER")), Str("pivot"), Str("element")))
def linsert(s, argv):
    w = upper(argv[2])
    if w not in (b"BEFORE", b"AFTER"):
        raise RedisError(errors.SYNTAX)
    db = s.db
    key = argv[1]
    lst = db.lookup_typed(key, RList)
    if lst is None:
        return 0
    lst.grow(len(argv[4]), 1, fill_of(s))
    if not lst.insert_at_pivot(argv[3], argv[4], w == b"AFTER"):
        return -1
    db.modified(key)
    db.ks.notify("l", "linsert", key, db.id)
    return len(lst)


@command("LREM", arity=4, flags="write", keys=(1, 1, 1), group=G, key_flags=("RW delete",),
         summary="Remove occurrences of an element: the first `count` from the head, from the tail when negative, or all with 0.",
         complexity="O(N+M) where N is the length of the list and M is the number of elements removed.",
         since="1.0.0", args=(Key(), Int("count"), Str("element")))
def lrem(s, argv):
    count = to_int(argv[2])
    db = s.db
    key = argv[1]
    lst = db.lookup_typed(key, RList)
    if lst is None:
        return 0
    removed = lst.remove_value(argv[3], count)
    if removed:
        db.modified(key)
        db.ks.notify("l", "lrem", key, db.id)
        if not db.remove_if_empty(key, lst):
            lst.shrink(fill_of(s))
    return removed


@command("LTRIM", arity=4, flags="write", keys=(1, 1, 1), group=G, key_flags=("RW delete",),
         summary="Keep only the elements between two indexes, dropping the rest.",
         complexity="O(N) where N is the number of elements to be removed by the operation.",
         since="1.0.0", args=(Key(), Int("start"), Int("stop")))
def ltrim(s, argv):
    start, end = to_int(argv[2]), to_int(argv[3])
    db = s.db
    key = argv[1]
    lst = db.lookup_typed(key, RList)
    if lst is None:
        return OK
    lst.trim(start, end)
    db.ks.notify("l", "ltrim", key, db.id)
    if not db.remove_if_empty(key, lst):
        lst.shrink(fill_of(s))
    db.modified(key)
    return OK


# ------------------------------------------------------------ moves, LMPOP

def move(s, src, dst, from_left: bool, to_left: bool):
    """LMOVE's work: the moved element, or None when ``src`` does not exist."""
    db = s.db
    sl = db.lookup_typed(src, RList)
    if sl is None:
        return None
    dl = db.lookup_typed(dst, RList)          # WRONGTYPE before anything moves
    value = sl.pop_end(from_left)
    push_into(s, db, dst, dl, (value,), to_left)
    popped(s, db, src, sl, from_left)
    return value


@command("LMOVE", arity=5, flags="write denyoom", keys=(1, 2, 1), group=G, key_flags=("RW access delete", "RW insert"),
         summary="Pop an element from one end of a list and push it onto an end of another (or the same) list, returning it.",
         complexity="O(1)", since="6.2.0",
         args=(Key("source"), Key("destination", key_spec_index=1),
               OneOf("wherefrom", Token("LEFT"), Token("RIGHT")), OneOf("whereto", Token("LEFT"), Token("RIGHT"))))
def lmove(s, argv):
    return move(s, argv[1], argv[2], where_of(argv[3]), where_of(argv[4]))


@command("RPOPLPUSH", arity=3, flags="write denyoom", keys=(1, 2, 1), group=G, key_flags=("RW access delete", "RW insert"),
         summary="Pop the last element of a list and push it at the head of another (or the same) list, returning it.",
         complexity="O(1)", since="1.2.0", doc_flags="deprecated", deprecated_since="6.2.0",
         replaced_by="`LMOVE` with the `RIGHT` and `LEFT` arguments",
         args=(Key("source"), Key("destination", key_spec_index=1)))
def rpoplpush(s, argv):
    return move(s, argv[1], argv[2], False, True)


def parse_mpop(argv, numkeys_at: int):
    """LMPOP/BLMPOP arguments from ``numkeys_at``: (keys, left, count)."""
    numkeys = to_int(argv[numkeys_at], errors.NUMKEYS_POSITIVE)
    if numkeys < 1:
        raise RedisError(errors.NUMKEYS_POSITIVE)
    where_at = numkeys_at + numkeys + 1
    argc = len(argv)
    if where_at >= argc:
        raise RedisError(errors.SYNTAX)
    left = where_of(argv[where_at])
    count = None
    i = where_at + 1
    while i < argc:
        if count is None and upper(argv[i]) == b"COUNT" and i + 1 < argc:
            count = to_int(argv[i + 1], errors.COUNT_POSITIVE)
            if count < 1:
                raise RedisError(errors.COUNT_POSITIVE)
            i += 2
        else:
            raise RedisError(errors.SYNTAX)
    return argv[numkeys_at + 1:where_at], left, count or 1


def mpop_first(s, keys, left: bool, count: int):
    """Pop up to ``count`` from the first non-empty list: [key, [elements]] or None."""
    db = s.db
    for key in keys:
        lst = db.lookup_typed(key, RList)
        if lst:
            out = lst.pop_many(count, left)
            popped(s, db, key, lst, left)
            return [key, out]
    return None


_MPOP_ARGS = (Int("numkeys"), Key(multiple=True), OneOf("where", Token("LEFT"), Token("RIGHT")),
              Int("count", token="COUNT", optional=True))


@command("LMPOP", arity=-4, flags="write", keynum=(1, 2, 1), group=G, key_flags=("RW access delete",),
         summary="Pop one or more elements from the first non-empty list among the given keys.",
         complexity="O(N+M) where N is the number of provided keys and M is the number of elements returned.",
         since="7.0.0", args=_MPOP_ARGS)
def lmpop(s, argv):
    keys, left, count = parse_mpop(argv, 1)
    r = mpop_first(s, keys, left, count)
    return NULL_ARRAY if r is None else r


from . import lists_blocking  # noqa: E402,F401  (registers BLPOP & co.)
