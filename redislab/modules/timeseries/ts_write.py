"""TS.CREATE, TS.ALTER, TS.ADD, TS.MADD, TS.INCRBY, TS.DECRBY, TS.DEL, TS.CREATERULE,
TS.DELETERULE - and the compaction that later adds drive."""
from __future__ import annotations

from ...engine.args import is_int
from ...engine.registry import Block, Double, Int, Key, OneOf, Str, Token, command
from ...engine.replies import OK
from ...errors import RedisError, wrong_arity
from .aggregation import AGGREGATORS, aggregate
from ..writes import changed, create, notify
from .query import ERR_NO_KEY, get_series, ts_bound
from .series import POLICIES, Rule, Series

G = "module"
FLAGS_W = "write denyoom module"
NOT_TSDB = "ERR TSDB: the key is not a TSDB key"
EXISTS = "ERR TSDB: key already exists"
BAD_TS = "ERR TSDB: invalid timestamp, must be a nonnegative integer"
BAD_VALUE = "ERR TSDB: invalid value"
TOO_OLD = "ERR TSDB: Timestamp is older than retention"
BLOCKED = "ERR TSDB: Error at upsert, update is not supported when DUPLICATE_POLICY is set to BLOCK mode"
CHUNK = "ERR TSDB: CHUNK_SIZE value must be a multiple of 8 in the range [48 .. 1048576]"

_CREATE_ARGS = (
    Int("retentionPeriod", token="RETENTION", optional=True),
    Block("encoding", Token("ENCODING"), OneOf("enc", Token("UNCOMPRESSED"), Token("COMPRESSED")), optional=True),
    Int("size", token="CHUNK_SIZE", optional=True),
    Block("duplicate_policy", Token("DUPLICATE_POLICY"), OneOf("policy", *(Token(p) for p in POLICIES)),
          optional=True),
    Block("ignore", Token("IGNORE"), Int("ignoreMaxTimediff"), Double("ignoreMaxValDiff"), optional=True),
    Block("labels", Token("LABELS"), Block("label-value", Str("label"), Str("value"), multiple=True), optional=True),
)


def parse_value(b: bytes, err: str = BAD_VALUE) -> float:
    try:
        v = float(b)
    except ValueError:
        raise RedisError(err) from None
    if v != v or v in (float("inf"), float("-inf")):
        raise RedisError(err)
    return v


def parse_ts(s, b: bytes) -> int:
    if b == b"*":
        return s.engine.clock.time_ms()     # the engine's clock: lessons stay deterministic
    if not is_int(b) or int(b) < 0:
        raise RedisError(BAD_TS)
    return int(b)


class CreateOpts:
    __slots__ = ("retention", "compressed", "chunk", "policy", "ignore", "labels", "on_dup", "ts")

    def __init__(self):
        self.retention = self.compressed = self.chunk = self.policy = None
        self.ignore = self.labels = self.on_dup = self.ts = None

    def new_series(self) -> Series:
        t, v = self.ignore or (0, 0.0)
        return Series(self.retention or 0, self.chunk or 4096,
                      True if self.compressed is None else self.compressed,
                      self.policy, t, v, self.labels)


def _policy(b: bytes, what: str) -> str:
    p = b.decode("latin-1").upper()
    if p not in POLICIES:
        raise RedisError(f"ERR TSDB: Unknown {what}")
    return p


