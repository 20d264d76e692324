"""XINFO STREAM [FULL [COUNT n]], XINFO GROUPS, XINFO CONSUMERS and XINFO HELP.

Replies follow Redis 7.4: consumers carry ``inactive`` (XINFO CONSUMERS) and
``active-time`` (XINFO STREAM FULL), both added in 7.2. Radix-tree figures come
from the stream's node model (datatypes/stream.py).
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import to_int
from ..datatypes.stream import Stream, fmt_id
from ..registry import Int, Key, Str, Token, Block, command, container
from ..replies import MapReply, help_reply
from .streams import G, entry_reply

container("XINFO", group=G, summary="Inspect streams, their consumer groups and consumers.", since="5.0.0")


def _stream(s, key) -> Stream:
    st = s.db.lookup_typed(key, Stream)
    if st is None:
        raise RedisError(errors.NO_SUCH_KEY)
    return st


def _reads(g):
    return None if g.entries_read < 0 else g.entries_read


def _head(st: Stream) -> list:
    return [(b"length", len(st)), (b"radix-tree-keys", st.rax_keys()),
            (b"radix-tree-nodes", st.rax_nodes()), (b"last-generated-id", fmt_id(st.last_id)),
            (b"max-deleted-entry-id", fmt_id(st.max_deleted_id)), (b"entries-added", st.entries_added),
            (b"recorded-first-entry-id", fmt_id(st.first_id))]


def _full(st: Stream, count: int) -> MapReply:
    def limited(items):
        out = []
        for x in items:
            if count and len(out) >= count:
                break
            out.append(x)
        return out

    groups = []
    for g in st.sorted_groups():
        pending = [[fmt_id(eid), n.consumer.name, n.delivery_time, n.delivery_count]
                   for eid, n in limited(g.pel.items())]
        consumers = []
        for c in g.sorted_consumers():
            cp = [[fmt_id(eid), n.delivery_time, n.delivery_count] for eid, n in limited(c.pel.items())]
            consumers.append(MapReply([(b"name", c.name), (b"seen-time", c.seen_time),
                                       (b"active-time", c.active_time), (b"pel-count", len(c.pel)),
                                       (b"pending", cp)]))
        groups.append(MapReply([(b"name", g.name), (b"last-delivered-id", fmt_id(g.last_id)),
                                (b"entries-read", _reads(g)), (b"lag", st.lag(g)),
                                (b"pel-count", len(g.pel)), (b"pending", pending),
                                (b"consumers", consumers)]))
    entries = [entry_reply(e, f) for e, f in st.range((0, 0), (2**64 - 1, 2**64 - 1), count)]
    return MapReply(_head(st) + [(b"entries", entries), (b"groups", groups)])


@command("XINFO|STREAM", arity=-3, flags="readonly", keys=(2, 2, 1), group=G,
         summary="Describe a stream: length, IDs, counters, first and last entries; FULL adds entries and groups.",
         complexity="O(1) for the summary form; O(N) with FULL, N being the number of entries, groups, consumers and pending entries returned (COUNT bounds it).",
         since="5.0.0",
         history=(("6.0.0", "Added the `FULL` modifier."),
                  ("7.0.0", "Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, `entries-read` and `lag` fields"),
                  ("7.2.0", "Added the `active-time` field, and changed the meaning of `seen-time`.")),
         args=(Key(), Block("full-block", Token("FULL"), Int("count", token="COUNT", optional=True), optional=True)))
def xinfo_stream(s, argv):
    st = _stream(s, argv[2])
    argc = len(argv)
    full = False
    count = 10
    if argc > 3:
        if argv[3].upper() != b"FULL":
            raise errors.subcommand_syntax(argv[1], "XINFO")
        full = True
        if argc > 4:
            if argc != 6 or argv[4].upper() != b"COUNT":
                raise errors.subcommand_syntax(argv[1], "XINFO")
            count = to_int(argv[5])
            if count < 0:
                count = 10
    if full:
        return _full(st, count)
    first, last = st.first_entry(), st.last_entry()
    return MapReply(_head(st) + [(b"groups", len(st.groups)),
                                 (b"first-entry", entry_reply(*first) if first else None),
                                 (b"last-entry", entry_reply(*last) if last else None)])


@command("XINFO|GROUPS", arity=3, flags="readonly", keys=(2, 2, 1), group=G,
         summary="List a stream's consumer groups with their consumers, pending count, position and lag.",
         complexity="O(1)", since="5.0.0",
         history=(("7.0.0", "Added the `entries-read` and `lag` fields"),),
         args=(Key(),))
def xinfo_groups(s, argv):
    st = _stream(s, argv[2])
    return [MapReply([(b"name", g.name), (b"consumers", len(g.consumers)), (b"pending", len(g.pel)),
                      (b"last-delivered-id", fmt_id(g.last_id)), (b"entries-read", _reads(g)),
                      (b"lag", st.lag(g))])
            for g in st.sorted_groups()]


@command("XINFO|CONSUMERS", arity=4, flags="readonly", keys=(2, 2, 1), group=G,
         summary="List the consumers of a group: pending count, idle time since last seen, time since last active.",
         complexity="O(1)", since="5.0.0", tips="nondeterministic_output",
         history=(("7.2.0", "Added the `inactive` field, and changed the meaning of `idle`."),),
         args=(Key(), Str("group")))
def xinfo_consumers(s, argv):
    st = _stream(s, argv[2])
    g = st.groups.get(argv[3])
    if g is None:
        raise RedisError(errors._oneline("NOGROUP No such consumer group '%s' for key name '%s'"
                                         % (errors._clip(argv[3], 1 << 30), errors._clip(argv[2], 1 << 30))))
    now = s.engine.clock.time_ms()
    return [MapReply([(b"name", c.name), (b"pending", len(c.pel)), (b"idle", max(0, now - c.seen_time)),
                      (b"inactive", -1 if c.active_time < 0 else max(0, now - c.active_time))])
            for c in g.sorted_consumers()]


_HELP = (
    "CONSUMERS <key> <groupname>",
    "    Show the consumers of <groupname>.",
    "GROUPS <key>",
    "    Show the consumer groups of the stream.",
    "STREAM <key> [FULL [COUNT <count>]",
    "    Show information about the stream.",
)


@command("XINFO|HELP", arity=2, flags="loading stale", group=G,
         summary="Show what the XINFO subcommands do.", complexity="O(1)", since="5.0.0")
def xinfo_help(s, argv):
    return help_reply("XINFO", *_HELP)
