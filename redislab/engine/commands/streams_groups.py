"""Consumer groups: XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER, DELCONSUMER, HELP),
XACK, XPENDING, XCLAIM and XAUTOCLAIM.

Reading through a group (XREADGROUP) is in streams_read.py. Per Redis 7.2+, XCLAIM
and XAUTOCLAIM create the named consumer and refresh its seen-time even when they
claim nothing; its active-time moves only when something is claimed.
"""
from __future__ import annotations

from itertools import islice

from ... import errors
from ...errors import RedisError
from ..args import to_int
from ..datatypes.stream import INVALID_READS, MIN_ID, NACK, Stream, fmt_id
from ..registry import Block, Int, Key, Str, Token, UnixTime, command, container
from ..replies import NULL_ARRAY, OK, help_reply
from .streams import G, entry_reply, notify, parse_end, parse_id, parse_start, parse_strict_id, wake

KEY_REQUIRED = ("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may "
                "want to use the MKSTREAM option to create an empty stream automatically.")
BUSYGROUP = "BUSYGROUP Consumer Group name already exists"


def nogroup(key, group) -> RedisError:
    return RedisError(errors._oneline("NOGROUP No such key '%s' or consumer group '%s'"
                                      % (errors._clip(key, 1 << 30), errors._clip(group, 1 << 30))))


def lookup_group(s, key, group):
    """(stream, group) or NOGROUP."""
    st = s.db.lookup_typed(key, Stream)
    g = st.groups.get(group) if st is not None else None
    if g is None:
        raise nogroup(key, group)
    return st, g


container("XGROUP", group=G, summary="Manage the consumer groups of a stream (create, move, destroy, consumers).",
          since="5.0.0")


def _entries_read_opt(argv, allow_mkstream: bool):
    """Parse [MKSTREAM] [ENTRIESREAD n] from argv[5:]."""
    mkstream = False
    entries_read = INVALID_READS
    i = 5
    while i < len(argv):
        opt = argv[i].upper()
        if allow_mkstream and opt == b"MKSTREAM":
            mkstream = True
            i += 1
        elif opt == b"ENTRIESREAD" and i + 1 < len(argv):
            entries_read = to_int(argv[i + 1])
            if entries_read < 0 and entries_read != INVALID_READS:
                raise RedisError("ERR value for ENTRIESREAD must be positive or -1")
            i += 2
        else:
            raise errors.subcommand_syntax(argv[1], "XGROUP")
    return mkstream, entries_read


def _xgroup_target(s, argv, need_group: bool):
    st = s.db.lookup_typed(argv[2], Stream)
    if st is None:
        raise RedisError(KEY_REQUIRED)
    g = st.groups.get(argv[3])
    if need_group and g is None:
        raise RedisError(errors._oneline("NOGROUP No such consumer group '%s' for key name '%s'"
                                         % (errors._clip(argv[3], 1 << 30), errors._clip(argv[2], 1 << 30))))
    return st, g


@command("XGROUP|CREATE", arity=-5, flags="write denyoom", keys=(2, 2, 1), group=G, key_flags="RW insert",
         summary="Create a consumer group that starts after a given ID ($ for the stream's last entry).",
         complexity="O(1)", since="5.0.0",
         history=(("7.0.0", "Added the `entries_read` named argument."),),
         args=(Key(), Str("group"), Str("id-selector", display="id | $"),
               Token("MKSTREAM", optional=True), Int("entries-read", token="ENTRIESREAD", optional=True)))
def xgroup_create(s, argv):
    mkstream, entries_read = _entries_read_opt(argv, True)
    db = s.db
    key = argv[2]
    st = db.lookup_typed(key, Stream)
    if st is None and not mkstream:
        raise RedisError(KEY_REQUIRED)
    if len(argv) > 8:
        raise errors.subcommand_syntax(argv[1], "XGROUP")
    if argv[4] == b"$":
        last = st.last_id if st is not None else MIN_ID
    else:
        last = parse_strict_id(argv[4])
    if st is None:
        st = Stream()
        db.add(key, st)
        db.modified(key)
    if st.create_group(argv[3], last, entries_read) is None:
        raise RedisError(BUSYGROUP)
    notify(db, "xgroup-create", key)
    return OK


