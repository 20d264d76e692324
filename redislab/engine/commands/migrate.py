"""MIGRATE: move (or copy) keys to another Redis, as DUMP here plus RESTORE there.

What the target is and how it is reached is ``migrate_link``'s business; this module
parses the command as Redis 7.0 does, builds the RESTOREs and applies the outcome:
keys the target took are deleted here (unless COPY), and the first error the target
answered is reported as Redis words it.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import to_int, upper
from ..registry import Block, Int, Key, OneOf, Str, Token, command
from ..replies import OK, Status
from .dump_restore import serialize

_KEYS_NOT_EMPTY = "ERR When using MIGRATE KEYS option, the key argument must be set to the empty string"


def _parse(argv):
    """(copy, replace, auth argv or None, keys) from MIGRATE's options."""
    copy = replace = False
    auth = None
    keys = [argv[3]]
    i, argc = 6, len(argv)
    while i < argc:
        opt = upper(argv[i])
        left = argc - i - 1
        if opt == b"COPY":
            copy = True
        elif opt == b"REPLACE":
            replace = True
        elif opt == b"AUTH" and left >= 1:
            auth = [b"AUTH", argv[i + 1]]
            i += 1
        elif opt == b"AUTH2" and left >= 2:
            auth = [b"AUTH", argv[i + 1], argv[i + 2]]
            i += 2
        elif opt == b"KEYS":
            if argv[3] != b"":
                raise RedisError(_KEYS_NOT_EMPTY)
            keys = list(argv[i + 1:])
            break
        else:
            raise RedisError(errors.SYNTAX)
        i += 1
    return copy, replace, auth, keys


def _keys_getter(argv):
    """Key positions: the key argument, or everything after KEYS (COMMAND GETKEYS)."""
    for i in range(6, len(argv)):
        if upper(argv[i]) == b"KEYS":
            return list(range(i + 1, len(argv)))
    return [3] if argv[3] else []


@command("MIGRATE", arity=-6, flags="write", keys=(3, 3, 1), getkeys=_keys_getter, group="generic", acl="dangerous",
         key_specs=(("RW access delete", ("index", 3), ("range", 0, 1, 0)),
                    ("RW access delete incomplete", ("keyword", "KEYS", -2), ("range", -1, 1, 0))),
         summary="Move keys to another Redis instance (or copy them, with COPY): a DUMP here "
                 "and a RESTORE there, then a DEL here.",
         complexity="This command actually executes a DUMP+DEL in the source instance, and a RESTORE "
                    "in the target instance. See the pages of these commands for time complexity. "
                    "Also an O(N) data transfer between the two instances is performed.",
         since="2.6.0", tips="nondeterministic_output",
         history=(("3.0.0", "Added the `COPY` and `REPLACE` options."), ("3.0.6", "Added the `KEYS` option."),
                  ("4.0.7", "Added the `AUTH` option."), ("6.0.0", "Added the `AUTH2` option.")),
         args=(Str("host"), Int("port"),
               OneOf("key_or_empty_string", Key(), Token("", "empty_string")),
               Int("destination-db"), Int("timeout"),
               Token("COPY", optional=True, since="3.0.0"), Token("REPLACE", optional=True, since="3.0.0"),
               OneOf("authentication", Str("password", token="AUTH", optional=True, since="4.0.7"),
                     Block("username_password", Str("username"), Str("password"), token="AUTH2",
                           optional=True, since="6.0.0"), optional=True),
               Key(token="KEYS", optional=True, multiple=True, since="3.0.6", key_spec_index=1)))
def migrate(s, argv):
    from .. import migrate_link
    from ...cluster.cluster import view_of

    copy, replace, auth, keys = _parse(argv)
    timeout = to_int(argv[5])
    dbid = to_int(argv[4])
    if timeout <= 0:
        timeout = 1000
    db = s.db
    now = db.ks.now_ms()
    found = []
    for key in keys:
        v = db.lookup(key)
        if v is None:
            continue
        when = db.expires.get(key)
        # The target gets the time left; Redis never sends 0 (no TTL) for a key that has one.
        ttl = 0 if when is None else max(1, when - now)
        found.append((key, ttl, serialize(s, key, v)))
    if not found:
        return Status("NOKEY")
    restore = b"RESTORE-ASKING" if view_of(s.engine) is not None else b"RESTORE"
    requests = ([auth] if auth else []) + [[b"SELECT", b"%d" % dbid]]
    for key, ttl, payload in found:
        requests.append([restore, key, b"%d" % ttl, payload] + ([b"REPLACE"] if replace else []))
    replies = migrate_link.deliver(s.engine, argv[1], argv[2], timeout, requests)
    first_error = None
    for reply in replies[:len(requests) - len(found)]:        # AUTH, SELECT
        if isinstance(reply, RedisError):
            raise _from_target(reply)
    for (key, _, _), reply in zip(found, replies[len(requests) - len(found):]):
        if isinstance(reply, RedisError):
            first_error = first_error or reply
        elif not copy:
            db.delete(key)
    if first_error is not None:
        raise _from_target(first_error)
    return OK


def _from_target(e: RedisError) -> RedisError:
    return RedisError("ERR Target instance replied with error: " + e.message)
