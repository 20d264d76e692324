"""MEMORY USAGE / STATS / DOCTOR / MALLOC-STATS / PURGE / HELP.

Byte counts come from engine/memory.py, which models Redis's allocations (the
Python objects behind the engine weigh something else entirely). The engine
presents itself as a Redis built with the libc allocator: no jemalloc statistics,
and PURGE has nothing to do, which are that build's exact replies.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from .. import memory
from ..args import to_int, upper
from ..registry import Int, Key, command, container
from ..replies import OK, help_reply

container("MEMORY", group="server", since="4.0.0",
          summary="Inspect how much memory keys and the server use (a container for subcommands).")

_NOT_SUPPORTED = b"Stats not supported for the current allocator"


@command("MEMORY|USAGE", arity=-3, flags="readonly", keys=(2, 2, 1), group="server",
         summary="Estimate the bytes a key and its value take, sampling nested elements.",
         complexity="O(N) where N is the number of samples.", since="4.0.0", key_flags="RO",
         args=(Key(), Int("count", token="SAMPLES", optional=True)))
def memory_usage(s, argv):
    samples = 5
    j, argc = 3, len(argv)
    while j < argc:
        if upper(argv[j]) == b"SAMPLES" and j + 1 < argc:
            samples = to_int(argv[j + 1])
            if samples < 0:
                raise RedisError(errors.SYNTAX)
            j += 2
        else:
            raise RedisError(errors.SYNTAX)
    # Redis finds the key without expiring or touching it: a stale key still has a size.
    db = s.db
    v = db.data.get(argv[2])
    if v is None:
        return None
    return memory.key_usage(db, argv[2], v, samples, True)


def stats_reply(engine) -> dict:
    """MEMORY STATS as an ordered dict (RESP3 map, flat array in RESP2)."""
    fields = dict(memory.info_fields(engine))
    used = fields["used_memory"]
    peak = fields["used_memory_peak"]
    ovh = memory.overhead(engine)
    keys = sum(len(db.data) for db in engine.keyspace.dbs)
    net = max(1, used - memory.STARTUP)
    dataset = fields["used_memory_dataset"]
    out = {
        b"peak.allocated": peak, b"total.allocated": used,
        b"startup.allocated": memory.STARTUP, b"replication.backlog": 0,
        b"clients.slaves": 0, b"clients.normal": 0, b"cluster.links": 0, b"aof.buffer": 0,
        b"lua.caches": 0, b"functions.caches": 184,
    }
    for dbid, (main, exp) in sorted(ovh.items()):
        out[b"db.%d" % dbid] = {b"overhead.hashtable.main": main,
                                b"overhead.hashtable.expires": exp}
    lut = sum(memory.dict_slots(len(db.data)) * memory.PTR + memory.dict_slots(len(db.expires)) * memory.PTR
              for db in engine.keyspace.dbs)
    out.update({
        b"overhead.db.hashtable.lut": lut, b"overhead.db.hashtable.rehashing": 0,
        b"overhead.total": fields["used_memory_overhead"], b"db.dict.rehashing.count": 0,
        b"keys.count": keys, b"keys.bytes-per-key": net // keys if keys else 0,
        b"dataset.bytes": dataset, b"dataset.percentage": dataset * 100 / net,
        b"peak.percentage": used * 100 / peak if peak else 100.0,
        b"allocator.allocated": used, b"allocator.active": used, b"allocator.resident": used,
        b"allocator.muzzy": 0,
        b"allocator-fragmentation.ratio": 1.0, b"allocator-fragmentation.bytes": 0,
        b"allocator-rss.ratio": 1.0, b"allocator-rss.bytes": 0,
        b"rss-overhead.ratio": 1.0, b"rss-overhead.bytes": 0,
        b"fragmentation": 1.0, b"fragmentation.bytes": 0,
    })
    return out


@command("MEMORY|STATS", arity=2, group="server",
         summary="Report how the server's memory splits between overheads and the data set.",
         complexity="O(1)", since="4.0.0",
         tips="nondeterministic_output request_policy:all_shards response_policy:special")
def memory_stats(s, argv):
    return stats_reply(s.engine)


def doctor_report(engine) -> str:
    """Our own-words diagnosis. Only the memory peak can be judged here: RSS,
    fragmentation and allocator overheads do not exist in a modelled allocator."""
    used = memory.used_memory(engine)
    peak = max(used, engine.extensions.get("used_memory_peak", 0))
    if used - memory.STARTUP < 5 * 1024 * 1024 and peak < 5 * 1024 * 1024 + memory.STARTUP:
        return ("This instance holds very little data, too little for a memory diagnosis. "
                "Fill it with some data and ask again.\n")
    if peak > used * 3 // 2:
        return ("Memory peak: this instance once used more than 150% of what it uses now. "
                "A real allocator rarely hands such memory back, so the fragmentation ratio "
                "of a real server would look high; the space is reused as data grows again. "
                "MEMORY PURGE may return some of it.\n")
    return "No memory issue found in this instance.\n"


@command("MEMORY|DOCTOR", arity=2, group="server",
         summary="Describe memory problems the server detects, in prose.",
         complexity="O(1)", since="4.0.0",
         tips="nondeterministic_output request_policy:all_shards response_policy:special")
def memory_doctor(s, argv):
    return doctor_report(s.engine).encode()


@command("MEMORY|MALLOC-STATS", arity=2, group="server",
         summary="Show the memory allocator's internal statistics.",
         complexity="Depends on how much memory is allocated, could be slow", since="4.0.0",
         tips="nondeterministic_output request_policy:all_shards response_policy:special")
def memory_malloc_stats(s, argv):
    return _NOT_SUPPORTED


@command("MEMORY|PURGE", arity=2, group="server",
         summary="Ask the allocator to hand unused pages back to the operating system.",
         complexity="Depends on how much memory is allocated, could be slow", since="4.0.0",
         tips="request_policy:all_shards response_policy:all_succeeded")
def memory_purge(s, argv):
    return OK


_HELP = (
    "DOCTOR",
    "    Describe memory problems the server can see.",
    "MALLOC-STATS",
    "    Show the allocator's internal statistics.",
    "PURGE",
    "    Ask the allocator to release unused memory.",
    "STATS",
    "    Break the server's memory use down into overheads and data.",
    "USAGE <key> [SAMPLES <count>]",
    "    Estimate the bytes used by <key> and its value. Nested values are sampled",
    "    <count> times (default: 5, 0 means every element).",
)


@command("MEMORY|HELP", arity=2, flags="loading stale", group="server",
         summary="List the MEMORY subcommands and what they do.",
         complexity="O(1)", since="4.0.0")
def memory_help(s, argv):
    return help_reply("MEMORY", *_HELP)
