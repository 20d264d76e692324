"""String counters: INCR, DECR, INCRBY, DECRBY and INCRBYFLOAT.

A counter is an ordinary string that happens to hold a canonical decimal
integer (Redis's string2ll rules: no '+', no leading zeros, no spaces, within
64 bits). The TTL survives the update, as in Redis.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import INT64_MIN, to_int
from ..datatypes import longdouble
from ..registry import Double, Int, Key, command

def _incr(s, argv, delta: int) -> int:
    # The hot path of every counter: literals instead of INT64_* globals and
    # Db.set's work done inline (value replaced, TTL kept, raw cleared).
    db = s.db
    key = argv[1]
    v = db.get_string(key)
    if v is None:
        n = delta
        if db.rnd is not None and key not in db.data:
            db.note_new(key)
    else:
        # string2ll's grammar: optional '-', no leading zeros, ASCII digits only
        # (int() alone would also take ' 7', '+7' and '0_7').
        if v.isdigit():
            if v[0] == 48 and len(v) > 1:
                raise RedisError(errors.NOT_INTEGER)
        elif not (v[:1] == b"-" and v[1:].isdigit() and v[1] != 48):
            raise RedisError(errors.NOT_INTEGER)
        if len(v) > 20:
            raise RedisError(errors.NOT_INTEGER)
        cur = int(v)
        if not -9223372036854775808 <= cur <= 9223372036854775807:
            raise RedisError(errors.NOT_INTEGER)
        n = cur + delta
        if not -9223372036854775808 <= n <= 9223372036854775807:
            raise RedisError(errors.OVERFLOW)
    db.data[key] = b"%d" % n
    if db.raw:
        db.raw.discard(key)
    ks = db.ks
    db.atime[key] = ks.lru_clock
    if db.watchers or ks.on_modified is not None:
        db.modified(key)
    if ks.notifier is not None:
        ks.notify("$", "incrby", key, db.id)
    return n


@command("INCR", arity=2, flags="write denyoom fast", keys=(1, 1, 1), group="string",
         summary="Add one to the integer stored at a key (missing keys count as 0) and return it.",
         complexity="O(1)", since="1.0.0", args=(Key(),), key_flags="RW access update")
def incr(s, argv):
    return _incr(s, argv, 1)


@command("DECR", arity=2, flags="write denyoom fast", keys=(1, 1, 1), group="string",
         summary="Subtract one from the integer stored at a key (missing keys count as 0) and return it.",
         complexity="O(1)", since="1.0.0", args=(Key(),), key_flags="RW access update")
def decr(s, argv):
    return _incr(s, argv, -1)


@command("INCRBY", arity=3, flags="write denyoom fast", keys=(1, 1, 1), group="string",
         summary="Add an integer to the integer stored at a key and return the result.",
         complexity="O(1)", since="1.0.0", args=(Key(), Int("increment")),
         key_flags="RW access update")
def incrby(s, argv):
    return _incr(s, argv, to_int(argv[2]))


@command("DECRBY", arity=3, flags="write denyoom fast", keys=(1, 1, 1), group="string",
         summary="Subtract an integer from the integer stored at a key and return the result.",
         complexity="O(1)", since="1.0.0", args=(Key(), Int("decrement")),
         key_flags="RW access update")
def decrby(s, argv):
    d = to_int(argv[2])
    if d == INT64_MIN:
        # Its negation does not fit in 64 bits.
        raise RedisError(errors.DECR_OVERFLOW)
    return _incr(s, argv, -d)


@command("INCRBYFLOAT", arity=3, flags="write denyoom fast", keys=(1, 1, 1), group="string",
         summary="Add a floating point number to the number stored at a key and return the result as a string.",
         complexity="O(1)", since="2.6.0", args=(Key(), Double("increment")),
         key_flags="RW access update")
def incrbyfloat(s, argv):
    db = s.db
    key = argv[1]
    v = db.get_string(key)
    # Both operands are read as C long doubles, the stored value first.
    cur = longdouble.parse(v) if v is not None else 0
    if cur is None:
        raise RedisError(errors.NOT_FLOAT)
    inc = longdouble.parse(argv[2])
    if inc is None:
        raise RedisError(errors.NOT_FLOAT)
    total = longdouble.add(cur, inc)
    if isinstance(total, float):          # only inf or nan come back as floats
        raise RedisError(errors.INCR_NAN)
    out = longdouble.format_human(total)
    db.set(key, out, keepttl=True)
    db.ks.notify("$", "incrbyfloat", key, db.id)
    return out
