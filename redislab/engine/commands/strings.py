"""String commands: SET and GET families, counters, ranges, LCS."""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import to_int, upper
from ..registry import Block, Int, Key, OneOf, Str, Token, UnixTime, command
from ..replies import OK


def _set_expire_arg(name, argv, i, unit_ms, absolute, now):
    if i + 1 >= len(argv):
        raise RedisError(errors.SYNTAX)
    v = to_int(argv[i + 1])
    if v <= 0 or (not absolute and v > (1 << 63) // unit_ms // 2):
        raise errors.invalid_expire(name)
    ms = v * unit_ms
    return ms if absolute else now + ms


@command("SET", arity=-3, flags="write denyoom", keys=(1, 1, 1), group="string",
         summary="Store a string value at a key, optionally only if it exists or not, with an expiry, returning the old value.",
         complexity="O(1)", since="1.0.0",
         args=(Key(), Str("value"),
               OneOf("condition", Token("NX"), Token("XX"), optional=True, since="2.6.12"),
               Token("GET", optional=True, since="6.2.0"),
               OneOf("expiration", Int("seconds", token="EX"), Int("milliseconds", token="PX"),
                     UnixTime("unix-time-seconds", token="EXAT"), UnixTime("unix-time-milliseconds", token="PXAT"),
                     Token("KEEPTTL"), optional=True)))
def set_(s, argv):
    db = s.db
    key, value = argv[1], argv[2]
    nx = xx = get = keepttl = False
    expire_at = None
    argc = len(argv)
    if argc > 3:
        now = db.ks.now_ms()
        i = 3
        seen_exp = False
        while i < argc:
            opt = upper(argv[i])
            if opt == b"NX" and not xx:
                nx = True
            elif opt == b"XX" and not nx:
                xx = True
            elif opt == b"GET":
                get = True
            elif opt == b"KEEPTTL" and not seen_exp:
                keepttl = seen_exp = True
            elif opt in (b"EX", b"PX", b"EXAT", b"PXAT") and not seen_exp and i + 1 < argc:
                unit = 1000 if opt in (b"EX", b"EXAT") else 1
                expire_at = _set_expire_arg("set", argv, i, unit, opt in (b"EXAT", b"PXAT"), now)
                seen_exp = True
                i += 1
            else:
                raise RedisError(errors.SYNTAX)
            i += 1
    old = db.lookup(key) if (nx or xx or get) else None
    if get and old is not None and type(old) is not bytes:
        raise RedisError(errors.WRONGTYPE)
    if (nx and old is not None) or (xx and old is None):
        return old if get else None
    db.set(key, value, keepttl=keepttl)
    if expire_at is not None:
        db.set_expire(key, expire_at)
    ks = db.ks
    if ks.notifier is not None:
        ks.notify("$", "set", key, db.id)
        if expire_at is not None:
            ks.notify("g", "expire", key, db.id)
    return old if get else OK


@command("GET", arity=2, flags="readonly fast", keys=(1, 1, 1), group="string",
         summary="Return the string stored at a key, or nil when the key does not exist.",
         complexity="O(1)", since="1.0.0", args=(Key(),))
def get(s, argv):
    return s.db.get_string(argv[1])
