"""SLOWLOG and DEBUG.

DEBUG SLEEP is a lesson in itself: Redis runs one command at a time, so a sleeping
command stalls every client. The handler runs under the engine lock like any other,
so sleeping here really does stall the other sessions; on a VirtualClock it advances
the clock instead, so lessons and tests see the time pass without waiting.
"""
from __future__ import annotations

import re
import time

from ... import errors
from ...errors import RedisError
from .. import registry
from ..args import is_int, text, to_int, upper
from ..encodings import encoding_of
from ..memsize import quicklist_nodes
from ..registry import Int, Str, command
from ..replies import OK, Status, help_reply

registry.container("SLOWLOG", group="server", summary="A container for the slow log commands.", since="2.2.12")

_SLOW = dict(group="server", flags="admin loading stale")


@command("SLOWLOG|GET", arity=-2, **_SLOW, tips="request_policy:all_nodes nondeterministic_output",
         summary="Return the newest entries of the slow log.",
         complexity="O(N) where N is the number of entries returned", since="2.2.12",
         history=(("4.0.0", "Added client IP address, port and name to the reply."),),
         args=(Int("count", optional=True),))
def slowlog_get(s, argv):
    count = 10
    if len(argv) > 3:
        raise RedisError(errors.SYNTAX)
    if len(argv) == 3:
        try:
            count = to_int(argv[2])
        except RedisError:
            count = -2
        if count < -1:
            raise errors.err("count should be greater than or equal to -1")
    entries = list(s.engine.slowlog)
    if count != -1:
        entries = entries[:count]
    return [[eid, ts, dur, list(args), addr, name] for eid, ts, dur, args, addr, name in entries]


@command("SLOWLOG|LEN", arity=2, **_SLOW,
         tips="request_policy:all_nodes response_policy:agg_sum nondeterministic_output",
         summary="Count the entries in the slow log.", complexity="O(1)", since="2.2.12")
def slowlog_len(s, argv):
    return len(s.engine.slowlog)


@command("SLOWLOG|RESET", arity=2, **_SLOW, tips="request_policy:all_nodes response_policy:all_succeeded",
         summary="Empty the slow log.", complexity="O(N) where N is the number of entries in the slowlog",
         since="2.2.12")
def slowlog_reset(s, argv):
    s.engine.slowlog.clear()
    return OK


@command("SLOWLOG|HELP", arity=2, group="server", flags="loading stale",
         summary="Explain the SLOWLOG subcommands.", complexity="O(1)", since="6.2.0")
def slowlog_help(s, argv):
    return help_reply(
        "SLOWLOG",
        "GET [<count>]",
        "    Return the <count> newest entries (10 by default, -1 for all). Each entry holds",
        "    its id, Unix time, duration in microseconds, arguments, client address and",
        "    client name.",
        "LEN",
        "    Return how many entries the slow log holds.",
        "RESET",
        "    Empty the slow log.",
    )


# ------------------------------------------------------------------- DEBUG
# Other parts of the engine may add their own subcommands (OBJECT, RELOAD, ...) with
# register_debug; DEBUG then dispatches on the first argument.

DEBUG_SUBCOMMANDS: dict[bytes, tuple] = {}


def register_debug(name: str, fn, min_args: int = 0, help_lines: tuple = (), max_args: int | None = None):
    """Add ``DEBUG NAME``: ``fn(session, args)`` gets the arguments after NAME."""
    DEBUG_SUBCOMMANDS[name.upper().encode()] = (fn, min_args, help_lines, max_args)


def _atof(b: bytes) -> float:
    # DEBUG SLEEP reads its argument as C's atof would: a leading number, else 0.
    m = re.match(rb"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", b)
    return float(m.group(0)) if m else 0.0


def _atoi(b: bytes) -> int:
    m = re.match(rb"\s*[+-]?\d+", b)
    return int(m.group(0)) if m else 0


def _debug_sleep(s, args):
    secs = _atof(args[0])
    clock = s.engine.clock
    if getattr(clock, "virtual", False):
        clock.advance(secs)
    elif secs > 0:
        time.sleep(secs)      # under the engine lock: every other client waits, as in Redis
    return OK


def _debug_active_expire(s, args):
    s.engine.extensions["active_expire_enabled"] = bool(_atoi(args[0]))
    return OK


def _debug_help(s, args):
    lines = ["DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"]
    for name in sorted(DEBUG_SUBCOMMANDS):
        lines.extend(DEBUG_SUBCOMMANDS[name][2])
    return [Status(x) for x in lines]


def _rdb_len(n: int) -> int:
    """Bytes of an RDB length prefix."""
    return 1 if n < 64 else 2 if n < 16384 else 5 if n <= 0xFFFFFFFF else 9


def _rdb_string(b: bytes) -> int:
    """Bytes of a string in an RDB file: small canonical integers take 2, 3 or 5 bytes;
    anything else its length prefix and bytes. (Redis also LZF-compresses strings
    over 20 bytes when that saves room; that compression is not modelled, so a
    compressible long string or listpack reads bigger here than in Redis.)"""
    if len(b) <= 11 and is_int(b):
        v = int(b)
        if -128 <= v <= 127:
            return 2
        if -32768 <= v <= 32767:
            return 3
        if -(1 << 31) <= v < (1 << 31):
            return 5
    return _rdb_len(len(b)) + len(b)


def _blob(size: int) -> int:
    # An intset or listpack is written as one string of its bytes.
    return _rdb_len(size) + size


