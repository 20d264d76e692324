"""Set algebra: SINTER, SINTERCARD, SINTERSTORE, SUNION(STORE), SDIFF(STORE).

Results are built the way Redis builds them (a fresh set that starts as an intset
and converts as members arrive), so the reply order and the stored encoding match:
sorted for integer results, first-seen order for small string results.
"""
from __future__ import annotations

from ...errors import RedisError
from ..args import to_int, upper
from ..datatypes.rset import INTSET, RSet
from ..registry import Int, Key, command
from ..replies import SetReply
from ... import errors

NUMKEYS_POSITIVE = "ERR numkeys should be greater than 0"
NUMKEYS_TOO_MANY = "ERR Number of keys can't be greater than number of args"
LIMIT_NEGATIVE = "ERR LIMIT can't be negative"


def _load(s, keys):
    """The sets at ``keys`` (None for missing ones); WRONGTYPE if any is not a set."""
    db = s.db
    out = []
    for k in keys:
        v = db.lookup(k)
        if v is not None and type(v) is not RSet:
            raise RedisError(errors.WRONGTYPE)
        out.append(v)
    return out


def _inter(sets, limit: int = 0):
    """Members common to all ``sets``, in the order of the smallest one."""
    if any(x is None for x in sets):
        return []
    sets = sorted(sets, key=len)
    first, rest = sets[0], sets[1:]
    out = []
    for m in first.members():
        for other in rest:
            if m not in other.pos:
                break
        else:
            out.append(m)
            if limit and len(out) >= limit:
                break
    return out


def _build(members, cfg) -> RSet:
    res = RSet(INTSET)
    add = res.add
    for m in members:
        add(m, cfg)
    return res


def _union(sets, cfg) -> RSet:
    res = RSet(INTSET)
    for st in sets:
        if st is not None:
            for m in st.members():
                res.add(m, cfg)
    return res


def _diff(sets, cfg) -> RSet:
    first = sets[0]
    if first is None:
        return RSet(INTSET)
    others = [x for x in sets[1:] if x is not None]
    res = RSet(INTSET)
    for m in first.members():
        for o in others:
            if m in o.pos:
                break
        else:
            res.add(m, cfg)
    return res


def _store(s, dst, result: RSet, event: str) -> int:
    db = s.db
    if not result:
        if db.delete(dst):
            db.ks.notify("g", "del", dst, db.id)
        return 0
    db.set(dst, result)
    db.ks.notify("s", event, dst, db.id)
    return len(result)


_SINTER_DOC = "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets."
_UNION_DOC = "O(N) where N is the total number of elements in all given sets."
_DIFF_DOC = "O(N) where N is the total number of elements in all given sets."
# SUNIONSTORE / SDIFFSTORE: a destination overwritten, then the sources read
# (Redis flags SINTERSTORE's destination RW, not OW).
_STORE_SPECS = (("OW update", ("index", 1), ("range", 0, 1, 0)),
                ("RO access", ("index", 2), ("range", -1, 1, 0)))
_SINTERSTORE_SPECS = (("RW update",) + _STORE_SPECS[0][1:], _STORE_SPECS[1])


@command("SINTER", arity=-2, flags="readonly", keys=(1, -1, 1), group="set",
         summary="Return the members present in every one of the given sets.",
         complexity=_SINTER_DOC, since="1.0.0", args=(Key(multiple=True),),
         tips="nondeterministic_output_order")
def sinter(s, argv):
    return SetReply(_inter(_load(s, argv[1:])))


@command("SINTERSTORE", arity=-3, flags="write denyoom", keys=(1, -1, 1), group="set",
         summary="Store the intersection of sets at a destination key; returns its size.",
         complexity=_SINTER_DOC, since="1.0.0",
         args=(Key("destination"), Key(multiple=True, key_spec_index=1)),
         key_specs=_SINTERSTORE_SPECS)
def sinterstore(s, argv):
    members = _inter(_load(s, argv[2:]))
    return _store(s, argv[1], _build(members, s.engine.config), "sinterstore")


@command("SINTERCARD", arity=-3, flags="readonly", keynum=(1, 2, 1), group="set",
         summary="Count the members common to the given sets, optionally stopping at a limit.",
         complexity=_SINTER_DOC, since="7.0.0",
         args=(Int("numkeys"), Key(multiple=True), Int("limit", token="LIMIT", optional=True)))
def sintercard(s, argv):
    try:
        numkeys = to_int(argv[1])
    except RedisError:
        raise RedisError(NUMKEYS_POSITIVE) from None
    if numkeys < 1:
        raise RedisError(NUMKEYS_POSITIVE)
    if numkeys > len(argv) - 2:
        raise RedisError(NUMKEYS_TOO_MANY)
    limit = 0
    i = 2 + numkeys
    while i < len(argv):
        if upper(argv[i]) == b"LIMIT" and i + 1 < len(argv):
            try:
                limit = to_int(argv[i + 1])
            except RedisError:
                raise RedisError(LIMIT_NEGATIVE) from None
            if limit < 0:
                raise RedisError(LIMIT_NEGATIVE)
            i += 2
        else:
            raise RedisError(errors.SYNTAX)
    return len(_inter(_load(s, argv[2:2 + numkeys]), limit))


@command("SUNION", arity=-2, flags="readonly", keys=(1, -1, 1), group="set",
         summary="Return the members present in any of the given sets.",
         complexity=_UNION_DOC, since="1.0.0", args=(Key(multiple=True),),
         tips="nondeterministic_output_order")
def sunion(s, argv):
    return SetReply(_union(_load(s, argv[1:]), s.engine.config).members())


@command("SUNIONSTORE", arity=-3, flags="write denyoom", keys=(1, -1, 1), group="set",
         summary="Store the union of sets at a destination key; returns its size.",
         complexity=_UNION_DOC, since="1.0.0",
         args=(Key("destination"), Key(multiple=True, key_spec_index=1)), key_specs=_STORE_SPECS)
def sunionstore(s, argv):
    return _store(s, argv[1], _union(_load(s, argv[2:]), s.engine.config), "sunionstore")


@command("SDIFF", arity=-2, flags="readonly", keys=(1, -1, 1), group="set",
         summary="Return the members of the first set that are in none of the others.",
         complexity=_DIFF_DOC, since="1.0.0", args=(Key(multiple=True),),
         tips="nondeterministic_output_order")
def sdiff(s, argv):
    return SetReply(_diff(_load(s, argv[1:]), s.engine.config).members())


@command("SDIFFSTORE", arity=-3, flags="write denyoom", keys=(1, -1, 1), group="set",
         summary="Store the difference of sets at a destination key; returns its size.",
         complexity=_DIFF_DOC, since="1.0.0",
         args=(Key("destination"), Key(multiple=True, key_spec_index=1)), key_specs=_STORE_SPECS)
def sdiffstore(s, argv):
    return _store(s, argv[1], _diff(_load(s, argv[2:]), s.engine.config), "sdiffstore")