@command("XGROUP|SETID", arity=-5, flags="write", keys=(2, 2, 1), group=G,
         summary="Move a consumer group's last delivered ID (and optionally its read counter).",
         complexity="O(1)", since="5.0.0",
         history=(("7.0.0", "Added the optional `entries_read` argument."),),
         args=(Key(), Str("group"), Str("id-selector", display="id | $"),
               Int("entriesread", token="ENTRIESREAD", optional=True)))
def xgroup_setid(s, argv):
    _, entries_read = _entries_read_opt(argv, False)
    st, g = _xgroup_target(s, argv, True)
    if len(argv) not in (5, 7):
        raise errors.subcommand_syntax(argv[1], "XGROUP")
    g.last_id = st.last_id if argv[4] == b"$" else parse_id(argv[4], 0)
    g.entries_read = entries_read
    notify(s.db, "xgroup-setid", argv[2])
    return OK


@command("XGROUP|DESTROY", arity=4, flags="write", keys=(2, 2, 1), group=G, key_flags="RW delete",
         summary="Delete a consumer group with its consumers and pending entries; 1 if it existed.",
         complexity="O(N) where N is the number of entries in the group's pending entries list (PEL).",
         since="5.0.0", args=(Key(), Str("group")))
def xgroup_destroy(s, argv):
    st, g = _xgroup_target(s, argv, False)
    if g is None:
        return 0
    del st.groups[argv[3]]
    notify(s.db, "xgroup-destroy", argv[2])
    wake(s.db, argv[2])      # blocked XREADGROUP callers must learn the group is gone
    return 1


@command("XGROUP|CREATECONSUMER", arity=5, flags="write denyoom", keys=(2, 2, 1), group=G,
         key_flags="RW insert",
         summary="Add a consumer to a consumer group; 1 if it was new.",
         complexity="O(1)", since="6.2.0", args=(Key(), Str("group"), Str("consumer")))
def xgroup_createconsumer(s, argv):
    _, g = _xgroup_target(s, argv, True)
    _, created = g.create_consumer(argv[4], s.engine.clock.time_ms())
    if created:
        notify(s.db, "xgroup-createconsumer", argv[2])
    return 1 if created else 0


@command("XGROUP|DELCONSUMER", arity=5, flags="write", keys=(2, 2, 1), group=G, key_flags="RW delete",
         summary="Remove a consumer from a group; its pending entries are dropped. Returns how many it had.",
         complexity="O(1)", since="5.0.0", args=(Key(), Str("group"), Str("consumer")))
def xgroup_delconsumer(s, argv):
    _, g = _xgroup_target(s, argv, True)
    if argv[4] not in g.consumers:
        return 0
    n = g.delete_consumer(argv[4])
    notify(s.db, "xgroup-delconsumer", argv[2])
    return n


_XGROUP_HELP = (
    "CREATE <key> <groupname> <id|$> [option]",
    "    Make a consumer group that delivers entries after <id> ($: the last entry). Options:",
    "    * MKSTREAM",
    "      Create an empty stream when the key is missing.",
    "    * ENTRIESREAD entries_read",
    "      Preset the group's entries_read counter (internal use).",
    "CREATECONSUMER <key> <groupname> <consumer>",
    "    Add a consumer to the group.",
    "DELCONSUMER <key> <groupname> <consumer>",
    "    Remove a consumer from the group.",
    "DESTROY <key> <groupname>",
    "    Remove the group.",
    "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
    "    Move the group's last delivered ID and entries_read counter.",
)


@command("XGROUP|HELP", arity=2, flags="loading stale", group=G,
         summary="Show what the XGROUP subcommands do.", complexity="O(1)", since="5.0.0")
def xgroup_help(s, argv):
    return help_reply("XGROUP", *_XGROUP_HELP)


# ------------------------------------------------------------------ XACK

@command("XACK", arity=-4, flags="write fast", keys=(1, 1, 1), group=G,
         summary="Acknowledge entries of a consumer group, removing them from its pending list; returns how many.",
         complexity="O(1) for each message ID processed.", since="5.0.0",
         args=(Key(), Str("group"), Str("id", multiple=True)))
