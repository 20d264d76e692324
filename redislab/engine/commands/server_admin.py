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
from ..args import text, to_int, upper
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


def _serialized_length(s, key, v) -> int:
    """What the value takes in an RDB snapshot (DEBUG OBJECT serializedlength): the
    DUMP payload's body, without its type byte, RDB version and checksum (1 + 2 + 8),
    so LZF compression and integer forms count as Redis counts them."""
    from .dump_restore import serialize

    try:
        return len(serialize(s, key, v)) - 11
    except RedisError:              # a module value: Redis Stack writes its own form
        return 0


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
