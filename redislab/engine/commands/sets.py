"""Set commands: membership, random picks, SMOVE, SSCAN.

The algebra (SINTER/SUNION/SDIFF and their STORE forms, SINTERCARD) is in
sets_algebra.py, imported below so loading this module registers the whole group.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import INT64_MAX, to_int
from ..datatypes.rset import RSet
from ..registry import Int, Key, Pattern, Str, command
from ..replies import SetReply
from ..scan import SCAN_COMPLEXITY
from . import sets_algebra  # noqa: F401  (registers SINTER & co.)
from .hashes import cursor_bytes, parse_scan_options

LONG_MAX = INT64_MAX


def _get(s, key):
    return s.db.lookup_typed(key, RSet)


def _changed(s, key, event: str) -> None:
    db = s.db
    db.modified(key)
    db.ks.notify("s", event, key, db.id)


# ------------------------------------------------------------------ writes
@command("SADD", arity=-3, flags="write denyoom fast", keys=(1, 1, 1), group="set",
         summary="Add members to a set, creating it if needed; returns how many were new.",
         complexity="O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
         since="1.0.0", args=(Key(), Str("member", multiple=True)),
         history=(("2.4.0", "Accepts multiple `member` arguments."),), key_flags="RW insert")
def sadd(s, argv):
    key = argv[1]
    st = _get(s, key)
    cfg = s.engine.config
    if st is None:
        st = RSet.create(argv[2], len(argv) - 2, cfg)
        s.db.add(key, st)
    add = st.add
    n = 0
    for m in argv[2:]:
        if add(m, cfg):
            n += 1
    if n:
        _changed(s, key, "sadd")
    return n


@command("SREM", arity=-3, flags="write fast", keys=(1, 1, 1), group="set",
         summary="Remove members from a set; the key goes when its last member does.",
         complexity="O(N) where N is the number of members to be removed.", since="1.0.0",
         args=(Key(), Str("member", multiple=True)),
         history=(("2.4.0", "Accepts multiple `member` arguments."),), key_flags="RW delete")
def srem(s, argv):
    key = argv[1]
    st = _get(s, key)
    if st is None:
        return 0
    n = 0
    for m in argv[2:]:
        if st.remove(m):
            n += 1
            if not st:
                break
    if n:
        _changed(s, key, "srem")
        s.db.remove_if_empty(key, st)
    return n


@command("SMOVE", arity=4, flags="write fast", keys=(1, 2, 1), group="set",
         summary="Move a member from one set to another.", complexity="O(1)", since="1.0.0",
         args=(Key("source"), Key("destination", key_spec_index=1), Str("member")),
         key_flags=("RW access delete", "RW insert"))
def smove(s, argv):
    db = s.db
    src_key, dst_key, m = argv[1], argv[2], argv[3]
    src = db.lookup(src_key)
    dst = db.lookup(dst_key)
    if src is None:
        return 0
    if type(src) is not RSet or (dst is not None and type(dst) is not RSet):
        raise RedisError(errors.WRONGTYPE)
    if src is dst:
        return 1 if m in src else 0
    if not src.remove(m):
        return 0
    db.ks.notify("s", "srem", src_key, db.id)
    db.remove_if_empty(src_key, src)
    cfg = s.engine.config
    if dst is None:
        dst = RSet.create(m, 1, cfg)
        db.add(dst_key, dst)
    db.modified(src_key)
    if dst.add(m, cfg):
        db.modified(dst_key)
        db.ks.notify("s", "sadd", dst_key, db.id)
    return 1


@command("SPOP", arity=-2, flags="write fast", keys=(1, 1, 1), group="set",
         summary="Remove and return one or more random members of a set.",
         complexity="Without the count argument O(1), otherwise O(N) where N is the value of the passed count.",
         since="1.0.0", args=(Key(), Int("count", optional=True, since="3.2.0")),
         tips="nondeterministic_output", key_flags="RW access delete",
         history=(("3.2.0", "The count argument appeared."),))
def spop(s, argv):
    db = s.db
    key = argv[1]
    rng = s.engine.clock.rng
    if len(argv) > 3:
        raise RedisError(errors.SYNTAX)
    if len(argv) == 3:
        count = to_int(argv[2], errors.NOT_POSITIVE)
        if count < 0:
            raise RedisError(errors.NOT_POSITIVE)
        st = _get(s, key)
        if st is None or count == 0:
            return SetReply()
        if count >= len(st):
            out = SetReply(st.members())
            db.delete(key)
            db.ks.notify("s", "spop", key, db.id)
            db.ks.notify("g", "del", key, db.id)
            return out
        out = SetReply(st.pop_random(rng) for _ in range(count))
    else:
        st = _get(s, key)
        if st is None:
            return None
        out = st.pop_random(rng)
    _changed(s, key, "spop")
    db.remove_if_empty(key, st)
    return out


@command("SRANDMEMBER", arity=-2, flags="readonly", keys=(1, 1, 1), group="set",
         summary="Return random members of a set without removing them (distinct for a positive count, with repeats for a negative one).",
         complexity="Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.",
         since="1.0.0", args=(Key(), Int("count", optional=True, since="2.6.0")),
         tips="nondeterministic_output", history=(("2.6.0", "The optional count argument appeared."),))
def srandmember(s, argv):
    rng = s.engine.clock.rng
    if len(argv) > 3:
        raise RedisError(errors.SYNTAX)
    if len(argv) == 2:
        st = _get(s, argv[1])
        return None if st is None else st.random(rng)
    count = to_int(argv[2])
    if count < -LONG_MAX:
        raise RedisError(f"ERR value is out of range, value must between {-LONG_MAX} and {LONG_MAX}")
    st = _get(s, argv[1])
    if st is None or count == 0:
        return []
    if count < 0:
        # A negative count asks for exactly -count picks, each independent: repeats allowed.
        arr = st.arr
        n = len(arr)
        rand = rng.randrange
        return [arr[rand(n)] for _ in range(-count)]
    if count >= len(st):
        return st.members()
    return st.sample(rng, count)


# ------------------------------------------------------------------- reads
@command("SMEMBERS", arity=2, flags="readonly", keys=(1, 1, 1), group="set",
         summary="Return every member of a set.", complexity="O(N) where N is the set cardinality.",
         since="1.0.0", args=(Key(),), tips="nondeterministic_output_order")
def smembers(s, argv):
    st = _get(s, argv[1])
    return SetReply() if st is None else SetReply(st.members())


@command("SISMEMBER", arity=3, flags="readonly fast", keys=(1, 1, 1), group="set",
         summary="Tell whether a value is a member of a set (1) or not (0).", complexity="O(1)",
         since="1.0.0", args=(Key(), Str("member")), key_flags="RO")
def sismember(s, argv):
    st = _get(s, argv[1])
    return 1 if st is not None and argv[2] in st.pos else 0


@command("SMISMEMBER", arity=-3, flags="readonly fast", keys=(1, 1, 1), group="set",
         summary="Tell, for each value given, whether it is a member of a set.",
         complexity="O(N) where N is the number of elements being checked for membership",
         since="6.2.0", args=(Key(), Str("member", multiple=True)))
def smismember(s, argv):
    st = _get(s, argv[1])
    if st is None:
        return [0] * (len(argv) - 2)
    pos = st.pos
    return [1 if m in pos else 0 for m in argv[2:]]


@command("SCARD", arity=2, flags="readonly fast", keys=(1, 1, 1), group="set",
         summary="Count the members of a set.", complexity="O(1)", since="1.0.0", args=(Key(),),
         key_flags="RO")
def scard(s, argv):
    st = _get(s, argv[1])
    return 0 if st is None else len(st)


@command("SSCAN", arity=-3, flags="readonly", keys=(1, 1, 1), group="set",
         summary="Walk the members of a set a batch at a time with a cursor.",
         complexity=SCAN_COMPLEXITY,
         since="2.8.0",
         args=(Key(), Int("cursor"), Pattern(token="MATCH", optional=True),
               Int("count", token="COUNT", optional=True)),
         tips="nondeterministic_output")
def sscan(s, argv):
    from ..glob import match
    from ..scan import parse_cursor, scan

    cursor = parse_cursor(argv[2])
    st = _get(s, argv[1])
    if st is None:
        return [b"0", []]
    count, pattern, _ = parse_scan_options(argv, 3, False)
    if st.enc != "hashtable":
        nxt, batch = 0, st.members()     # small encodings answer in one go, as Redis does
    else:
        pos = st.pos
        nxt, batch = scan(s.db, st, cursor, count, lambda: list(st.arr))
        batch = [m for m in batch if m in pos]
    if pattern is not None:
        batch = [m for m in batch if match(pattern, m)]
    return [cursor_bytes(nxt), batch]
