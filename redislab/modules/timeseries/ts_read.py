"""TS.GET, TS.MGET, TS.RANGE, TS.REVRANGE, TS.MRANGE, TS.MREVRANGE, TS.INFO, TS.QUERYINDEX."""
from __future__ import annotations

from ...engine.registry import Block, Double, Int, Key, OneOf, Str, Token, command
from ...engine.replies import Status
from ...errors import RedisError
from .aggregation import AGGREGATORS, REDUCERS, aggregate, reduce_values
from .query import (RangeOpts, chosen_labels, find_series, get_series, labels_reply, parse_filters,
                    parse_range, run_range, sample_reply, samples_reply)
from .series import Series
from .ts_write import live_source

G = "module"
FLAGS_R = "readonly module"


def latest_bucket(db, key, series: Series):
    """For a compaction destination: the aggregate of its still-open bucket (LATEST)."""
    src_key = live_source(db, key, series)
    if src_key is None:
        return None
    src = db.data[src_key]
    rule = next(r for r in src.rules if r.dest == key)
    if rule.open_start is None:
        return None
    start = rule.open_start
    pts = src.samples(max(start, rule.min_ts), start + rule.bucket - 1)
    if not pts:
        return None
    return (start, aggregate(rule.agg, pts, start, start + rule.bucket, src))


def _last(db, key, series: Series, latest: bool):
    if latest:
        lb = latest_bucket(db, key, series)
        if lb is not None and (not len(series) or lb[0] > series.last_ts):
            return lb
    return series.last()


def _flag_after_key(argv, word: bytes) -> bool:
    """TS.GET [LATEST], TS.INFO [DEBUG]: whether the one optional word follows the key
    (the module takes it repeated too); anything else is refused."""
    for a in argv[2:]:
        if a.upper() != word:
            raise RedisError("ERR TSDB: wrong arguments")
    return len(argv) > 2


@command("TS.GET", arity=-2, flags=FLAGS_R + " fast", keys=(1, 1, 1), group=G, acl="timeseries",
         summary="The newest sample of a series (or of its open compaction bucket with LATEST).",
         complexity="O(1)", since="1.0.0", args=(Key(), Token("LATEST", optional=True, since="1.8.0")))
def ts_get(s, argv):
    latest = _flag_after_key(argv, b"LATEST")
    series = get_series(s.db, argv[1])
    p = _last(s.db, argv[1], series, latest)
    return [] if p is None else sample_reply(s, p)


_LABEL_ARGS = OneOf("labels", Token("WITHLABELS"),
                    Block("selected", Token("SELECTED_LABELS"), Str("label", multiple=True)),
                    optional=True)
_FILTER = Block("filter", Token("FILTER"),
                OneOf("filterExpr", Str("l=v"), Str("l!=v"), Str("l="), Str("l!="), Str("l=(v1,v2,...)"),
                      Str("l!=(v1,v2,...)"), multiple=True))


@command("TS.MGET", arity=-3, flags=FLAGS_R, group=G, acl="timeseries",
         summary="The newest sample of every series whose labels pass the filter.",
         complexity="O(n) where n is the number of time-series that match the filters",
         since="1.0.0", args=(Token("LATEST", optional=True), _LABEL_ARGS, _FILTER))
def ts_mget(s, argv):
    n = len(argv)
    i, latest, withlabels, selected = 1, False, False, None
    while i < n and argv[i].upper() != b"FILTER":
        opt = argv[i].upper()
        if opt == b"LATEST":
            latest, i = True, i + 1
        elif opt == b"WITHLABELS":
            withlabels, i = True, i + 1
        elif opt == b"SELECTED_LABELS":
            j = i + 1
            while j < n and argv[j].upper() != b"FILTER":
                j += 1
            selected, i = list(argv[i + 1:j]), j
        else:
            raise RedisError("ERR TSDB: wrong arguments")
    if i >= n:
        raise RedisError("ERR TSDB: missing FILTER argument")
    if withlabels and selected is not None:
        raise RedisError("ERR TSDB: cannot accept WITHLABELS and SELECT_LABELS together")
    filters = parse_filters(argv[i + 1:])
    o = RangeOpts()
    o.withlabels, o.selected = withlabels, selected
    db = s.db
    rows = []
    for key, series in find_series(db, filters):
        p = _last(db, key, series, latest)
        labels = labels_reply(s, chosen_labels(series, o))
        sample = [] if p is None else sample_reply(s, p)
        rows.append((key, labels, sample))
    if s.resp >= 3:
        return {k: [lab, smp] for k, lab, smp in rows}
    return [[k, lab, smp] for k, lab, smp in rows]