def parse_create(s, argv, i: int, extra=()) -> CreateOpts:
    """Options shared by TS.CREATE / TS.ALTER / TS.ADD / TS.INCRBY from argv[i] on.
    ``extra`` admits ON_DUPLICATE (TS.ADD) or TIMESTAMP (TS.INCRBY / TS.DECRBY)."""
    o = CreateOpts()
    n = len(argv)
    while i < n:
        opt = argv[i].upper()
        has = i + 1 < n
        if opt == b"RETENTION" and has:
            if not is_int(argv[i + 1]) or int(argv[i + 1]) < 0:
                raise RedisError("ERR TSDB: Couldn't parse RETENTION")
            o.retention, i = int(argv[i + 1]), i + 2
        elif opt == b"ENCODING" and has:
            enc = argv[i + 1].upper()
            if enc not in (b"COMPRESSED", b"UNCOMPRESSED"):
                raise RedisError("ERR TSDB: unknown ENCODING parameter")
            o.compressed, i = enc == b"COMPRESSED", i + 2
        elif opt == b"UNCOMPRESSED":             # the pre-1.6 spelling, still accepted
            o.compressed, i = False, i + 1
        elif opt == b"CHUNK_SIZE" and has:
            if not is_int(argv[i + 1]):
                raise RedisError("ERR TSDB: Couldn't parse CHUNK_SIZE")
            c = int(argv[i + 1])
            if c < 48 or c > 1048576 or c % 8:
                raise RedisError(CHUNK)
            o.chunk, i = c, i + 2
        elif opt == b"DUPLICATE_POLICY" and has:
            o.policy, i = _policy(argv[i + 1], "DUPLICATE_POLICY"), i + 2
        elif opt == b"ON_DUPLICATE" and has and "ON_DUPLICATE" in extra:
            o.on_dup, i = _policy(argv[i + 1], "ON_DUPLICATE"), i + 2
        elif opt == b"TIMESTAMP" and has and "TIMESTAMP" in extra:
            o.ts, i = parse_ts(s, argv[i + 1]), i + 2
        elif opt == b"IGNORE" and i + 2 < n:
            t, v = argv[i + 1], argv[i + 2]
            if not is_int(t) or int(t) < 0:
                raise RedisError("ERR TSDB: Couldn't parse IGNORE")
            fv = parse_value(v, "ERR TSDB: Couldn't parse IGNORE")
            if fv < 0:
                raise RedisError("ERR TSDB: Couldn't parse IGNORE")
            o.ignore, i = (int(t), fv), i + 3
        elif opt == b"LABELS":
            rest = argv[i + 1:]
            if len(rest) % 2:
                raise RedisError("ERR TSDB: Couldn't parse LABELS")
            o.labels = {}
            for k, v in zip(rest[::2], rest[1::2]):
                if not k or not v:
                    raise RedisError("ERR TSDB: Couldn't parse LABELS")
                o.labels[k] = v
            break
        else:
            raise RedisError("ERR TSDB: wrong arguments")
    return o


def series_for_write(db, key) -> Series | None:
    v = db.lookup(key)
    if v is not None and type(v) is not Series:
        raise RedisError(NOT_TSDB)
    return v


# --------------------------------------------------------------- compaction

def _dest_of(db, src_key, rule: Rule):
    d = db.data.get(rule.dest)
    if type(d) is not Series or d.src != src_key:
        return None
    return d


def _write_bucket(db, series: Series, rule: Rule, dest: Series, start: int) -> None:
    pts = series.samples(max(start, rule.min_ts), start + rule.bucket - 1)
    if not pts:
        return              # the raw samples are gone (retention): the bucket stays as it was
    dest.upsert(start, aggregate(rule.agg, pts, start, start + rule.bucket, series), "LAST")
    dest.trim()
    db.modified(rule.dest)


def compact(db, key, series: Series, ts: int) -> None:
    """Feed one new (or changed) sample at ``ts`` to the series' compaction rules.

    A bucket is written to the destination when a later sample opens the next bucket
    (as the module does); a late sample in an already closed bucket rewrites that
    bucket from the raw samples still held."""
    for rule in list(series.rules):
        dest = _dest_of(db, key, rule)
        if dest is None:                 # destination deleted or replaced: the rule goes too
            series.rules.remove(rule)
            continue
        if ts < rule.min_ts:
            continue
        b = rule.bucket_start(ts)
        if rule.open_start is None:
            rule.open_start = b
        elif b > rule.open_start:
            _write_bucket(db, series, rule, dest, rule.open_start)
            rule.open_start = b
        elif b < rule.open_start:
            _write_bucket(db, series, rule, dest, b)


def add_sample(db, key, series: Series, ts: int, value: float, policy: str | None) -> int:
    if series.too_old(ts):
        raise RedisError(TOO_OLD)
    if series.ignorable(ts, value):
        return series.last_ts
    if series.upsert(ts, value, policy or series.policy or "BLOCK") is None:
        raise RedisError(BLOCKED)
    series.trim()
    compact(db, key, series, ts)
    db.modified(key)
    return ts


# ------------------------------------------------------------------ commands

@command("TS.CREATE", arity=-2, flags=FLAGS_W + " fast", keys=(1, 1, 1), group=G, acl="timeseries",
         summary="Create an empty time series with its retention, chunk, duplicate policy and labels.",
         complexity="O(1)", since="1.0.0", args=(Key(), *_CREATE_ARGS))
def ts_create(s, argv):
    o = parse_create(s, argv, 2)
    return create(s.db, argv[1], o.new_series, EXISTS, "ts.create")


@command("TS.ALTER", arity=-2, flags="write module", keys=(1, 1, 1), group=G, acl="timeseries",
         summary="Change a series' retention, chunk size, duplicate policy, IGNORE thresholds or labels.",
         complexity="O(N) where N is the number of labels requested to update", since="1.0.0",
         args=(Key(), *(a for a in _CREATE_ARGS if a.name != "encoding")))
