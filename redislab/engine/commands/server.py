"""Server commands: INFO, TIME, DBSIZE, LASTSAVE, MONITOR, FLUSHDB/FLUSHALL, SWAPDB,
WAIT, ROLE, SAVE/BGSAVE. CONFIG lives in server_config.py, SLOWLOG and DEBUG in server_admin.py.

SAVE, BGSAVE and DEBUG RELOAD write the RDB file when the engine has a disk
(`redislab serve`, engine/persistence.py); in process they succeed at once, move
LASTSAVE and write no file (docs/COMPATIBILITY.md).
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from .. import info as info_mod
from .. import persistence
from ..args import text, to_int, upper
from ..registry import Int, OneOf, Str, Token, command
from ..replies import OK, Status, Verbatim


@command("INFO", arity=-1, flags="loading stale", group="server", acl="dangerous",
         tips="nondeterministic_output request_policy:all_shards response_policy:special",
         summary="Report the server's state and statistics, section by section.",
         complexity="O(1)", since="1.0.0",
         history=(("7.0.0", "Added support for taking multiple section arguments."),),
         args=(Str("section", optional=True, multiple=True),))
def info(s, argv):
    return Verbatim(info_mod.info_text(s.engine, [text(a) for a in argv[1:]]))


@command("TIME", arity=1, flags="loading stale fast", group="server", tips="nondeterministic_output",
         summary="Return the server's clock as seconds and microseconds.", complexity="O(1)", since="2.6.0")
def time_(s, argv):
    us = s.engine.clock.time_us()
    return [b"%d" % (us // 1_000_000), b"%d" % (us % 1_000_000)]


@command("DBSIZE", arity=1, flags="readonly fast", group="server", acl="keyspace",
         tips="request_policy:all_shards response_policy:agg_sum",
         summary="Count the keys of the selected database.", complexity="O(1)", since="1.0.0")
def dbsize(s, argv):
    # Like Redis, keys whose TTL passed but were not yet reclaimed still count.
    return len(s.db.data)


@command("LASTSAVE", arity=1, flags="loading stale fast", group="server", acl="admin dangerous",
         tips="nondeterministic_output",
         summary="Return the Unix time of the last successful save to disk.", complexity="O(1)", since="1.0.0")
def lastsave(s, argv):
    return s.engine.lastsave


@command("MONITOR", arity=1, flags="admin noscript loading stale", group="server", complexity="",
         summary="Stream every command the server runs to this connection.", since="1.0.0")
def monitor(s, argv):
    # The engine feeds each command to every session in engine.monitors via s.push.
    s.monitor = True
    s.engine.monitors.add(s)
    return OK


def _flush_mode(argv) -> None:
    if len(argv) > 2:
        raise RedisError(errors.SYNTAX)
    if len(argv) == 2 and upper(argv[1]) not in (b"ASYNC", b"SYNC"):
        raise RedisError(errors.SYNTAX)
    # ASYNC and SYNC end the same here: freeing a Python dict is already cheap for the caller.


_FLUSH_HISTORY = (("4.0.0", "Added the `ASYNC` flushing mode modifier."),
                  ("6.2.0", "Added the `SYNC` flushing mode modifier."))
_FLUSH_ARGS = (OneOf("flush-type", Token("ASYNC", since="4.0.0"), Token("SYNC", since="6.2.0"), optional=True),)


@command("FLUSHDB", arity=-1, flags="write", group="server", acl="keyspace dangerous",
         tips="request_policy:all_shards response_policy:all_succeeded",
         summary="Delete every key of the selected database.",
         complexity="O(N) where N is the number of keys in the selected database", since="1.0.0",
         history=_FLUSH_HISTORY, args=_FLUSH_ARGS)
def flushdb(s, argv):
    _flush_mode(argv)
    s.db.flush()
    return OK


@command("FLUSHALL", arity=-1, flags="write", group="server", acl="keyspace dangerous",
         tips="request_policy:all_shards response_policy:all_succeeded",
         summary="Delete every key of every database.",
         complexity="O(N) where N is the total number of keys in all databases", since="1.0.0",
         history=_FLUSH_HISTORY, args=_FLUSH_ARGS)
def flushall(s, argv):
    _flush_mode(argv)
    for db in s.engine.keyspace.dbs:
        db.flush()
    return OK


def _db_int(b, message: str) -> int:
    try:
        n = to_int(b)
    except RedisError:
        raise errors.err(message) from None
    if not -2**31 <= n < 2**31:
        raise errors.err(message)
    return n


@command("SWAPDB", arity=3, flags="write fast", group="server", acl="keyspace dangerous",
         summary="Exchange the contents of two databases, for every connection at once.",
         complexity="O(N) where N is the count of clients watching or blocking on keys from both databases.",
         since="4.0.0", args=(Int("index1"), Int("index2")))
def swapdb(s, argv):
    engine = s.engine
    if engine.config.get("cluster-enabled"):
        raise errors.err("SWAPDB is not allowed in cluster mode")
    # Each index is read as a C int with its own message for "not an int" and "outside
    # the C int range" alike; only an int that names no db is "DB index is out of range".
    a = _db_int(argv[1], "invalid first DB index")
    b = _db_int(argv[2], "invalid second DB index")
    n = len(engine.keyspace.dbs)
    if not (0 <= a < n and 0 <= b < n):
        raise RedisError(errors.DB_INDEX_OUT_OF_RANGE)
    if a != b:
        engine.keyspace.swap(a, b)
    return OK


# ------------------------------------------------------------ replication
# The engine is always a primary with no replicas attached (INFO replication says
# role:master, connected_slaves:0), so WAIT and ROLE answer as such a Redis does.

# Group "connection", not Redis's "generic": a generic-group command is run by the RESP
# server's pipelined fast path, which cannot park a blocked reply mid-batch. The ACL
# categories (@slow @connection) are Redis's either way (docs/COMPATIBILITY.md).
@command("WAIT", arity=3, flags="noscript", group="connection",
         tips="request_policy:all_shards response_policy:agg_min",
         summary="Wait until the writes this connection made reach a number of replicas, or a timeout.",
         complexity="O(1)", since="3.0.0", args=(Int("numreplicas"), Int("timeout")))
def wait(s, argv):
    from ..blocking import block, must_answer_now, parse_timeout

    numreplicas = to_int(argv[1])
    timeout = parse_timeout(argv[2], s, unit_ms=True)
    acked = 0
    # Enough replicas already (numreplicas <= 0), or inside MULTI: answer at once.
    if acked >= numreplicas or must_answer_now(s):
        return acked
    # No replica will ever acknowledge: wait out the timeout (0: until CLIENT UNBLOCK).
    return block(s, [], timeout, lambda: None, acked)


@command("ROLE", arity=1, flags="noscript loading stale fast", group="server", acl="admin dangerous",
         summary="Tell whether this server is a primary or a replica, with its replication state.",
         complexity="O(1)", since="2.8.12")
def role(s, argv):
    from ...cluster.cluster import replication_of

    link = s.engine.extensions.get("replica_link")
    if link is not None:        # REPLICAOF: the link's state and offset
        return [b"slave", link.host.encode(), link.port, link.state.encode(), link.offset]
    rep = replication_of(s.engine)
    if rep is not None and rep[0] is not None:
        # A replica in `serve --cluster N --replicas R`: its primary, link state, offset.
        p = rep[0]
        return [b"slave", (p.host or "127.0.0.1").encode(), p.port, b"connected", 0]
    # A primary: its replication offset (INFO's master_repl_offset) and its replicas,
    # each as [ip, port, offset] with port and offset as strings, as Redis sends them.
    replicas = rep[1] if rep is not None else []
    return [b"master", 0, [[(r.host or "127.0.0.1").encode(), str(r.port).encode(), b"0"]
                           for r in replicas]]


def _save(engine, background: bool) -> None:
    try:
        persistence.save(engine)
    except OSError:
        # Redis answers a failed SAVE with a bare "ERR"; a BGSAVE's child fails after
        # the reply, which INFO persistence then reports.
        if not background:
            raise RedisError("ERR") from None
        engine.extensions["rdb_last_bgsave_status"] = "err"


@command("SAVE", arity=1, flags="admin noscript no_async_loading no_multi", group="server",
         summary="Save the data set to disk, blocking the server while it runs.",
         complexity="O(N) where N is the total number of keys in all databases", since="1.0.0")
def save(s, argv):
    _save(s.engine, False)
    return OK


@command("BGSAVE", arity=-1, flags="admin noscript no_async_loading", group="server",
         summary="Save the data set to disk in the background.", complexity="O(1)", since="1.0.0",
         history=(("3.2.2", "Added the `SCHEDULE` option."),),
         args=(Token("SCHEDULE", optional=True, since="3.2.2"),))
def bgsave(s, argv):
    if len(argv) > 2 or (len(argv) == 2 and upper(argv[1]) != b"SCHEDULE"):
        raise RedisError(errors.SYNTAX)
    _save(s.engine, True)
    return Status("Background saving started")


_NOT_A_SERVER = ("ERR SHUTDOWN stops a server, and this engine runs inside this process "
                 "(the lab, an in-process client): there is no server to stop")


@command("SHUTDOWN", arity=-1, flags="admin noscript loading stale no_multi allow_busy", group="server",
         summary="Save the data set to disk (if saving is configured or asked for), then stop the server.",
         complexity="O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)",
         since="1.0.0", history=(("7.0.0", "Added the `NOW`, `FORCE` and `ABORT` modifiers."),),
         args=(OneOf("nosave_save", Token("NOSAVE"), Token("SAVE"), optional=True),
               Token("NOW", optional=True, since="7.0.0"), Token("FORCE", optional=True, since="7.0.0"),
               Token("ABORT", optional=True, since="7.0.0")))
def shutdown(s, argv):
    seen = set()
    for a in argv[1:]:
        u = upper(a)
        if u not in (b"NOSAVE", b"SAVE", b"NOW", b"FORCE", b"ABORT"):
            raise RedisError(errors.SYNTAX)
        seen.add(u)
    if (b"ABORT" in seen and len(seen) > 1) or {b"NOSAVE", b"SAVE"} <= seen:
        raise RedisError(errors.SYNTAX)
    if b"ABORT" in seen:
        raise errors.err("No shutdown in progress.")      # ours never waits for replicas
    engine = s.engine
    stop = engine.extensions.get("shutdown")
    if stop is None:
        raise RedisError(_NOT_A_SERVER)
    wants_save = b"SAVE" in seen or (b"NOSAVE" not in seen and engine.config.values["save"])
    if wants_save:
        try:
            persistence.save(engine)
        except OSError:
            if b"FORCE" not in seen:
                raise errors.err("Errors trying to SHUTDOWN. Check logs.") from None
    # Redis closes the connection without a reply; the front end then stops.
    s.reply_mode = "off"
    s.flags.add("close_after_reply")
    stop()
    return None


from . import replication, server_admin, server_config  # noqa: E402,F401  (REPLICAOF, CONFIG, SLOWLOG, DEBUG)


def _debug_reload(s, args):
    save_first = flush = True
    merge = False
    for a in args:
        opt = upper(a)
        if opt == b"MERGE":
            merge = True
        elif opt == b"NOFLUSH":
            flush = False
        elif opt == b"NOSAVE":
            save_first = False
        else:
            raise RedisError("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.")
    try:
        persistence.reload(s.engine, save_first, flush, merge)
    except OSError:
        raise RedisError("ERR") from None       # a failed save, as SAVE answers it
    return OK


server_admin.register_debug("RELOAD", _debug_reload, 0, (
    "RELOAD [MERGE] [NOFLUSH] [NOSAVE]",
    "    Save the RDB file and load it back (NOSAVE: load the last one; NOFLUSH: over",
    "    the data in memory; MERGE: a key in both takes the file's value)."))