_RANGE_ARGS = (
    Token("LATEST", optional=True, since="1.8.0"),
    Block("filter_by_ts", Token("FILTER_BY_TS"), Int("Timestamp", multiple=True), optional=True),
    Block("fbv", Token("FILTER_BY_VALUE"), Double("min"), Double("max"), optional=True),
)
_AGG_ARGS = (
    Int("count", token="COUNT", optional=True),
    Block("aggregation", Str("value", token="ALIGN", optional=True),
          Token("AGGREGATION"), OneOf("aggregator", *(Token(a.upper()) for a in AGGREGATORS)),
          Int("bucketDuration"), Str("bt", token="BUCKETTIMESTAMP", optional=True, since="1.8.0"),
          Token("EMPTY", optional=True, since="1.8.0"), optional=True),
)


def _range(s, argv, rev: bool):
    o = parse_range(argv, 2, False)
    db = s.db
    series = get_series(db, argv[1])
    latest = latest_bucket(db, argv[1], series) if o.latest else None
    return samples_reply(s, run_range(series, o, rev, latest))


@command("TS.RANGE", arity=-4, flags=FLAGS_R, keys=(1, 1, 1), group=G, acl="timeseries",
         summary="Samples of a series between two timestamps, oldest first, optionally filtered and aggregated into buckets.",
         complexity="O(n/m+k) where n = Number of data points, m = Chunk size (data points per chunk), k = Number of data points that are in the requested range",
         since="1.0.0", args=(Key(), Str("fromTimestamp"), Str("toTimestamp"), *_RANGE_ARGS, *_AGG_ARGS))
def ts_range(s, argv):
    return _range(s, argv, False)


@command("TS.REVRANGE", arity=-4, flags=FLAGS_R, keys=(1, 1, 1), group=G, acl="timeseries",
         summary="Like TS.RANGE, newest first.",
         complexity="O(n/m+k) where n = Number of data points, m = Chunk size (data points per chunk), k = Number of data points that are in the requested range",
         since="1.4.0", args=(Key(), Str("fromTimestamp"), Str("toTimestamp"), *_RANGE_ARGS, *_AGG_ARGS))
def ts_revrange(s, argv):
    return _range(s, argv, True)


def _group(s, o, rows, rev: bool) -> list:
    """GROUPBY label REDUCE reducer: one combined series per value of the label."""
    groups: dict = {}
    for key, series, pts in rows:
        v = series.labels.get(o.groupby)
        if v is not None:
            groups.setdefault(v, []).append((key, series, pts))
    out = []
    for value in sorted(groups):
        members = groups[value]
        by_ts: dict = {}
        for _, _, pts in members:
            for t, val in pts:
                if val == val:                   # reducers skip NaN
                    by_ts.setdefault(t, []).append(val)
        pts = sorted(((t, reduce_values(o.reducer, vs)) for t, vs in by_ts.items()), reverse=rev)
        if o.count is not None:
            pts = pts[:o.count]
        labels = []
        if o.withlabels:
            labels.append((o.groupby, value))
        elif o.selected is not None:
            for lab in o.selected:
                vals = {m[1].labels.get(lab) for m in members}
                labels.append((lab, vals.pop() if len(vals) == 1 else None))
        sources = [m[0] for m in members]
        name = o.groupby + b"=" + value
        if s.resp >= 3:
            out.append((name, [labels_reply(s, labels), {Status("reducers"): [Status(o.reducer)]},
                               {Status("sources"): sources}, samples_reply(s, pts)]))
        else:
            labels += [(b"__reducer__", o.reducer.encode()), (b"__source__", b",".join(sources))]
            out.append((name, [labels_reply(s, labels), samples_reply(s, pts)]))
    return out


def _mrange(s, argv, rev: bool):
    o = parse_range(argv, 1, True)
    db = s.db
    rows = []
    for key, series in find_series(db, o.filters):
        latest = latest_bucket(db, key, series) if o.latest else None
        rows.append((key, series, run_range(series, o, rev, latest)))
    if o.groupby is not None:
        out = _group(s, o, rows, rev)
    elif s.resp >= 3:
        aggs = [Status(o.agg)] if o.agg else []
        out = [(key, [labels_reply(s, chosen_labels(series, o)), {Status("aggregators"): aggs},
                      samples_reply(s, pts)]) for key, series, pts in rows]
    else:
        out = [(key, [labels_reply(s, chosen_labels(series, o)), samples_reply(s, pts)])
               for key, series, pts in rows]
    if s.resp >= 3:
        return {k: v for k, v in out}
    return [[k, *v] for k, v in out]


