"""TTL commands: EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT, TTL/PTTL, EXPIRETIME/PEXPIRETIME, PERSIST."""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import INT64_MAX, to_int, upper
from ..registry import Int, Key, OneOf, Token, UnixTime, command

_NX, _XX, _GT, _LT = 1, 2, 4, 8
_FLAGS = {b"NX": _NX, b"XX": _XX, b"GT": _GT, b"LT": _LT}

_CONDITION = OneOf("condition", Token("NX"), Token("XX"), Token("GT"), Token("LT"),
                   optional=True, since="7.0.0")


def absolute_ms(v: int, unit_ms: int, base: int, limit: int, cmd: bytes) -> int:
    """``v`` seconds (unit_ms 1000) or milliseconds after ``base`` as absolute ms;
    ``invalid expire time in '<cmd>' command`` when the product or the sum passes
    ``limit`` (EXPIRE family: INT64_MAX; HEXPIRE family: 2^46 - 1)."""
    if unit_ms == 1000:
        if v > limit // 1000 or v < -(limit // 1000):
            raise errors.invalid_expire(cmd.decode("latin-1"))
        v *= 1000
    if v > limit - base:
        raise errors.invalid_expire(cmd.decode("latin-1"))
    return v + base


def _expire(s, argv, unit_ms: int, relative: bool):
    # Options are validated before the time argument, as Redis does.
    flags = 0
    for opt in argv[3:]:
        f = _FLAGS.get(upper(opt))
        if f is None:
            raise RedisError("ERR Unsupported option " + opt.decode("utf-8", "replace"))
        flags |= f
    if flags & _NX and flags & (_XX | _GT | _LT):
        raise errors.err("NX and XX, GT or LT options at the same time are not compatible")
    if flags & _GT and flags & _LT:
        raise errors.err("GT and LT options at the same time are not compatible")
    db = s.db
    now = db.ks.now_ms()
    # Overflow on unit conversion or on adding the base time is an error; negative is fine.
    when = absolute_ms(to_int(argv[2]), unit_ms, now if relative else 0, INT64_MAX, argv[0])
    key = argv[1]
    if db.lookup(key) is None:
        return 0
    if flags:
        cur = db.expires.get(key)
        if flags & _NX and cur is not None:
            return 0
        if flags & _XX and cur is None:
            return 0
        # A key without TTL counts as an infinite TTL for GT and LT.
        if flags & _GT and (cur is None or when <= cur):
            return 0
        if flags & _LT and cur is not None and when >= cur:
            return 0
    ks = db.ks
    if when <= now:
        # A time already past deletes the key (a 'del' event, not 'expired').
        db.delete(key)
        ks.notify("g", "del", key, db.id)
        return 1
    db.set_expire(key, when)
    db.modified(key)
    ks.notify("g", "expire", key, db.id)
    return 1


_SETTER = dict(arity=-3, flags="write fast", keys=(1, 1, 1), group="generic", complexity="O(1)",
               history=(("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."),))
_WHEN = "optionally only under a condition on its current TTL."


@command("EXPIRE", **_SETTER, since="1.0.0", args=(Key(), Int("seconds"), _CONDITION),
         summary="Give a key a time to live in seconds, " + _WHEN)
def expire(s, argv):
    return _expire(s, argv, 1000, True)


@command("PEXPIRE", **_SETTER, since="2.6.0", args=(Key(), Int("milliseconds"), _CONDITION),
         summary="Give a key a time to live in milliseconds, " + _WHEN)
def pexpire(s, argv):
    return _expire(s, argv, 1, True)


@command("EXPIREAT", **_SETTER, since="1.2.0", args=(Key(), UnixTime("unix-time-seconds"), _CONDITION),
         summary="Make a key expire at a Unix time in seconds, " + _WHEN)
def expireat(s, argv):
    return _expire(s, argv, 1000, False)


@command("PEXPIREAT", **_SETTER, since="2.6.0",
         args=(Key(), UnixTime("unix-time-milliseconds"), _CONDITION),
         summary="Make a key expire at a Unix time in milliseconds, " + _WHEN)
def pexpireat(s, argv):
    return _expire(s, argv, 1, False)


def _ttl(s, key, ms: bool, relative: bool):
    db = s.db
    if db.lookup(key, False) is None:
        return -2
    when = db.expires.get(key)
    if when is None:
        return -1
    if not relative:
        return when if ms else when // 1000
    left = max(0, when - db.ks.now_ms())
    # TTL rounds to the nearest second, as Redis does.
    return left if ms else (left + 500) // 1000


_READER = dict(arity=2, flags="readonly fast", keys=(1, 1, 1), group="generic", complexity="O(1)",
               args=(Key(),))


@command("TTL", **_READER, since="1.0.0",
         summary="Seconds a key has left to live: -1 if it never expires, -2 if it does not exist.",
         tips="nondeterministic_output", history=(("2.8.0", "A missing key answers -2."),))
def ttl(s, argv):
    return _ttl(s, argv[1], False, True)


@command("PTTL", **_READER, since="2.6.0",
         summary="Milliseconds a key has left to live: -1 if it never expires, -2 if it does not exist.",
         tips="nondeterministic_output", history=(("2.8.0", "A missing key answers -2."),))
def pttl(s, argv):
    return _ttl(s, argv[1], True, True)


@command("EXPIRETIME", **_READER, since="7.0.0",
         summary="The absolute Unix time in seconds at which a key expires (-1 none, -2 missing key).")
def expiretime(s, argv):
    return _ttl(s, argv[1], False, False)


@command("PEXPIRETIME", **_READER, since="7.0.0",
         summary="The absolute Unix time in milliseconds at which a key expires (-1 none, -2 missing key).")
def pexpiretime(s, argv):
    return _ttl(s, argv[1], True, False)


@command("PERSIST", arity=2, flags="write fast", keys=(1, 1, 1), group="generic",
         summary="Drop a key's time to live so it is kept forever; answers 1 if a TTL was removed.",
         complexity="O(1)", since="2.2.0", args=(Key(),))
def persist(s, argv):
    db = s.db
    key = argv[1]
    if db.lookup(key) is None or not db.persist(key):
        return 0
    db.modified(key)
    db.ks.notify("g", "persist", key, db.id)
    return 1

