"""Stream commands: XADD, XRANGE, XREVRANGE, XLEN, XDEL, XTRIM, XSETID, and the
ID parsing every stream command shares.

Consumer groups live in streams_groups.py, XREAD/XREADGROUP in streams_read.py and
XINFO in streams_info.py; they are imported at the bottom so that
``registry.load_all()`` gets every stream command by importing this module.
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from ..args import is_int, to_int
from ..datatypes.stream import MAX_ID, MIN_ID, U64, Stream, decr_id, fmt_id, incr_id
from ..registry import Block, Int, Key, OneOf, Str, Token, command
from ..replies import NULL_ARRAY, OK

G = "stream"
INVALID_ID = "ERR Invalid stream ID specified as stream command argument"
XADD_TOO_SMALL = "ERR The ID specified in XADD is equal or smaller than the target stream top item"
XADD_ZERO = "ERR The ID specified in XADD must be greater than 0-0"
EXHAUSTED = "ERR The stream has exhausted the last possible ID, unable to add more items"
BAD_START = "ERR invalid start ID for the interval"
BAD_END = "ERR invalid end ID for the interval"
_SPACES = b" \t\n\v\f\r"


# ------------------------------------------------------------------ IDs

def _strtoull(b: bytes):
    """Redis's string2ull: a canonical integer first, then C's strtoull, which also
    takes leading blanks, a sign and zeros ('-1' is refused, but '-01' wraps)."""
    if is_int(b):
        v = int(b)
        return v if v >= 0 else None
    t = b.lstrip(_SPACES)
    neg = t[:1] == b"-"
    if t[:1] in (b"-", b"+"):
        t = t[1:]
    if not t or not t.isdigit():
        return None
    v = int(t)
    if v > U64:
        return None
    return (-v) & U64 if neg else v


def parse_id(b, missing_seq: int = 0, strict: bool = False, star: bool = False):
    """Parse 'ms-seq', 'ms' (seq = ``missing_seq``), '-' and '+' (unless ``strict``).
    With ``star`` 'ms-*' gives (ms, None)."""
    if len(b) > 127:
        raise RedisError(INVALID_ID)
    if b"\0" in b:
        b = b[:b.index(b"\0")]          # Redis reads the ID as a C string
    if b == b"-" or b == b"+":
        if strict:
            raise RedisError(INVALID_ID)
        return MIN_ID if b == b"-" else MAX_ID
    ms_part, dash, seq_part = b.partition(b"-")
    ms = _strtoull(ms_part)
    if ms is None:
        raise RedisError(INVALID_ID)
    if not dash:
        return (ms, missing_seq)
    if star and seq_part == b"*":
        return (ms, None)
    seq = _strtoull(seq_part)
    if seq is None:
        raise RedisError(INVALID_ID)
    return (ms, seq)


def parse_strict_id(b):
    return parse_id(b, 0, strict=True)


def parse_start(b):
    """A range start: '-', an ID (missing seq = 0) or '(' exclusive."""
    if len(b) > 1 and b[:1] == b"(":
        v = incr_id(parse_id(b[1:], 0, strict=True))
        if v is None:
            raise RedisError(BAD_START)
        return v
    return parse_id(b, 0)


def parse_end(b):
    if len(b) > 1 and b[:1] == b"(":
        v = decr_id(parse_id(b[1:], U64, strict=True))
        if v is None:
            raise RedisError(BAD_END)
        return v
    return parse_id(b, U64)


def entry_reply(eid, fields):
    return [fmt_id(eid), fields if fields is not None else NULL_ARRAY]


def wake(db, key) -> None:
    """Make clients blocked on ``key`` re-run their command without touching WATCH
    (group changes such as XGROUP DESTROY are not key modifications in Redis)."""
    ks = db.ks
    if (db.id, key) in getattr(ks, "blocked_keys", ()) and ks.on_key_ready is not None:
        ks.on_key_ready(db, key)


def notify(db, event: str, key) -> None:
    if db.ks.notifier is not None:
        db.ks.notify("t", event, key, db.id)


# ------------------------------------------------------------- trimming

class TrimArgs:
    __slots__ = ("maxlen", "minid", "approx", "limit", "nomkstream", "id", "id_given")

    def __init__(self):
        self.maxlen = self.minid = None
        self.approx = False
        self.limit = 0
        self.nomkstream = False
        self.id = None
        self.id_given = False

    @property
    def strategy(self) -> bool:
        return self.maxlen is not None or self.minid is not None

    def apply(self, st: Stream) -> int:
        if not self.strategy:
            return 0
        return st.trim(self.maxlen, self.minid, self.approx, self.limit)


def parse_trim_args(s, argv, xadd: bool):
    """Read XADD/XTRIM options; returns (TrimArgs, index where parsing stopped: the
    ID for XADD)."""
    t = TrimArgs()
    argc = len(argv)
    limit_given = False
    i = 2
    while i < argc:
        more = argc - 1 - i
        opt = argv[i].upper()
        if xadd and argv[i] == b"*":
            break
        if (opt == b"MAXLEN" or opt == b"MINID") and more:
            if t.strategy:
                raise RedisError("ERR syntax error, MAXLEN and MINID options at the same time are not compatible")
            t.approx = False
            nxt = argv[i + 1]
            if more >= 2 and nxt in (b"~", b"="):
                t.approx = nxt == b"~"
                i += 1
            if opt == b"MAXLEN":
                t.maxlen = to_int(argv[i + 1])
                if t.maxlen < 0:
                    raise RedisError("ERR The MAXLEN argument must be >= 0.")
            else:
                t.minid = parse_strict_id(argv[i + 1])
            i += 1
        elif opt == b"LIMIT" and more:
            t.limit = to_int(argv[i + 1])
            if t.limit < 0:
                raise RedisError("ERR The LIMIT argument must be >= 0.")
            limit_given = True
            i += 1
        elif xadd and opt == b"NOMKSTREAM":
            t.nomkstream = True
        elif xadd:
            t.id = parse_id(argv[i], 0, strict=True, star=True)
            t.id_given = True
            break
        else:
            raise RedisError(errors.SYNTAX)
        i += 1
    if t.limit and not t.strategy:
        raise RedisError("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy")
    if not xadd and not t.strategy:
        raise RedisError("ERR syntax error, XTRIM must be called with a trimming strategy")
    if limit_given:
        if not t.approx:
            raise RedisError("ERR syntax error, LIMIT cannot be used without the special ~ option")
    elif t.approx:
        # Without LIMIT an approximate trim still bounds its work, as Redis does.
        t.limit = 100 * s.engine.config["stream-node-max-entries"]
        if t.limit <= 0 or t.limit > 1000000:
            t.limit = 10000
    return t, i


def _node_limits(s):
    cfg = s.engine.config
    return cfg["stream-node-max-bytes"], cfg["stream-node-max-entries"]


_TRIM_ARGS = (OneOf("strategy", Token("MAXLEN"), Token("MINID", since="6.2.0")),
              OneOf("operator", Token("=", "equal"), Token("~", "approximately"), optional=True),
              Str("threshold"), Int("count", token="LIMIT", optional=True, since="6.2.0"))


@command("XADD", arity=-5, flags="write denyoom fast", keys=(1, 1, 1), group=G,
         summary="Append an entry of field-value pairs to a stream, creating it unless NOMKSTREAM; may trim it too.",
         complexity="O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.",
         since="5.0.0", tips="nondeterministic_output",
         history=(("6.2.0", "Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option."),
                  ("7.0.0", "Added support for the `<ms>-*` explicit ID form.")),
         args=(Key(), Token("NOMKSTREAM", optional=True, since="6.2.0"),
               Block("trim", *_TRIM_ARGS, optional=True),
               OneOf("id-selector", Token("*", "auto-id"), Str("id")),
               Block("data", Str("field"), Str("value"), multiple=True)),
         key_specs=(("RW update", ("index", 1), ("range", 0, 1, 0),
                    "UPDATE rather than INSERT: MAXLEN/MINID may trim entries"),))
def xadd(s, argv):
    t, i = parse_trim_args(s, argv, True)
    field_pos = i + 1
    nfv = len(argv) - field_pos
    if nfv < 2 or nfv % 2:
        raise errors.wrong_arity("xadd")
    if t.id_given and t.id == (0, 0):
        raise RedisError(XADD_ZERO)
    db = s.db
    key = argv[1]
    st = db.lookup_typed(key, Stream)
    created = st is None
    if created:
        if t.nomkstream:
            return None
        st = Stream()
    if st.last_id == MAX_ID:
        raise RedisError(EXHAUSTED)
    if t.id_given:
        eid = st.explicit_id(*t.id)
    else:
        eid = st.auto_id(s.engine.clock.time_ms())
    if eid is None:
        raise RedisError(XADD_TOO_SMALL)
    if created:
        db.add(key, st)
    st.append(eid, argv[field_pos:], *_node_limits(s))
    db.modified(key)
    notify(db, "xadd", key)
    if t.apply(st):
        notify(db, "xtrim", key)
    return fmt_id(eid)


def _range(s, argv, rev: bool):
    start = parse_start(argv[3] if rev else argv[2])
    end = parse_end(argv[2] if rev else argv[3])
    count = -1
    j = 4
    while j < len(argv):
        if argv[j].upper() == b"COUNT" and j + 1 < len(argv):
            count = max(0, to_int(argv[j + 1]))
            j += 2
        else:
            raise RedisError(errors.SYNTAX)
    st = s.db.lookup_typed(argv[1], Stream)
    if st is None:
        return []
    if count == 0:
        return NULL_ARRAY
    return [entry_reply(e, f) for e, f in st.range(start, end, max(count, 0), rev)]


@command("XRANGE", arity=-4, flags="readonly", keys=(1, 1, 1), group=G,
         summary="List the entries of a stream whose IDs fall in a range, oldest first.",
         complexity="O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).",
         since="5.0.0", history=(("6.2.0", "Added exclusive ranges."),),
         args=(Key(), Str("start"), Str("end"), Int("count", token="COUNT", optional=True)))
def xrange(s, argv):
    return _range(s, argv, False)


@command("XREVRANGE", arity=-4, flags="readonly", keys=(1, 1, 1), group=G,
         summary="List the entries of a stream whose IDs fall in a range, newest first (end comes before start).",
         complexity="O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).",
         since="5.0.0", history=(("6.2.0", "Added exclusive ranges."),),
         args=(Key(), Str("end"), Str("start"), Int("count", token="COUNT", optional=True)))
def xrevrange(s, argv):
    return _range(s, argv, True)


@command("XLEN", arity=2, flags="readonly fast", keys=(1, 1, 1), group=G, key_flags="RO",
         summary="Count the entries of a stream.", complexity="O(1)", since="5.0.0", args=(Key(),))
def xlen(s, argv):
    st = s.db.lookup_typed(argv[1], Stream)
    return 0 if st is None else len(st)


@command("XDEL", arity=-3, flags="write fast", keys=(1, 1, 1), group=G, key_flags="RW delete",
         summary="Delete entries from a stream by ID; returns how many existed.",
         complexity="O(1) for each single item to delete in the stream, regardless of the stream size.",
         since="5.0.0", args=(Key(), Str("id", multiple=True)))
def xdel(s, argv):
    db = s.db
    st = db.lookup_typed(argv[1], Stream)
    if st is None:
        return 0
    ids = [parse_strict_id(a) for a in argv[2:]]
    n = sum(1 for eid in ids if st.delete(eid))
    if n:
        db.modified(argv[1])
        notify(db, "xdel", argv[1])
    return n


@command("XTRIM", arity=-4, flags="write", keys=(1, 1, 1), group=G, key_flags="RW delete",
         summary="Drop the oldest entries of a stream, by length (MAXLEN) or by ID (MINID).",
         complexity="O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.",
         since="5.0.0", tips="nondeterministic_output",
         history=(("6.2.0", "Added the `MINID` trimming strategy and the `LIMIT` option."),),
         args=(Key(), Block("trim", *_TRIM_ARGS)))
def xtrim(s, argv):
    t, _ = parse_trim_args(s, argv, False)
    db = s.db
    st = db.lookup_typed(argv[1], Stream)
    if st is None:
        return 0
    n = t.apply(st)
    if n:
        db.modified(argv[1])
        notify(db, "xtrim", argv[1])
    return n


@command("XSETID", arity=-3, flags="write denyoom fast", keys=(1, 1, 1), group=G,
         summary="Set a stream's last generated ID (and optionally its added-entries count and max deleted ID).",
         complexity="O(1)", since="5.0.0",
         history=(("7.0.0", "Added the `entries_added` and `max_deleted_entry_id` arguments."),),
         args=(Key(), Str("last-id"), Int("entries-added", token="ENTRIESADDED", optional=True, since="7.0.0"),
               Str("max-deleted-id", token="MAXDELETEDID", optional=True, since="7.0.0")))
def xsetid(s, argv):
    eid = parse_strict_id(argv[2])
    added = -1
    maxdel = MIN_ID
    i = 3
    while i < len(argv):
        opt = argv[i].upper()
        if opt == b"ENTRIESADDED" and i + 1 < len(argv):
            added = to_int(argv[i + 1])
            if added < 0:
                raise RedisError("ERR entries_added must be positive")
        elif opt == b"MAXDELETEDID" and i + 1 < len(argv):
            maxdel = parse_strict_id(argv[i + 1])
            if eid < maxdel:
                raise RedisError("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id")
        else:
            raise RedisError(errors.SYNTAX)
        i += 2
    db = s.db
    st = db.lookup_typed(argv[1], Stream)
    if st is None:
        raise RedisError(errors.NO_SUCH_KEY)
    # Redis 7.2+ (not 7.0): without MAXDELETEDID the ID may not go below the current one.
    if maxdel == MIN_ID and eid < st.max_deleted_id:
        raise RedisError("ERR The ID specified in XSETID is smaller than current max_deleted_entry_id")
    if len(st):
        if eid < st.last_valid_id():
            raise RedisError("ERR The ID specified in XSETID is smaller than the target stream top item")
        if added != -1 and len(st) > added:
            raise RedisError("ERR The entries_added specified in XSETID is smaller than the target stream length")
    st.last_id = eid
    if added != -1:
        st.entries_added = added
    if maxdel != MIN_ID:
        st.max_deleted_id = maxdel
    notify(db, "xsetid", argv[1])
    return OK


from . import streams_groups, streams_info, streams_read  # noqa: E402,F401  (register their commands)