def xack(s, argv):
    st = s.db.lookup_typed(argv[1], Stream)
    g = st.groups.get(argv[2]) if st is not None else None
    if g is None:
        return 0
    ids = [parse_strict_id(a) for a in argv[3:]]    # all or nothing: parse every ID first
    n = sum(1 for eid in ids if g.ack(eid))
    return n


# -------------------------------------------------------------- XPENDING

@command("XPENDING", arity=-3, flags="readonly", keys=(1, 1, 1), group=G,
         summary="Inspect a consumer group's pending entries: a summary, or the entries in an ID range.",
         complexity="O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.",
         since="5.0.0", history=(("6.2.0", "Added the `IDLE` option and exclusive range intervals."),),
         args=(Key(), Str("group"),
               Block("filters", Int("min-idle-time", token="IDLE", optional=True, since="6.2.0"),
                     Str("start"), Str("end"), Int("count"), Str("consumer", optional=True), optional=True)),
         tips="nondeterministic_output")
def xpending(s, argv):
    argc = len(argv)
    if argc != 3 and not 6 <= argc <= 9:
        raise RedisError(errors.SYNTAX)
    minidle = 0
    consumer_name = None
    if argc >= 6:
        i = 3
        if argv[3].upper() == b"IDLE":
            minidle = to_int(argv[4])
            if argc < 8:
                raise RedisError(errors.SYNTAX)
            i = 5
        count = max(0, to_int(argv[i + 2]))
        start = parse_start(argv[i])
        end = parse_end(argv[i + 1])
        if i + 3 < argc:
            consumer_name = argv[i + 3]
    _, g = lookup_group(s, argv[1], argv[2])
    if argc == 3:
        if not g.pel:
            return [0, None, None, NULL_ARRAY]
        owners = [[c.name, b"%d" % len(c.pel)] for c in g.sorted_consumers() if c.pel]
        return [len(g.pel), fmt_id(g.pel.peekitem(0)[0]), fmt_id(g.pel.peekitem(-1)[0]), owners]
    if consumer_name is not None:
        c = g.consumer(consumer_name)
        if c is None:
            return []
        pel = c.pel
    else:
        pel = g.pel
    now = s.engine.clock.time_ms()
    out = []
    if not count or start > end:
        return out
    for eid in pel.irange(start, end):
        nack = pel[eid]
        idle = now - nack.delivery_time
        if minidle and idle < minidle:
            continue
        out.append([fmt_id(eid), nack.consumer.name, max(0, idle), nack.delivery_count])
        if len(out) >= count:
            break
    return out


# ---------------------------------------------------------------- XCLAIM

def _claim_one(g, eid, nack, consumer, when: int, retry: int, justid: bool) -> None:
    nack.delivery_time = when
    if retry >= 0:
        nack.delivery_count = retry
    elif not justid:
        nack.delivery_count += 1
    g.assign(eid, nack, consumer)


@command("XCLAIM", arity=-6, flags="write fast", keys=(1, 1, 1), group=G,
         summary="Take over pending entries of a consumer group that have been idle long enough.",
         complexity="O(log N) with N being the number of messages in the PEL of the consumer group.",
         since="5.0.0",
         args=(Key(), Str("group"), Str("consumer"), Str("min-idle-time"), Str("id", multiple=True),
               Int("ms", token="IDLE", optional=True), UnixTime("unix-time-milliseconds", token="TIME", optional=True),
               Int("count", token="RETRYCOUNT", optional=True), Token("FORCE", optional=True),
               Token("JUSTID", optional=True), Str("lastid", token="LASTID", optional=True)),
         tips="nondeterministic_output")