def _serialized_length(s, key, v) -> int:
    """What the value would take in an RDB snapshot (DEBUG OBJECT serializedlength)."""
    from ..memory import _score_bytes
    from ..memsize import LP_EMPTY, listpack_bytes, quicklist_nodes

    if type(v) is bytes:
        return _rdb_string(v)
    t, enc = v.TYPE, encoding_of(s.db, key, v)
    if t == "list":
        fill = s.engine.config.values["list-max-listpack-size"]
        nodes = [size for size, _ in quicklist_nodes(v, fill)] if v.quick else [v.nbytes]
        return _rdb_len(len(nodes)) + sum(1 + _blob(n) for n in nodes)
    if t == "set":
        if enc == "intset":
            ints = [int(m) for m in v.arr]
            width = 2 if all(-32768 <= x <= 32767 for x in ints) else \
                4 if all(-(1 << 31) <= x < (1 << 31) for x in ints) else 8
            return _blob(8 + width * len(ints))
        if enc == "listpack":
            return _blob(listpack_bytes(iter(v.arr), len(v), 0, True))
        return _rdb_len(len(v)) + sum(_rdb_string(m) for m in v.arr)
    if t == "hash":
        if enc == "listpack":
            return _blob(listpack_bytes((x for kv in v.d.items() for x in kv), 2 * len(v), 0, True))
        return _rdb_len(len(v)) + sum(_rdb_string(f) + _rdb_string(x) for f, x in v.d.items())
    if t == "zset":
        if enc == "listpack":
            flat = (x for m, sc in v.dict.items() for x in (m, _score_bytes(sc)))
            return _blob(listpack_bytes(flat, 2 * len(v), 0, True))
        return _rdb_len(len(v)) + sum(_rdb_string(m) + 8 for m in v.dict)   # scores as binary doubles
    if t == "stream":
        return _stream_length(v)
    return _blob(LP_EMPTY)


def _stream_length(v) -> int:
    """A stream in an RDB file: each listpack behind its 16-byte master ID, then the
    length, the IDs and counters Redis keeps, and every consumer group with its
    pending entries (16-byte IDs, 8-byte times) and consumers."""
    n = _rdb_len(len(v.nodes)) + sum(_blob(16) + _blob(node.lp_bytes()) for node in v.nodes.values())
    n += _rdb_len(len(v))
    for eid in (v.last_id, v.first_id, v.max_deleted_id):
        n += _rdb_len(eid[0]) + _rdb_len(eid[1])
    n += _rdb_len(v.entries_added) + _rdb_len(len(v.groups))
    for g in v.groups.values():
        n += _rdb_string(g.name) + _rdb_len(g.last_id[0]) + _rdb_len(g.last_id[1])
        read = g.entries_read
        n += _rdb_len(read) if read is not None and read >= 0 else 9     # "unknown" is saved as -1
        n += _rdb_len(len(g.pel)) + sum(16 + 8 + _rdb_len(x.delivery_count) for x in g.pel.values())
        n += _rdb_len(len(g.consumers))
        for c in g.consumers.values():
            n += _rdb_string(c.name) + 8 + _rdb_len(len(c.pel)) + 16 * len(c.pel)
    return n


def _debug_object(s, args):
    from .generic_object import object_refcount

    key = args[0]
    db = s.db
    v = db.lookup(key, False)        # inspecting must not count as an access
    if v is None:
        raise errors.err("no such key")
    ks = db.ks
    atime = db.atime.get(key, ks.lru_clock)
    enc = encoding_of(db, key, v)
    line = (f"Value at:0x{id(v):x} refcount:{object_refcount(s, [b'OBJECT', b'REFCOUNT', key])} "
            f"encoding:{enc} serializedlength:{_serialized_length(s, key, v)} "
            f"lru:{atime & 0xFFFFFF} lru_seconds_idle:{max(0, ks.lru_clock - atime)}")
    if enc == "quicklist":
        fill = s.engine.config.values["list-max-listpack-size"]
        nodes = list(quicklist_nodes(v, fill))
        line += (f" ql_nodes:{len(nodes)} ql_avg_node:{len(v) / max(1, len(nodes)):.2f} "
                 f"ql_listpack_max:{fill} ql_compressed:{int(s.engine.config.values['list-compress-depth'] != 0)} "
                 f"ql_uncompressed_size:{sum(n for n, _ in nodes)}")
    return Status(line)


register_debug("SLEEP", _debug_sleep, 1, ("SLEEP <seconds>", "    Stop the server for <seconds> (decimals allowed)."))
register_debug("SET-ACTIVE-EXPIRE", _debug_active_expire, 1,
               ("SET-ACTIVE-EXPIRE <0|1>", "    Turn the active expiry cycle off (0) or on (1)."))
register_debug("HELP", _debug_help, 0, ("HELP", "    Print this help."))
register_debug("OBJECT", _debug_object, 1, max_args=1, help_lines=(
    "OBJECT <key>", "    Show low-level details of the value at <key>: encoding, reference count,",
    "    size in a snapshot, LRU clock and idle time."))


@command("DEBUG", arity=-2, flags="admin noscript loading stale", group="server", doc_flags="syscmd",
         summary="Tools for testing and inspecting the server's internals.",
         complexity="Depends on subcommand.", since="1.0.0",
         args=(Str("subcommand"), Str("arg", optional=True, multiple=True)))
def debug(s, argv):
    entry = DEBUG_SUBCOMMANDS.get(upper(argv[1]))
    if entry is None or len(argv) - 2 < entry[1] or (entry[3] is not None and len(argv) - 2 > entry[3]):
        raise errors.err(f"unknown subcommand or wrong number of arguments for '{text(argv[1])}'. "
                         "Try DEBUG HELP.")
    return entry[0](s, argv[2:])
