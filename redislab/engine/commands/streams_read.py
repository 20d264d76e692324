"""XREAD and XREADGROUP, with BLOCK.

Both answer at once when some listed stream has something to give. Otherwise, with
BLOCK, the caller is parked through engine/blocking.py (Redis 7.2+ model: a woken
command is tried again). '$' (and 7.4's '+' on an empty stream) are resolved once,
when the command arrives, so a retry after a wake-up only sees entries added since
then, as Redis gets by rewriting its argv. Inside MULTI or a script the command
answers the timeout reply (null) straight away.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import to_int
from ..datatypes.stream import MAX_ID, MIN_ID, Stream, incr_id
from ..registry import Int, Key, Str, Token, command
from ..replies import NULL_ARRAY, MapReply
from .streams import G, entry_reply, parse_strict_id

try:  # written by the lists developer
    from .. import blocking as _blocking
except ImportError:  # pragma: no cover
    _blocking = None

NEW = "new"          # '>' : entries never delivered to the group
LAST = "last"        # '+' : the stream's last entry (7.4)
DOLLAR_IN_GROUP = ("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history "
                   "of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ "
                   "ID would just return an empty result set.")
GT_OUTSIDE_GROUP = ("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> "
                    "<consumer> option.")
KEY_GONE = "UNBLOCKED the stream key no longer exists"


def _parse(s, argv, group: bool):
    argc = len(argv)
    timeout = None
    count = 0
    first = 0
    gname = cname = None
    noack = False
    i = 1
    while i < argc:
        more = argc - i - 1
        opt = argv[i].upper()
        if opt == b"BLOCK" and more:
            if s.in_script:
                raise RedisError("ERR %s command is not allowed with BLOCK option from scripts"
                                 % errors._clip(argv[0]))
            i += 1
            timeout = _blocking.parse_timeout(argv[i], s, unit_ms=True)
        elif opt == b"COUNT" and more:
            i += 1
            count = max(0, to_int(argv[i]))
        elif opt == b"STREAMS" and more:
            first = i + 1
            if (argc - first) % 2:
                if group:
                    raise RedisError("ERR Unbalanced 'xreadgroup' list of streams: for each stream key "
                                     "an ID or '>' must be specified.")
                raise RedisError("ERR Unbalanced 'xread' list of streams: for each stream key an ID, "
                                 "'+', or '$' must be specified.")
            break
        elif opt == b"GROUP" and more >= 2:
            if not group:
                raise RedisError("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.")
            gname, cname = argv[i + 1], argv[i + 2]
            i += 2
        elif opt == b"NOACK":
            if not group:
                raise RedisError("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.")
            noack = True
        else:
            raise RedisError(errors.SYNTAX)
        i += 1
    if not first:
        raise RedisError(errors.SYNTAX)
    if group and gname is None:
        raise RedisError("ERR Missing GROUP option for XREADGROUP")
    return timeout, count, first, gname, cname, noack


def _nogroup(key, gname) -> RedisError:
    return RedisError(errors._oneline(
        "NOGROUP No such key '%s' or consumer group '%s' in XREADGROUP with GROUP option"
        % (errors._clip(key, 1 << 30), errors._clip(gname, 1 << 30))))


def _xread(s, argv, group: bool):
    timeout, count, first, gname, cname, noack = _parse(s, argv, group)
    n = (len(argv) - first) // 2
    keys = argv[first:first + n]
    db = s.db
    targets = []                        # (key, id or NEW/LAST), resolved once
    for idx, key in enumerate(keys):
        raw = argv[first + n + idx]
        st = db.lookup_typed(key, Stream)
        if group and (st is None or gname not in st.groups):
            raise _nogroup(key, gname)
        if raw == b"$":
            if group:
                raise RedisError(DOLLAR_IN_GROUP)
            eid = st.last_id if st is not None else MIN_ID
        elif raw == b">":
            if not group:
                raise RedisError(GT_OUTSIDE_GROUP)
            eid = NEW
        elif raw == b"+" and not group:
            eid = LAST if st is not None and len(st) else (st.last_id if st is not None else MIN_ID)
        else:
            eid = parse_strict_id(raw)
            if group and eid == MAX_ID:
                eid = NEW               # Redis encodes '>' as the maximal ID: the two are one
        targets.append((key, eid))

    def attempt(retry: bool = True):
        """The reply when some stream has something to give, else None. '$' and '+'
        stay pinned to what they meant when the command arrived, so a woken re-run
        only sees entries added since (Redis rewrites its argv to the same end)."""
        now = s.engine.clock.time_ms()
        out = []
        for key, eid in targets:
            st = db.lookup_typed(key, Stream)
            if st is None:
                if group and retry:
                    raise RedisError(KEY_GONE)
                continue
            if group:
                g = st.groups.get(gname)
                if g is None:
                    raise _nogroup(key, gname)
                consumer = g.get_or_create(cname, now)     # silently: Redis sends no event here
                consumer.seen_time = now
                if eid is NEW:
                    if len(st) and st.last_valid_id() > g.last_id:
                        out.append((key, [entry_reply(e, f) for e, f in
                                          st.deliver_new(g, consumer, count, noack, now)]))
                else:
                    start = incr_id(eid) or MIN_ID
                    out.append((key, [entry_reply(e, f) for e, f in
                                      st.deliver_history(consumer, start, count, now)]))
            elif eid is LAST:
                out.append((key, [entry_reply(*st.last_entry())]))
            elif len(st) and st.last_valid_id() > eid:
                out.append((key, [entry_reply(e, f) for e, f in st.range(incr_id(eid), MAX_ID, count)]))
        if not out:
            return None
        if s.resp == 3:
            return MapReply(out)
        return [[k, v] for k, v in out]

    reply = attempt(False)
    if reply is not None:
        return reply
    if timeout is None or _blocking is None or _blocking.must_answer_now(s):
        return NULL_ARRAY
    return _blocking.block(s, keys, timeout, attempt, NULL_ARRAY, btype="stream", unblock_on_nokey=group)


def _getkeys(argv):
    """Keys sit between STREAMS and the IDs (the first half of what follows it)."""
    for i in range(1, len(argv)):
        if argv[i].upper() == b"STREAMS":
            n = (len(argv) - i - 1) // 2
            return list(range(i + 1, i + 1 + n))
    return []


@command("XREAD", arity=-4, flags="readonly blocking", getkeys=_getkeys, group=G,
         key_specs=(("RO access", ("keyword", "STREAMS", 1), ("range", -1, 1, 2)),),
         summary="Read entries after given IDs from one or more streams, optionally waiting for new ones.",
         complexity="For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.",
         since="5.0.0", history=(("7.4.0", "Added the `+` ID to read the last entry of a stream."),),
         args=(Int("count", token="COUNT", optional=True), Int("milliseconds", token="BLOCK", optional=True),
               Token("STREAMS", "streams"), Key(multiple=True), Str("id", multiple=True)))
def xread(s, argv):
    return _xread(s, argv, False)


@command("XREADGROUP", arity=-7, flags="write blocking", getkeys=_getkeys, group=G,
         key_specs=(("RO access", ("keyword", "STREAMS", 4), ("range", -1, 1, 2)),),
         summary="Read entries from streams as a consumer of a group: new ones ('>') or the consumer's own pending ones.",
         complexity="For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.",
         since="5.0.0",
         args=(Token("GROUP"), Str("group"), Str("consumer"), Int("count", token="COUNT", optional=True),
               Int("milliseconds", token="BLOCK", optional=True), Token("NOACK", optional=True),
               Token("STREAMS", "streams"), Key(multiple=True), Str("id", multiple=True)))
def xreadgroup(s, argv):
    return _xread(s, argv, True)
