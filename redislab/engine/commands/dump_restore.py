"""DUMP and RESTORE: a key's value as an RDB payload, and back.

The payload format lives in ``datatypes/rdb`` (pure); this module only reads the
engine's encoding decisions for it and applies RESTORE's options to the keyspace.
Errors come in Redis's order: options, an existing key (without REPLACE), the TTL,
then the payload's version and checksum, then its contents.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import to_int, upper
from ..datatypes import rdb
from ..encodings import encoding_of
from ..lfu import LfuAtime, apply_policy, is_lfu, minutes
from ..memsize import quicklist_nodes
from ..registry import Int, Key, Str, Token, command
from ..replies import OK

_I64 = 1 << 64


CORE_TYPES = ("string", "list", "set", "hash", "zset", "stream")


def rdb_form(engine, db, key, v) -> tuple[bool, list]:
    """How value ``v`` at ``key`` is laid out in RDB (DUMP, SAVE): whether a hash or
    sorted set is one listpack, and the element count of each quicklist node."""
    t = getattr(v, "TYPE", "string")
    if t not in CORE_TYPES:
        raise RedisError(errors.MODULE_DUMP.format(t))
    nodes = []
    if t == "list":
        if v.quick:
            nodes = [count for _, count in quicklist_nodes(v, engine.config.values["list-max-listpack-size"])]
        else:
            nodes = [len(v)]
    small = type(v) is not bytes and encoding_of(db, key, v).startswith("listpack")
    return small, nodes


def serialize(s, key, v) -> bytes:
    """The DUMP payload of value ``v`` stored at ``key`` in the session's db."""
    small, nodes = rdb_form(s.engine, s.db, key, v)
    return rdb.dump(v, small=small, list_nodes=nodes, compress=bool(s.engine.config.values["rdbcompression"]))


@command("DUMP", arity=2, flags="readonly", keys=(1, 1, 1), group="generic",
         summary="Serialize a key's value in the RDB format that RESTORE reads.",
         complexity="O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1).",
         since="2.6.0", args=(Key(),), key_flags="RO access", tips="nondeterministic_output")
def dump(s, argv):
    v = s.db.lookup(argv[1])
    if v is None:
        return None
    return serialize(s, argv[1], v)


def _options(argv):
    """(replace, absttl, idle seconds or None, freq or None), checked like Redis."""
    replace = absttl = False
    idle = freq = None
    i, argc = 4, len(argv)
    while i < argc:
        opt = upper(argv[i])
        more = i + 1 < argc
        if opt == b"REPLACE":
            replace = True
        elif opt == b"ABSTTL":
            absttl = True
        elif opt == b"IDLETIME" and more and freq is None:
            idle = to_int(argv[i + 1])
            if idle < 0:
                raise RedisError(errors.INVALID_IDLETIME)
            i += 1
        elif opt == b"FREQ" and more and idle is None:
            freq = to_int(argv[i + 1])
            if not 0 <= freq <= 255:
                raise RedisError(errors.INVALID_FREQ)
            i += 1
        else:
            raise RedisError(errors.SYNTAX)
        i += 1
    return replace, absttl, idle, freq


def deserialize(s, payload: bytes):
    """The value a RESTORE payload holds, or Redis's error for a bad one."""
    try:
        rdb.check(payload)
    except rdb.BadEnvelope:
        raise RedisError(errors.DUMP_PAYLOAD) from None
    try:
        return rdb.load(payload, s.engine.config, s.db.ks.now_ms())
    except rdb.BadFormat:
        raise RedisError(errors.BAD_DATA_FORMAT) from None


def _set_access(s, db, key, idle, freq) -> None:
    """IDLETIME counts under an LRU policy, FREQ under an LFU one; the other is ignored."""
    if is_lfu(s.engine.config.values["maxmemory-policy"]):
        if freq is not None:
            if type(db.atime) is not LfuAtime:      # flushed since LFU was selected
                apply_policy(s.engine)
            db.atime.freq[key] = (minutes(db.ks.now_ms()) << 8) | freq
    elif idle is not None:
        db.atime[key] = db.ks.lru_clock - idle


_RESTORE_ARGS = (Key(), Int("ttl"), Str("serialized-value"), Token("REPLACE", optional=True, since="3.0.0"),
                 Token("ABSTTL", optional=True, since="5.0.0"),
                 Int("seconds", token="IDLETIME", optional=True, since="5.0.0"),
                 Int("frequency", token="FREQ", optional=True, since="5.0.0"))
_RESTORE_HISTORY = (("3.0.0", "Added the `REPLACE` modifier."), ("5.0.0", "Added the `ABSTTL` modifier."),
                    ("5.0.0", "Added the `IDLETIME` and `FREQ` options."))
_RESTORE_COMPLEXITY = "O(1) to create the new key and additional O(N*M) to reconstruct the serialized value, where N is the number of Redis objects composing the value and M their average size. For small string values the time complexity is thus O(1)+O(1*M) where M is small, so simply O(1). However for sorted set values the complexity is O(N*M*log(N)) because inserting values into sorted sets is O(log(N))."


@command("RESTORE", arity=-4, flags="write denyoom", keys=(1, 1, 1), group="generic", acl="dangerous",
         summary="Create a key from a DUMP payload, optionally with a TTL, replacing, or with access stats.",
         complexity=_RESTORE_COMPLEXITY, since="2.6.0", key_flags="OW update", args=_RESTORE_ARGS,
         history=_RESTORE_HISTORY)
def restore(s, argv):
    replace, absttl, idle, freq = _options(argv)
    db = s.db
    key = argv[1]
    if not replace and db.lookup(key, False) is not None:
        raise RedisError(errors.BUSYKEY)
    ttl = to_int(argv[2])
    if ttl < 0:
        raise RedisError(errors.INVALID_TTL)
    value = deserialize(s, argv[3])
    ks = db.ks
    now = ks.now_ms()
    deleted = replace and db.delete(key)
    if ttl and not absttl:
        ttl = (ttl + now + (1 << 63)) % _I64 - (1 << 63)      # int64 arithmetic, as in C
    if ttl and ttl <= now:
        # Already expired: nothing is created; a replaced key is gone all the same.
        if deleted:
            ks.notify("g", "del", key, db.id)
        return OK
    db.set(key, value)
    if ttl:
        db.set_expire(key, ttl)
    _set_access(s, db, key, idle, freq)
    ks.notify("g", "restore", key, db.id)
    return OK


@command("RESTORE-ASKING", arity=-4, flags="write denyoom asking", keys=(1, 1, 1), group="server",
         acl="keyspace dangerous", doc_flags="syscmd",
         summary="RESTORE as sent by MIGRATE inside a cluster: accepted for a slot being imported.",
         complexity=_RESTORE_COMPLEXITY, since="3.0.0", key_flags="OW update", args=_RESTORE_ARGS,
         history=_RESTORE_HISTORY)
def restore_asking(s, argv):
    return restore(s, argv)