def ts_alter(s, argv):
    o = parse_create(s, argv, 2)
    if o.compressed is not None:
        raise RedisError("ERR TSDB: ENCODING cannot be changed by TS.ALTER")
    db = s.db
    series = get_series(db, argv[1])
    if o.retention is not None:
        series.retention = o.retention
    if o.chunk is not None:
        series.chunk_size = o.chunk
    if o.policy is not None:
        series.policy = o.policy
    if o.ignore is not None:
        series.ignore_time, series.ignore_val = o.ignore
    if o.labels is not None:
        series.labels = o.labels
    changed(db, argv[1], "ts.alter")
    return OK


@command("TS.ADD", arity=-4, flags=FLAGS_W, keys=(1, 1, 1), group=G, acl="timeseries",
         summary="Append (or, by the duplicate policy, merge) a sample; creates the series if needed.",
         complexity="O(M) when M is the amount of compaction rules or O(1) with no compaction",
         since="1.0.0",
         args=(Key(), Str("timestamp"), Double("value"), *_CREATE_ARGS[:4],
               Block("on_duplicate", Token("ON_DUPLICATE"), OneOf("policy_ovr", *(Token(p) for p in POLICIES)),
                     optional=True),
               *_CREATE_ARGS[4:]))
def ts_add(s, argv):
    ts = parse_ts(s, argv[2])
    value = parse_value(argv[3])
    o = parse_create(s, argv, 4, ("ON_DUPLICATE",))
    db = s.db
    key = argv[1]
    series = series_for_write(db, key)
    if series is None:
        series = o.new_series()
        db.set(key, series)
        notify(db, "ts.create", key)
    r = add_sample(db, key, series, ts, value, o.on_dup)
    notify(db, "ts.add", key)
    return r


@command("TS.MADD", arity=-4, flags=FLAGS_W, keys=(1, -1, 3), group=G, acl="timeseries",
         summary="Append samples to several existing series at once; each triple answers for itself.",
         complexity="O(N*M) when N is the amount of series updated and M is the amount of compaction rules or O(N) with no compaction",
         since="1.0.0",
         args=(Block("ktv", Key(), Str("timestamp"), Double("value"), multiple=True),))
def ts_madd(s, argv):
    if (len(argv) - 1) % 3:
        raise wrong_arity("ts.madd")
    db = s.db
    out = []
    for i in range(1, len(argv), 3):
        key = argv[i]
        try:
            ts = parse_ts(s, argv[i + 1])
            value = parse_value(argv[i + 2])
            series = series_for_write(db, key)
            if series is None:
                raise RedisError(ERR_NO_KEY)
            out.append(add_sample(db, key, series, ts, value, None))
            notify(db, "ts.add", key)
        except RedisError as e:
            out.append(e)
    return out


def _incr(s, argv, sign: int, name: str):
    delta = parse_value(argv[2], "ERR TSDB: invalid increase/decrease value")
    o = parse_create(s, argv, 3, ("TIMESTAMP",))
    db = s.db
    key = argv[1]
    series = series_for_write(db, key)
    ts = o.ts if o.ts is not None else s.engine.clock.time_ms()
    if series is None:
        series = o.new_series()
        db.set(key, series)
        notify(db, "ts.create", key)
    elif len(series) and ts < series.last_ts:
        raise RedisError("ERR TSDB: timestamp must be equal to or higher than the maximum existing timestamp")
    last = series.last()
    value = (last[1] if last else 0.0) + sign * delta
    if series.ignorable(ts, value):
        return series.last_ts                # the IGNORE filter applies to counters too
    if last and ts == last[0]:
        series.vals[-1] = value        # same timestamp: the latest sample changes in place
        compact(db, key, series, ts)
        db.modified(key)
    else:
        add_sample(db, key, series, ts, value, "LAST")
    notify(db, name, key)
    return ts


_INCR_ARGS = (Key(), Double("value"), Str("timestamp", token="TIMESTAMP", optional=True),
              *_CREATE_ARGS[:1], Token("UNCOMPRESSED", optional=True), *_CREATE_ARGS[2:])


@command("TS.INCRBY", arity=-3, flags=FLAGS_W, keys=(1, 1, 1), group=G, acl="timeseries",
         summary="Add to the latest sample's value (a counter), at now or a later timestamp.",
         complexity="O(M) when M is the amount of compaction rules or O(1) with no compaction",
         since="1.0.0", args=_INCR_ARGS)
def ts_incrby(s, argv):
    return _incr(s, argv, 1, "ts.incrby")


@command("TS.DECRBY", arity=-3, flags=FLAGS_W, keys=(1, 1, 1), group=G, acl="timeseries",
         summary="Subtract from the latest sample's value (a counter), at now or a later timestamp.",
         complexity="O(M) when M is the amount of compaction rules or O(1) with no compaction",
         since="1.0.0", args=_INCR_ARGS)
def ts_decrby(s, argv):
    return _incr(s, argv, -1, "ts.decrby")