_MRANGE_ARGS = (Str("fromTimestamp"), Str("toTimestamp"), *_RANGE_ARGS, _LABEL_ARGS, *_AGG_ARGS, _FILTER,
                Block("groupby", Str("label", token="GROUPBY"),
                      Token("REDUCE"), OneOf("reducer", *(Token(r.upper()) for r in REDUCERS)),
                      optional=True, since="1.6.0"))


@command("TS.MRANGE", arity=-4, flags=FLAGS_R, group=G, acl="timeseries",
         summary="TS.RANGE over every series whose labels pass the filter, optionally grouped by a label and reduced.",
         complexity="O(n/m+k) where n = Number of data points, m = Chunk size (data points per chunk), k = Number of data points that are in the requested ranges",
         since="1.0.0", args=_MRANGE_ARGS)
def ts_mrange(s, argv):
    return _mrange(s, argv, False)


@command("TS.MREVRANGE", arity=-4, flags=FLAGS_R, group=G, acl="timeseries",
         summary="Like TS.MRANGE, newest first.",
         complexity="O(n/m+k) where n = Number of data points, m = Chunk size (data points per chunk), k = Number of data points that are in the requested ranges",
         since="1.4.0", args=_MRANGE_ARGS)
def ts_mrevrange(s, argv):
    return _mrange(s, argv, True)


@command("TS.INFO", arity=-2, flags=FLAGS_R + " fast", keys=(1, 1, 1), group=G, acl="timeseries",
         summary="Settings and statistics of a series: samples, retention, chunks, policy, labels, rules.",
         complexity="O(1)", since="1.0.0", args=(Key(), Token("DEBUG", optional=True)))
def ts_info(s, argv):
    debug = _flag_after_key(argv, b"DEBUG")
    db = s.db
    key = argv[1]
    series = get_series(db, key)
    src = live_source(db, key, series)
    S = Status
    if s.resp >= 3:
        rules = {r.dest: [r.bucket, S(r.agg.upper()), r.align] for r in series.rules}
    else:
        rules = [[r.dest, r.bucket, S(r.agg.upper()), r.align] for r in series.rules]
    info = {
        S("totalSamples"): len(series), S("memoryUsage"): series.memory_usage(),
        S("firstTimestamp"): series.first_ts, S("lastTimestamp"): series.last_ts,
        S("retentionTime"): series.retention, S("chunkCount"): series.chunk_count(),
        S("chunkSize"): series.chunk_size,
        S("chunkType"): S("compressed" if series.compressed else "uncompressed"),
        S("duplicatePolicy"): S(series.policy.lower()) if series.policy else None,
        S("labels"): labels_reply(s, series.labels.items()),
        S("sourceKey"): src, S("rules"): rules,
        S("ignoreMaxTimeDiff"): series.ignore_time, S("ignoreMaxValDiff"): float(series.ignore_val),
    }
    if debug:
        info[S("keySelfName")] = key
        info[S("Chunks")] = _chunks(s, series)
    return info


def _chunks(s, series: Series) -> list:
    n = series.chunk_count()
    per = max(1, -(-len(series) // n)) if len(series) else 0
    out = []
    for c in range(n):
        ts = series.ts[c * per:(c + 1) * per] if per else []
        d = {Status("startTimestamp"): ts[0] if ts else 0, Status("endTimestamp"): ts[-1] if ts else 0,
             Status("samples"): len(ts), Status("size"): series.chunk_size,
             Status("bytesPerSample"): series.chunk_size / len(ts) if ts else float("inf")}
        out.append(d)
    return out


@command("TS.QUERYINDEX", arity=-2, flags=FLAGS_R, group=G, acl="timeseries",
         summary="Names of the series whose labels pass the filter.",
         complexity="O(n) where n is the number of time-series that match the filters",
         since="1.0.0", args=(Str("filterExpr", multiple=True),))
def ts_queryindex(s, argv):
    return [k for k, _ in find_series(s.db, parse_filters(argv[1:]))]
