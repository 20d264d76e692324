"""Keyspace ("generic") commands: DEL, EXISTS, TYPE, RENAME, COPY, MOVE, KEYS, SCAN...

TTL commands live in generic_expire.py and OBJECT in generic_object.py; both are
imported at the bottom so ``registry.load_all()`` registers the whole group.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from .. import glob
from ..args import to_int, upper
from ..keyspace import type_name
from ..registry import Int, Key, Pattern, Str, Token, command
from ..replies import OK, Status
from ..scan import SCAN_COMPLEXITY, parse_cursor, scan

INT32_MIN = -(1 << 31)
INT32_MAX = (1 << 31) - 1
TYPE_NONE = Status("none")
INT_RANGE = errors.INT_RANGE


def parse_db_index(s, b) -> int:
    """A target db as COPY/MOVE read it: a 32-bit int, then range-checked."""
    n = to_int(b)
    if n < INT32_MIN or n > INT32_MAX:
        raise RedisError(INT_RANGE)
    if n < 0 or n >= len(s.engine.keyspace.dbs):
        raise RedisError(errors.DB_INDEX_OUT_OF_RANGE)
    return n


def _dup(value):
    """An independent copy for COPY: strings are immutable bytes, containers copy themselves."""
    return value if type(value) is bytes else value.copy()


# ------------------------------------------------------------------ delete / exists


@command("DEL", arity=-2, flags="write", keys=(1, -1, 1), group="generic",
         summary="Remove one or more keys of any type; answers how many existed.",
         complexity="O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).",
         since="1.0.0", args=(Key(multiple=True),),
         key_flags="RM delete", tips="request_policy:multi_shard response_policy:agg_sum")
def del_(s, argv):
    db = s.db
    ks = db.ks
    n = 0
    for key in argv[1:]:
        if db.delete(key):
            n += 1
            ks.notify("g", "del", key, db.id)
    return n


@command("UNLINK", arity=-2, flags="write fast", keys=(1, -1, 1), group="generic",
         summary="Remove keys like DEL, but reclaim their memory in the background.",
         complexity="O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.",
         since="4.0.0", args=(Key(multiple=True),),
         key_flags="RM delete", tips="request_policy:multi_shard response_policy:agg_sum")
def unlink(s, argv):
    # Python frees memory by reference counting; the observable behaviour equals DEL.
    return del_(s, argv)


@command("EXISTS", arity=-2, flags="readonly fast", keys=(1, -1, 1), group="generic",
         summary="Count how many of the given keys exist (a key named twice counts twice).",
         complexity="O(N) where N is the number of keys to check.", since="1.0.0",
         args=(Key(multiple=True),),
         key_flags="RO", tips="request_policy:multi_shard response_policy:agg_sum",
         history=(("3.0.3", "Several keys may be given."),))
def exists(s, argv):
    lookup = s.db.lookup
    n = 0
    for key in argv[1:]:
        if lookup(key, False) is not None:
            n += 1
    return n


@command("TOUCH", arity=-2, flags="readonly fast", keys=(1, -1, 1), group="generic",
         summary="Mark keys as just accessed (resets their idle time); answers how many exist.",
         complexity="O(N) where N is the number of keys that will be touched.", since="3.2.1",
         args=(Key(multiple=True),),
         key_flags="RO", tips="request_policy:multi_shard response_policy:agg_sum")
def touch(s, argv):
    lookup = s.db.lookup
    n = 0
    for key in argv[1:]:
        if lookup(key) is not None:
            n += 1
    return n


@command("TYPE", arity=2, flags="readonly fast", keys=(1, 1, 1), group="generic",
         summary="Name the type of the value at a key: string, list, set, zset, hash, stream or none.",
         complexity="O(1)", since="1.0.0", args=(Key(),), key_flags="RO")
def type_(s, argv):
    v = s.db.lookup(argv[1], False)
    if v is None:
        return TYPE_NONE
    return Status(type_name(v))


# ---------------------------------------------------------------- rename / copy / move


def _relocate(src_db, src, dst_db, dst, v) -> None:
    """Take the value ``v`` at ``src`` to ``dst`` with its TTL and raw-string flag
    (RENAME, MOVE); ``dst`` must be free."""
    when = src_db.expires.get(src)
    raw = src in src_db.raw
    src_db.delete(src)
    dst_db.add(dst, v)
    if when is not None:
        dst_db.set_expire(dst, when)
    if raw:
        dst_db.raw.add(dst)
    dst_db.modified(dst)


def _rename(s, argv, nx: bool):
    db = s.db
    src, dst = argv[1], argv[2]
    v = db.lookup(src)
    if v is None:
        raise RedisError(errors.NO_SUCH_KEY)
    if src == dst:
        return 0 if nx else OK
    if db.lookup(dst, False) is not None:
        if nx:
            return 0
        db.delete(dst)
    _relocate(db, src, db, dst, v)
    ks = db.ks
    ks.notify("g", "rename_from", src, db.id)
    ks.notify("g", "rename_to", dst, db.id)
    return 1 if nx else OK


@command("RENAME", arity=3, flags="write", keys=(1, 2, 1), group="generic",
         summary="Give a key a new name, replacing any key already under that name; the TTL moves along.",
         complexity="O(1)", since="1.0.0", args=(Key(), Key("newkey", key_spec_index=1)),
         key_flags=("RW access delete", "OW update"))
def rename(s, argv):
    return _rename(s, argv, False)


@command("RENAMENX", arity=3, flags="write fast", keys=(1, 2, 1), group="generic",
         summary="Rename a key only when the new name is still free; answers 1 if renamed.",
         complexity="O(1)", since="1.0.0", args=(Key(), Key("newkey", key_spec_index=1)),
         key_flags=("RW access delete", "OW insert"),
         history=(("3.2.0", "Renaming a key to its own name is no longer an error."),))
def renamenx(s, argv):
    return _rename(s, argv, True)


@command("COPY", arity=-3, flags="write denyoom", keys=(1, 2, 1), group="generic",
         summary="Duplicate a key's value (and TTL) under another name, optionally into another database.",
         complexity="O(N) worst case for collections, where N is the number of nested items. O(1) for string values.",
         since="6.2.0",
         args=(Key("source"), Key("destination", key_spec_index=1),
               Int("destination-db", token="DB", optional=True), Token("REPLACE", optional=True)),
         key_flags=("RO access", "OW update"))
def copy(s, argv):
    src_db = s.db
    dst_db = src_db
    replace = False
    i, argc = 3, len(argv)
    while i < argc:
        opt = upper(argv[i])
        if opt == b"REPLACE":
            replace = True
        elif opt == b"DB" and i + 1 < argc:
            dst_db = s.engine.keyspace.dbs[parse_db_index(s, argv[i + 1])]
            i += 1
        else:
            raise RedisError(errors.SYNTAX)
        i += 1
    src, dst = argv[1], argv[2]
    if src_db is dst_db and src == dst:
        raise RedisError(errors.SAME_OBJECT)
    v = src_db.lookup(src)
    if v is None:
        return 0
    when = src_db.expires.get(src)
    dst_db.ks.reading = False        # the destination is a write lookup: no hit or miss
    if dst_db.lookup(dst, False) is not None:
        if not replace:
            return 0
        dst_db.delete(dst)
    dst_db.add(dst, _dup(v))
    if when is not None:
        dst_db.set_expire(dst, when)
    if src in src_db.raw:
        dst_db.raw.add(dst)
    dst_db.modified(dst)
    dst_db.ks.notify("g", "copy_to", dst, dst_db.id)
    return 1


@command("MOVE", arity=3, flags="write fast", keys=(1, 1, 1), group="generic",
         summary="Transfer a key to another database, unless a key of that name already lives there.",
         complexity="O(1)", since="1.0.0", args=(Key(), Int("db")), key_flags="RW access update")
def move(s, argv):
    src_db = s.db
    dst_db = s.engine.keyspace.dbs[parse_db_index(s, argv[2])]
    if dst_db is src_db:
        raise RedisError(errors.SAME_OBJECT)
    key = argv[1]
    v = src_db.lookup(key)
    if v is None:
        return 0
    if dst_db.lookup(key, False) is not None:
        return 0
    _relocate(src_db, key, dst_db, key, v)
    ks = src_db.ks
    ks.notify("g", "move_from", key, src_db.id)
    ks.notify("g", "move_to", key, dst_db.id)
    return 1


# ------------------------------------------------------------------ listing keys


@command("KEYS", arity=2, flags="readonly", keys=(0, 0, 0), group="generic", acl="dangerous",
         summary="List every key matching a glob pattern (blocks the server on big keyspaces: prefer SCAN).",
         complexity="O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.",
         since="1.0.0", args=(Pattern(),),
         tips="request_policy:all_shards nondeterministic_output_order")
def keys(s, argv):
    db = s.db
    pattern = argv[1]
    exp = db.expires
    now = db.ks.now_ms()
    # Expired keys are skipped, not deleted: KEYS is a read-only walk, as in Redis.
    if glob.is_match_all(pattern):
        if not exp:
            return list(db.data)
        return [k for k in db.data if k not in exp or exp[k] > now]
    m = glob.compile(pattern)
    if not exp:
        return [k for k in db.data if m(k)]
    return [k for k in db.data if m(k) and (k not in exp or exp[k] > now)]


@command("SCAN", arity=-2, flags="readonly", keys=(0, 0, 0), group="generic",
         summary="Walk the keyspace a few keys per call with a cursor, optionally filtered by pattern or type.",
         complexity=SCAN_COMPLEXITY,
         since="2.8.0", history=(("6.0.0", "The TYPE option appeared."),),
         args=(Int("cursor"), Pattern(token="MATCH", optional=True), Int("count", token="COUNT", optional=True),
               Str("type", token="TYPE", optional=True, since="6.0.0")),
         tips="nondeterministic_output request_policy:special")
def scan_(s, argv):
    s.db.ks.reading = False          # SCAN skips expired keys without a read lookup (no stats)
    cursor = parse_cursor(argv[1])
    count, pattern, typename = 10, None, None
    i, argc = 2, len(argv)
    while i < argc:
        opt = upper(argv[i])
        if argc - i < 2:
            raise RedisError(errors.SYNTAX)
        if opt == b"COUNT":
            count = to_int(argv[i + 1])
            if count < 1:
                raise RedisError(errors.SYNTAX)
        elif opt == b"MATCH":
            pattern = argv[i + 1]
            if glob.is_match_all(pattern):
                pattern = None
        elif opt == b"TYPE":
            typename = argv[i + 1].lower()
        else:
            raise RedisError(errors.SYNTAX)
        i += 2
    db = s.db
    data = db.data
    nxt, batch = scan(db, db, cursor, count, lambda: list(data))
    m = glob.compile(pattern) if pattern is not None else None
    lookup = db.lookup
    out = []
    for key in batch:
        if m is not None and not m(key):
            continue
        v = lookup(key, False)   # drops keys deleted since the snapshot, expires stale ones
        if v is None:
            continue
        if typename is not None and type_name(v).lower().encode() != typename:
            continue
        out.append(key)
    return [b"%d" % nxt, out]


@command("RANDOMKEY", arity=1, flags="readonly", keys=(0, 0, 0), group="generic",
         summary="Return the name of a random key from the current database (nil when it is empty).",
         complexity="O(1)", since="1.0.0", tips="request_policy:all_shards nondeterministic_output")
def randomkey(s, argv):
    db = s.db
    db.ks.reading = False            # Redis expires what it draws without a read lookup
    rng = s.engine.clock.rng
    tries = 100
    while True:
        # O(1) on average: the db keeps a key array once someone picks (Db.random_key).
        key = db.random_key(rng)
        if key is None:
            return None
        exp = db.expires
        if not exp or key not in exp or db.lookup(key, False) is not None:
            return key
        # Expired: lookup deleted it, as Redis does when it draws an expired key, and
        # we draw again. During CLIENT PAUSE nothing is deleted, so with every key
        # volatile (all may be expired) Redis names one after 100 draws rather than
        # loop forever; we do the same.
        if db.ks.expire_paused and len(exp) >= len(db.data):
            tries -= 1
            if tries == 0:
                return key


from . import dump_restore, generic_expire, generic_object, migrate  # noqa: E402,F401  (register the rest of the group)