@command("TS.DEL", arity=4, flags="write module", keys=(1, 1, 1), group=G, acl="timeseries",
         summary="Delete the samples between two timestamps (inclusive); returns how many went.",
         complexity="O(N) where N is the number of data points that will be removed",
         since="1.6.0", args=(Key(), Str("fromTimestamp"), Str("toTimestamp")))
def ts_del(s, argv):
    lo, hi = ts_bound(argv[2], "from"), ts_bound(argv[3], "to")
    db = s.db
    series = get_series(db, argv[1])
    i, j = series.span(lo, hi)
    # The compacted buckets that held a deleted sample are rebuilt from what remains
    # (only closed buckets: the open one is written when it closes).
    touched = [(rule, sorted({rule.bucket_start(t) for t in series.ts[i:j]})) for rule in series.rules]
    n = series.delete_range(lo, hi)
    for rule, starts in touched:
        dest = _dest_of(db, argv[1], rule)
        if dest is None:
            continue
        for b in starts:
            if rule.open_start is not None and b >= rule.open_start:
                continue
            if series.samples(max(b, rule.min_ts), b + rule.bucket - 1):
                _write_bucket(db, series, rule, dest, b)
            elif dest.delete_range(b, b):
                db.modified(rule.dest)
    if n:
        changed(db, argv[1], "ts.del")
    return n


@command("TS.CREATERULE", arity=-6, flags="write module", keys=(1, 2, 1), group=G, acl="timeseries",
         summary="Compact a source series into an existing destination series, bucket by bucket.",
         complexity="O(1)", since="1.0.0",
         args=(Key("sourceKey"), Key("destKey", key_spec_index=1),
               Token("AGGREGATION"), OneOf("aggregator", *(Token(a.upper()) for a in AGGREGATORS)),
               Int("bucketDuration"), Int("alignTimestamp", optional=True, since="1.8.0")))
def ts_createrule(s, argv):
    if len(argv) > 7 or argv[3].upper() != b"AGGREGATION":
        raise RedisError("ERR TSDB: wrong arguments")
    agg = argv[4].decode("latin-1").lower()
    if agg not in AGGREGATORS:
        raise RedisError("ERR TSDB: Unknown aggregation type")
    if not is_int(argv[5]):
        raise RedisError("ERR TSDB: Couldn't parse AGGREGATION")
    bucket = int(argv[5])
    if bucket <= 0:
        raise RedisError("ERR TSDB: bucketDuration must be greater than zero")
    align = 0
    if len(argv) == 7:
        if not is_int(argv[6]) or int(argv[6]) < 0:
            raise RedisError("ERR TSDB: Couldn't parse alignTimestamp")
        align = int(argv[6])
    src_key, dst_key = argv[1], argv[2]
    if src_key == dst_key:
        raise RedisError("ERR TSDB: the source key and destination key should be different")
    db = s.db
    src = db.lookup_typed(src_key, Series)
    dst = db.lookup_typed(dst_key, Series)
    if src is None or dst is None:
        raise RedisError(ERR_NO_KEY)
    if live_source(db, dst_key, dst) is not None:
        raise RedisError("ERR TSDB: the destination key already has a src rule")
    if dst.rules:
        raise RedisError("ERR TSDB: the destination key already has a dst rule")
    if live_source(db, src_key, src) is not None:
        raise RedisError("ERR TSDB: the source key already has a source rule")
    src.rules.append(Rule(dst_key, agg, bucket, align, src.last_ts + 1 if len(src) else 0))
    dst.src = src_key
    db.modified(src_key)
    db.modified(dst_key)
    notify(db, "ts.createrule:src", src_key)
    notify(db, "ts.createrule:dest", dst_key)
    return OK


def live_source(db, key, series: Series):
    """The key of the series compacting into ``series``, if that rule still exists."""
    if series.src is None:
        return None
    src = db.data.get(series.src)
    if type(src) is Series and any(r.dest == key for r in src.rules):
        return series.src
    series.src = None
    return None


@command("TS.DELETERULE", arity=3, flags="write module", keys=(1, 2, 1), group=G, acl="timeseries",
         summary="Remove the compaction rule from a source series to a destination series.",
         complexity="O(1)", since="1.0.0", args=(Key("sourceKey"), Key("destKey", key_spec_index=1)))
def ts_deleterule(s, argv):
    db = s.db
    src = get_series(db, argv[1])
    rule = next((r for r in src.rules if r.dest == argv[2]), None)
    if rule is None:
        raise RedisError("ERR TSDB: compaction rule does not exist")
    src.rules.remove(rule)
    dst = db.data.get(argv[2])
    if type(dst) is Series and dst.src == argv[1]:
        dst.src = None
    db.modified(argv[1])
    notify(db, "ts.deleterule:src", argv[1])
    notify(db, "ts.deleterule:dest", argv[2])
    return OK