def xclaim(s, argv):
    st, g = lookup_group(s, argv[1], argv[2])
    minidle = max(0, to_int(argv[4], "ERR Invalid min-idle-time argument for XCLAIM"))
    ids = []
    j = 5
    while j < len(argv):
        try:
            ids.append(parse_strict_id(argv[j]))
        except RedisError:
            break                       # the first non-ID starts the options
        j += 1
    now = s.engine.clock.time_ms()
    force = justid = False
    retry = -1
    when = -1
    last = MIN_ID
    while j < len(argv):
        opt = argv[j].upper()
        more = j + 1 < len(argv)
        if opt == b"FORCE":
            force = True
        elif opt == b"JUSTID":
            justid = True
        elif opt == b"IDLE" and more:
            j += 1
            when = now - to_int(argv[j], "ERR Invalid IDLE option argument for XCLAIM")
        elif opt == b"TIME" and more:
            j += 1
            when = to_int(argv[j], "ERR Invalid TIME option argument for XCLAIM")
        elif opt == b"RETRYCOUNT" and more:
            j += 1
            retry = to_int(argv[j], "ERR Invalid RETRYCOUNT option argument for XCLAIM")
        elif opt == b"LASTID" and more:
            j += 1
            last = parse_strict_id(argv[j])
        else:
            raise RedisError(errors._oneline("ERR Unrecognized XCLAIM option '%s'" % errors._clip(argv[j], 1 << 30)))
        j += 1
    if last > g.last_id:
        g.last_id = last
    # A bogus time (in the future, or negative) means "now", as Redis tolerates clock skew.
    if when < 0 or when > now:
        when = now
    consumer = g.get_or_create(argv[3], now)
    consumer.seen_time = now
    out = []
    for eid in ids:
        nack = g.pel.get(eid)
        if eid not in st:
            if nack is not None:
                g.ack(eid)              # the entry is gone: drop it from the PEL
            continue
        if nack is None:
            if not force:
                continue
            nack = g.pel[eid] = NACK(now, None)
        elif minidle and now - nack.delivery_time < minidle:
            continue
        _claim_one(g, eid, nack, consumer, when, retry, justid)
        out.append(fmt_id(eid) if justid else entry_reply(eid, st.get(eid)))
    if out:
        consumer.active_time = now
    return out


AUTOCLAIM_MAX_COUNT = ((1 << 63) - 1) // 16


@command("XAUTOCLAIM", arity=-6, flags="write fast", keys=(1, 1, 1), group=G, key_flags="RW delete",
         summary="Scan a consumer group's pending entries from an ID and take over those idle long enough.",
         complexity="O(1) if COUNT is small.", since="6.2.0",
         history=(("7.0.0", "Added an element to the reply array, containing deleted entries the command cleared from the PEL"),),
         args=(Key(), Str("group"), Str("consumer"), Str("min-idle-time"), Str("start"),
               Int("count", token="COUNT", optional=True), Token("JUSTID", optional=True)),
         tips="nondeterministic_output")
def xautoclaim(s, argv):
    minidle = max(0, to_int(argv[4], "ERR Invalid min-idle-time argument for XAUTOCLAIM"))
    start = parse_start(argv[5])
    count = 100
    justid = False
    j = 6
    while j < len(argv):
        opt = argv[j].upper()
        if opt == b"COUNT" and j + 1 < len(argv):
            count = to_int(argv[j + 1], "ERR COUNT must be > 0")
            if not 1 <= count <= AUTOCLAIM_MAX_COUNT:
                raise RedisError("ERR COUNT must be > 0")
            j += 1
        elif opt == b"JUSTID":
            justid = True
        else:
            raise RedisError(errors.SYNTAX)
        j += 1
    st, g = lookup_group(s, argv[1], argv[2])
    now = s.engine.clock.time_ms()
    consumer = g.get_or_create(argv[3], now)
    consumer.seen_time = now
    attempts = count * 10
    claimed, deleted = [], []
    cursor = MIN_ID
    pel = g.pel
    # A bounded snapshot: acknowledging deleted entries edits the PEL as we go.
    for eid in list(islice(pel.irange(start, None), attempts + 1)):
        if not attempts or not count:
            cursor = eid                # the next call resumes here
            break
        attempts -= 1
        nack = pel[eid]
        if eid not in st:
            g.ack(eid)
            deleted.append(fmt_id(eid))
            count -= 1
            continue
        if minidle and now - nack.delivery_time < minidle:
            continue
        _claim_one(g, eid, nack, consumer, now, -1, justid)
        claimed.append(fmt_id(eid) if justid else entry_reply(eid, st.get(eid)))
        count -= 1
    if claimed:
        consumer.active_time = now
    return [fmt_id(cursor), claimed, deleted]

