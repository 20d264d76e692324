"""OBJECT ENCODING / IDLETIME / FREQ / REFCOUNT / HELP: a look at how a value is kept."""
from __future__ import annotations

from ...errors import RedisError
from ..encodings import encoding_of
from ..registry import Key, command, container
from ..replies import help_reply

# Redis shares the integers 0..9999 between keys and reports their refcount as INT_MAX.
SHARED_INTEGERS = 10000
SHARED_REFCOUNT = 2147483647
LFU_INIT_VAL = 5

_SWITCH_NOTE = ("Please note that when switching between policies at runtime LRU and LFU "
                "data will take some time to adjust.")
LFU_NOT_SELECTED = ("ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
                    + _SWITCH_NOTE)
LFU_SELECTED = "ERR An LFU maxmemory policy is selected, idle time not tracked. " + _SWITCH_NOTE

container("OBJECT", group="generic", since="2.2.3",
          summary="Inspect how the server stores a key's value (a container for subcommands).")


def _policy(s) -> str:
    return s.engine.config.values["maxmemory-policy"]


def _value(s, key):
    # OBJECT looks without touching: inspecting a key must not reset its idle time.
    return s.db.lookup(key, False)


@command("OBJECT|ENCODING", arity=3, flags="readonly", keys=(2, 2, 1), group="generic",
         summary="Name the internal representation of a key's value (int, embstr, listpack, ...).",
         complexity="O(1)", since="2.2.3", args=(Key(),),
         tips="nondeterministic_output", key_flags="RO")
def object_encoding(s, argv):
    v = _value(s, argv[2])
    if v is None:
        return None
    return encoding_of(s.db, argv[2], v).encode()


@command("OBJECT|IDLETIME", arity=3, flags="readonly", keys=(2, 2, 1), group="generic",
         summary="Seconds since the key was last read or written (LRU policies only).",
         complexity="O(1)", since="2.2.3", args=(Key(),),
         tips="nondeterministic_output", key_flags="RO")
def object_idletime(s, argv):
    db = s.db
    v = _value(s, argv[2])
    if v is None:
        return None
    if "lfu" in _policy(s):
        raise RedisError(LFU_SELECTED)
    return max(0, db.ks.lru_clock - db.atime.get(argv[2], db.ks.lru_clock))


@command("OBJECT|FREQ", arity=3, flags="readonly", keys=(2, 2, 1), group="generic",
         summary="The key's logarithmic access-frequency counter (LFU policies only).",
         complexity="O(1)", since="4.0.0", args=(Key(),),
         tips="nondeterministic_output", key_flags="RO")
def object_freq(s, argv):
    db = s.db
    v = _value(s, argv[2])
    if v is None:
        return None
    if "lfu" not in _policy(s):
        raise RedisError(LFU_NOT_SELECTED)
    # A counter kept by an eviction module wins; otherwise a fresh key's initial value,
    # decayed by one per lfu-decay-time minutes of idleness as Redis decays it.
    counters = s.engine.extensions.get("lfu")
    if counters is not None:
        return counters(db, argv[2])
    decay = s.engine.config.values["lfu-decay-time"]
    idle_min = (db.ks.lru_clock - db.atime.get(argv[2], db.ks.lru_clock)) // 60
    periods = idle_min // decay if decay else 0
    return max(0, LFU_INIT_VAL - periods)


@command("OBJECT|REFCOUNT", arity=3, flags="readonly", keys=(2, 2, 1), group="generic",
         summary="How many references point at the key's value object.",
         complexity="O(1)", since="2.2.3", args=(Key(),),
         tips="nondeterministic_output", key_flags="RO")
def object_refcount(s, argv):
    db = s.db
    key = argv[2]
    v = _value(s, key)
    if v is None:
        return None
    if type(v) is bytes and encoding_of(db, key, v) == "int" and 0 <= int(v) < SHARED_INTEGERS:
        cfg = s.engine.config.values
        # Shared integers are off when eviction needs a per-object LRU/LFU field.
        if not cfg["maxmemory"] or not ("lru" in cfg["maxmemory-policy"] or "lfu" in cfg["maxmemory-policy"]):
            return SHARED_REFCOUNT
    return 1


_HELP = (
    "ENCODING <key>",
    "    Name the internal representation Redis picked for the value at <key>.",
    "FREQ <key>",
    "    Show the access-frequency counter of <key> (a logarithmic estimate; needs an",
    "    LFU maxmemory-policy).",
    "IDLETIME <key>",
    "    Show roughly how many seconds passed since <key> was last accessed.",
    "REFCOUNT <key>",
    "    Show how many references the value at <key> has.",
)


@command("OBJECT|HELP", arity=2, flags="loading stale", group="generic",
         summary="List the OBJECT subcommands and what they do.",
         complexity="O(1)", since="6.2.0")
def object_help(s, argv):
    return help_reply("OBJECT", *_HELP)
