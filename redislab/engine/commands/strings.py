"""String commands: the SET and GET families and multi-key MSET/MGET.

Counters live in strings_counters.py, in-place edits and LCS in strings_ranges.py;
both are imported at the bottom so ``registry.load_all()`` gets every string command
by importing this one module.

SET and GET are the hottest paths of the product: their no-option cases touch the
Db dicts directly and skip all option parsing.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import INT64_MAX, to_int, upper
from ..registry import Block, Int, Key, OneOf, Str, Token, UnixTime, command, varying_key_flags
from ..replies import OK

# Option bits shared by SET and GETEX (the two use one parser, as in Redis).
_NX, _XX, _GET, _KEEPTTL, _PERSIST = 1, 2, 4, 8, 16
_EX, _PX, _EXAT, _PXAT = 32, 64, 128, 256
_ANY_EXPIRE = _EX | _PX | _EXAT | _PXAT
_WANTS_VALUE = {b"EX": _EX, b"PX": _PX, b"EXAT": _EXAT, b"PXAT": _PXAT}


def _parse_options(argv, start: int, for_set: bool):
    """Read SET/GETEX options. Returns (flags, expire_arg). A repeated option is
    accepted (the last expire value wins); a conflicting one is a syntax error."""
    flags = 0
    expire = None
    argc = len(argv)
    j = start
    while j < argc:
        opt = argv[j].upper()
        if b"\0" in opt:
            # Redis compares options as C strings, so text after a NUL is invisible.
            opt = opt[:opt.index(b"\0")]
        if opt == b"NX" and for_set and not flags & _XX:
            flags |= _NX
        elif opt == b"XX" and for_set and not flags & _NX:
            flags |= _XX
        elif opt == b"GET" and for_set:
            flags |= _GET
        elif opt == b"KEEPTTL" and for_set and not flags & (_PERSIST | _ANY_EXPIRE):
            flags |= _KEEPTTL
        elif opt == b"PERSIST" and not for_set and not flags & (_KEEPTTL | _ANY_EXPIRE):
            flags |= _PERSIST
        elif opt in _WANTS_VALUE and j + 1 < argc:
            bit = _WANTS_VALUE[opt]
            if flags & (_KEEPTTL | _PERSIST | (_ANY_EXPIRE & ~bit)):
                raise RedisError(errors.SYNTAX)
            flags |= bit
            expire = argv[j + 1]
            j += 1
        else:
            raise RedisError(errors.SYNTAX)
        j += 1
    return flags, expire


def expire_ms(name: str, raw, flags: int, now: int) -> int:
    """The absolute expiry in ms for an EX/PX/EXAT/PXAT value, with Redis's checks:
    not positive, too big to scale to ms, or overflowing once ``now`` is added."""
    v = to_int(raw)
    seconds = flags & (_EX | _EXAT)
    if v <= 0 or (seconds and v > INT64_MAX // 1000):
        raise errors.invalid_expire(name)
    if seconds:
        v *= 1000
    if flags & (_EX | _PX):
        v += now
        if v > INT64_MAX:             # wraps negative in C
            raise errors.invalid_expire(name)
    return v


def _set_generic(s, name, key, value, flags, expire, ok_reply=OK, abort_reply=None):
    db = s.db
    when = expire_ms(name, expire, flags, db.ks.now_ms()) if expire is not None else None
    old = None
    if flags & _GET:
        old = db.get_string(key)            # WRONGTYPE before anything changes
        found = old is not None
    elif flags & (_NX | _XX):
        found = db.lookup(key) is not None
    else:
        found = False
    if (flags & _NX and found) or (flags & _XX and not found):
        return old if flags & _GET else abort_reply
    if not flags & (_GET | _NX | _XX) and key in db.expires:
        db.lookup(key)                      # let a stale key expire (and notify) first
    db.set(key, value, keepttl=bool(flags & _KEEPTTL))
    ks = db.ks
    if ks.notifier is not None:
        ks.notify("$", "set", key, db.id)
    if when is not None:
        db.set_expire(key, when)
        if ks.notifier is not None:
            ks.notify("g", "expire", key, db.id)
    return old if flags & _GET else ok_reply


def _set_key_flags(argv) -> str:
    """SET reads its key only when a GET appears among the options."""
    return "RW access update" if any(upper(a) == b"GET" for a in argv[3:]) else "OW update"


@command("SET", arity=-3, flags="write denyoom", keys=(1, 1, 1), group="string",
         summary="Store a string at a key; options make it conditional, give it a TTL or return the old value.",
         complexity="O(1)", since="1.0.0",
         history=(("2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options."),
                  ("6.0.0", "Added the `KEEPTTL` option."),
                  ("6.2.0", "Added the `GET`, `EXAT` and `PXAT` option."),
                  ("7.0.0", "Allowed the `NX` and `GET` options to be used together.")),
         args=(Key(), Str("value"),
               OneOf("condition", Token("NX"), Token("XX"), optional=True, since="2.6.12"),
               Token("GET", optional=True, since="6.2.0"),
               OneOf("expiration", Int("seconds", token="EX", since="2.6.12"),
                     Int("milliseconds", token="PX", since="2.6.12"),
                     UnixTime("unix-time-seconds", token="EXAT", since="6.2.0"),
                     UnixTime("unix-time-milliseconds", token="PXAT", since="6.2.0"),
                     Token("KEEPTTL", since="6.0.0"), optional=True)),
         key_specs=(("RW access update variable_flags", ("index", 1), ("range", 0, 1, 0),
                    "GET makes it read the old value as well (RW and ACCESS)"),))
@varying_key_flags(_set_key_flags)
def set_(s, argv):
    if len(argv) == 3:
        # Plain SET: no parsing, and Db.set's work done inline.
        db = s.db
        key = argv[1]
        exp = db.expires
        if exp and key in exp:
            db.lookup(key)
            exp.pop(key, None)
        if db.rnd is not None and key not in db.data:
            db.note_new(key)
        db.data[key] = argv[2]
        if db.raw:
            db.raw.discard(key)
        ks = db.ks
        db.atime[key] = ks.lru_clock
        if db.watchers or ks.on_modified is not None:
            db.modified(key)
        if ks.notifier is not None:
            ks.notify("$", "set", key, db.id)
        return OK
    flags, expire = _parse_options(argv, 3, True)
    return _set_generic(s, "set", argv[1], argv[2], flags, expire)


@command("GET", arity=2, flags="readonly fast", keys=(1, 1, 1), group="string",
         summary="Return the string stored at a key, or nil when the key does not exist.",
         complexity="O(1)", since="1.0.0", args=(Key(),))
def get(s, argv):
    return s.db.get_string(argv[1])


@command("SETNX", arity=3, flags="write denyoom fast", keys=(1, 1, 1), group="string",
         summary="Store a string only if the key does not exist yet; 1 when stored, 0 otherwise.",
         complexity="O(1)", since="1.0.0", deprecated_since="2.6.12",
         replaced_by="`SET` with the `NX` argument", doc_flags="deprecated",
         args=(Key(), Str("value")), key_flags="OW insert")
def setnx(s, argv):
    return _set_generic(s, "setnx", argv[1], argv[2], _NX, None, 1, 0)


@command("SETEX", arity=4, flags="write denyoom", keys=(1, 1, 1), group="string",
         summary="Store a string together with a time to live in seconds.",
         complexity="O(1)", since="2.0.0", deprecated_since="2.6.12",
         replaced_by="`SET` with the `EX` argument", doc_flags="deprecated",
         args=(Key(), Int("seconds"), Str("value")), key_flags="OW update")
def setex(s, argv):
    return _set_generic(s, "setex", argv[1], argv[3], _EX, argv[2])


@command("PSETEX", arity=4, flags="write denyoom", keys=(1, 1, 1), group="string",
         summary="Store a string together with a time to live in milliseconds.",
         complexity="O(1)", since="2.6.0", deprecated_since="2.6.12",
         replaced_by="`SET` with the `PX` argument", doc_flags="deprecated",
         args=(Key(), Int("milliseconds"), Str("value")), key_flags="OW update")
def psetex(s, argv):
    return _set_generic(s, "psetex", argv[1], argv[3], _PX, argv[2])


@command("GETSET", arity=3, flags="write denyoom fast", keys=(1, 1, 1), group="string",
         summary="Store a new string and return the one it replaced (nil if none); drops any TTL.",
         complexity="O(1)", since="1.0.0", deprecated_since="6.2.0",
         replaced_by="`SET` with the `!GET` argument", doc_flags="deprecated",
         args=(Key(), Str("value")), key_flags="RW access update")
def getset(s, argv):
    return _set_generic(s, "getset", argv[1], argv[2], _GET, None)


@command("GETDEL", arity=2, flags="write fast", keys=(1, 1, 1), group="string",
         summary="Return the string at a key and delete the key.",
         complexity="O(1)", since="6.2.0", args=(Key(),), key_flags="RW access delete")
def getdel(s, argv):
    db = s.db
    key = argv[1]
    v = db.get_string(key)
    if v is not None:
        db.delete(key)
        db.ks.notify("g", "del", key, db.id)
    return v


@command("GETEX", arity=-2, flags="write fast", keys=(1, 1, 1), group="string",
         summary="Return the string at a key and optionally set or remove its TTL.",
         complexity="O(1)", since="6.2.0",
         args=(Key(), OneOf("expiration", Int("seconds", token="EX"), Int("milliseconds", token="PX"),
                             UnixTime("unix-time-seconds", token="EXAT"),
                             UnixTime("unix-time-milliseconds", token="PXAT"),
                             Token("PERSIST"), optional=True)),
         key_specs=(("RW access update", ("index", 1), ("range", 0, 1, 0),
                    "it may change the TTL, hence RW and UPDATE"),))
def getex(s, argv):
    db = s.db
    key = argv[1]
    flags, expire = _parse_options(argv, 2, False)
    v = db.get_string(key)
    if v is None:
        return None
    ks = db.ks
    if expire is not None:
        now = ks.now_ms()
        when = expire_ms("getex", expire, flags, now)
        if flags & (_EXAT | _PXAT) and when <= now:
            # An absolute time already passed: the key goes at once, as a DEL.
            db.delete(key)
            ks.notify("g", "del", key, db.id)
        else:
            db.set_expire(key, when)
            db.modified(key)
            ks.notify("g", "expire", key, db.id)
    elif flags & _PERSIST:
        if db.persist(key):
            db.modified(key)
            ks.notify("g", "persist", key, db.id)
    return v


@command("MGET", arity=-2, flags="readonly fast", keys=(1, -1, 1), group="string",
         summary="Return the strings at several keys; nil for keys missing or not holding a string.",
         complexity="O(N) where N is the number of keys to retrieve.", since="1.0.0",
         args=(Key(multiple=True),), tips="request_policy:multi_shard")
def mget(s, argv):
    lookup = s.db.lookup
    out = []
    for key in argv[1:]:
        v = lookup(key)
        out.append(v if type(v) is bytes else None)
    return out


def _mset(s, argv, nx: bool):
    if len(argv) % 2 == 0:
        raise errors.wrong_arity("msetnx" if nx else "mset")
    db = s.db
    if nx:
        for j in range(1, len(argv), 2):
            if db.lookup(argv[j]) is not None:
                return 0
    ks = db.ks
    for j in range(1, len(argv), 2):
        key = argv[j]
        if key in db.expires:
            db.lookup(key)
        db.set(key, argv[j + 1])
        if ks.notifier is not None:
            ks.notify("$", "set", key, db.id)
    return 1 if nx else OK


@command("MSET", arity=-3, flags="write denyoom", keys=(1, -1, 2), group="string",
         summary="Store several key/value pairs at once, replacing what was there.",
         complexity="O(N) where N is the number of keys to set.", since="1.0.1",
         args=(Block("data", Key(), Str("value"), multiple=True),),
         key_flags="OW update", tips="request_policy:multi_shard response_policy:all_succeeded")
def mset(s, argv):
    return _mset(s, argv, False)


@command("MSETNX", arity=-3, flags="write denyoom", keys=(1, -1, 2), group="string",
         summary="Store several key/value pairs only if none of the keys exists; 1 if stored, else 0.",
         complexity="O(N) where N is the number of keys to set.", since="1.0.1",
         args=(Block("data", Key(), Str("value"), multiple=True),),
         key_flags="OW insert", tips="request_policy:multi_shard response_policy:agg_min")
def msetnx(s, argv):
    return _mset(s, argv, True)


from . import strings_counters, strings_ranges  # noqa: E402,F401  (register their commands)
