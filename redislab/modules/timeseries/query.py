"""Label filters (FILTER l=v ...), the options every range query shares, and the
reply shapes of samples and labels in RESP2 and RESP3."""
from __future__ import annotations

from ...engine.args import format_double, is_int
from ...engine.replies import Status
from ...errors import RedisError
from .aggregation import AGGREGATORS, MAX_BUCKETS, REDUCERS, bucketize
from .series import Series

ERR_NO_KEY = "ERR TSDB: the key does not exist"
ERR_FILTER = "ERR TSDB: failed parsing labels"
ERR_MATCHER = "ERR TSDB: please provide at least one matcher"
MAX_TS = (1 << 63) - 1


def get_series(db, key) -> Series:
    """The series at ``key``; RedisTimeSeries' error when the key is missing."""
    series = db.lookup_typed(key, Series)
    if series is None:
        raise RedisError(ERR_NO_KEY)
    return series


# ------------------------------------------------------------------ filters

def _values(text: bytes) -> tuple:
    """'a' -> (a,); '(a,b)' -> (a, b); quotes around a value are dropped."""
    if text.startswith(b"(") and text.endswith(b")"):
        parts = [p.strip() for p in text[1:-1].split(b",")] if len(text) > 2 else []
    else:
        parts = [text]
    out = []
    for p in parts:
        if len(p) >= 2 and p[:1] == p[-1:] and p[:1] in (b'"', b"'"):
            p = p[1:-1]
        out.append(p)
    return tuple(out)


def parse_filter(expr: bytes):
    """One filter expression -> (label, negated, values). Empty ``values`` means the
    bare forms 'l=' (label absent) and 'l!=' (label present)."""
    neg = b"!=" in expr
    label, _, rest = expr.partition(b"!=" if neg else b"=")
    if not label or (not neg and b"=" not in expr):
        raise RedisError(ERR_FILTER)
    return label, neg, (_values(rest) if rest else ())


def parse_filters(exprs) -> list:
    filters = [parse_filter(e) for e in exprs]
    if not filters:
        raise RedisError(ERR_FILTER)
    if not any(not neg and vals for _, neg, vals in filters):
        raise RedisError(ERR_MATCHER)
    return filters


def matches(series: Series, filters) -> bool:
    labels = series.labels
    for label, neg, vals in filters:
        have = labels.get(label)
        if not vals:                       # 'l=' : absent ; 'l!=' : present
            if (have is not None) != neg:
                return False
        elif (have in vals) == neg:        # 'l=v' needs a hit, 'l!=v' needs a miss
            return False
    return True


def find_series(db, filters) -> list:
    """(key, series) of every series in ``db`` that passes ``filters``, by key name.

    A full scan of the keyspace: an index would have to follow DEL, RENAME, EXPIRE,
    FLUSHDB and SWAPDB, which the keyspace offers no hook for; a lab holds few keys."""
    now = db.ks.now_ms()
    exp = db.expires
    out = []
    for key, v in list(db.data.items()):
        if type(v) is Series and not (key in exp and exp[key] < now) and matches(v, filters):
            out.append((key, v))
    out.sort(key=lambda kv: kv[0])
    return out


# -------------------------------------------------------------- range options

class RangeOpts:
    __slots__ = ("lo", "hi", "lo_dash", "hi_plus", "latest", "ts_filter", "vmin", "vmax",
                 "count", "align", "agg", "bucket", "bt", "empty", "withlabels", "selected",
                 "filters", "groupby", "reducer")

    def __init__(self):
        self.latest = self.empty = self.withlabels = False
        self.ts_filter = self.vmin = self.vmax = self.count = self.agg = None
        self.selected = self.filters = self.groupby = self.reducer = None
        self.align, self.bucket, self.bt = b"0", 0, "-"


def ts_bound(b: bytes, which: str) -> int:
    if b == b"-":
        return 0
    if b == b"+":
        return MAX_TS
    if not is_int(b) or int(b) < 0:
        raise RedisError(f"ERR TSDB: wrong {which}Timestamp")
    return int(b)


def _float(b: bytes, what: str) -> float:
    try:
        v = float(b)
    except ValueError:
        raise RedisError(f"ERR TSDB: Couldn't parse {what}") from None
    if v != v:
        raise RedisError(f"ERR TSDB: Couldn't parse {what}")
    return v


def _int(b: bytes, what: str) -> int:
    if not is_int(b):
        raise RedisError(f"ERR TSDB: Couldn't parse {what}")
    return int(b)


def parse_aggregation(argv, i: int):
    """AGGREGATION aggregator bucketDuration at argv[i] -> (name, duration, next index)."""
    if i + 2 >= len(argv):
        raise RedisError("ERR TSDB: wrong number of arguments for AGGREGATION")
    name = argv[i + 1].decode("latin-1").lower()
    if name not in AGGREGATORS:
        raise RedisError("ERR TSDB: Unknown aggregation type")
    if not is_int(argv[i + 2]):
        raise RedisError("ERR TSDB: Couldn't parse AGGREGATION")
    dur = int(argv[i + 2])
    if dur <= 0:
        raise RedisError("ERR TSDB: bucketDuration must be greater than zero")
    return name, dur, i + 3


_BT = {b"-": "-", b"START": "-", b"+": "+", b"END": "+", b"~": "~", b"MID": "~"}


def parse_range(argv, first: int, multi: bool) -> RangeOpts:
    """Read 'from to [LATEST] [FILTER_BY_TS ..] [FILTER_BY_VALUE ..] [WITHLABELS |
    SELECTED_LABELS ..] [COUNT n] [[ALIGN a] AGGREGATION ..] [FILTER ..] [GROUPBY ..]'."""
    o = RangeOpts()
    o.lo_dash, o.hi_plus = argv[first] == b"-", argv[first + 1] == b"+"
    o.lo = ts_bound(argv[first], "from")
    o.hi = ts_bound(argv[first + 1], "to")
    n = len(argv)
    i = first + 2
    tokens = {b"LATEST", b"FILTER_BY_TS", b"FILTER_BY_VALUE", b"COUNT", b"ALIGN", b"AGGREGATION",
              b"WITHLABELS", b"SELECTED_LABELS", b"FILTER", b"GROUPBY", b"BUCKETTIMESTAMP", b"EMPTY"}
    while i < n:
        opt = argv[i].upper()
        if opt == b"LATEST":
            o.latest, i = True, i + 1
        elif opt == b"FILTER_BY_TS":
            j = i + 1
            vals = []
            while j < n and argv[j].upper() not in tokens:
                if not is_int(argv[j]) or int(argv[j]) < 0:
                    raise RedisError("ERR TSDB: Couldn't parse FILTER_BY_TS")
                vals.append(int(argv[j]))
                j += 1
            if not vals:
                raise RedisError("ERR TSDB: FILTER_BY_TS one or more arguments are missing")
            o.ts_filter, i = set(vals), j
        elif opt == b"FILTER_BY_VALUE":
            if i + 2 >= n:
                raise RedisError("ERR TSDB: FILTER_BY_VALUE one or more arguments are missing")
            o.vmin, o.vmax = _float(argv[i + 1], "MIN"), _float(argv[i + 2], "MAX")
            i += 3
        elif opt == b"COUNT" and i + 1 < n:
            o.count = _int(argv[i + 1], "COUNT")
            if o.count <= 0:
                raise RedisError("ERR TSDB: Invalid COUNT value")
            i += 2
        elif opt == b"ALIGN" and i + 1 < n:
            o.align, i = argv[i + 1], i + 2
        elif opt == b"AGGREGATION":
            o.agg, o.bucket, i = parse_aggregation(argv, i)
            while i < n and argv[i].upper() in (b"BUCKETTIMESTAMP", b"EMPTY"):
                if argv[i].upper() == b"EMPTY":
                    o.empty, i = True, i + 1
                else:
                    if i + 1 >= n or argv[i + 1].upper() not in _BT:
                        raise RedisError("ERR TSDB: unknown BUCKETTIMESTAMP parameter")
                    o.bt, i = _BT[argv[i + 1].upper()], i + 2
        elif multi and opt == b"WITHLABELS":
            o.withlabels, i = True, i + 1
        elif multi and opt == b"SELECTED_LABELS":
            j = i + 1
            while j < n and argv[j].upper() not in tokens:
                j += 1
            if j == i + 1:
                raise RedisError("ERR TSDB: SELECTED_LABELS requires at least one label")
            o.selected, i = list(argv[i + 1:j]), j
        elif multi and opt == b"FILTER":
            j = i + 1
            while j < n and argv[j].upper() != b"GROUPBY":
                j += 1
            o.filters, i = parse_filters(argv[i + 1:j]), j
        elif multi and opt == b"GROUPBY":
            if i + 3 >= n or argv[i + 2].upper() != b"REDUCE":
                raise RedisError("ERR TSDB: GROUPBY requires a label and REDUCE with a reducer")
            o.groupby, o.reducer = argv[i + 1], argv[i + 3].decode("latin-1").lower()
            if o.reducer not in REDUCERS:
                raise RedisError("ERR TSDB: Unknown reducer type")
            i += 4
        else:
            raise RedisError("ERR TSDB: wrong arguments")    # an unknown or incomplete option
    if o.withlabels and o.selected is not None:
        raise RedisError("ERR TSDB: cannot accept WITHLABELS and SELECT_LABELS together")
    if multi and o.filters is None:
        raise RedisError("ERR TSDB: missing FILTER argument")
    if o.agg is None and o.align != b"0":
        raise RedisError("ERR TSDB: ALIGN parameter can only be used with AGGREGATION")
    return o


def resolve_align(o: RangeOpts, series: Series | None) -> int:
    a = o.align
    up = a.upper()
    if up in (b"-", b"START"):
        if o.lo_dash:
            raise RedisError("ERR TSDB: start alignment can only be used with explicit start timestamp")
        return o.lo
    if up in (b"+", b"END"):
        if o.hi_plus:
            raise RedisError("ERR TSDB: end alignment can only be used with explicit end timestamp")
        return o.hi
    if not is_int(a):
        raise RedisError("ERR TSDB: unknown ALIGN parameter")
    return int(a)


def run_range(series: Series, o: RangeOpts, rev: bool, latest=None) -> list:
    """The (timestamp, value) pairs a range query reports for one series."""
    pts = series.samples(o.lo, o.hi)
    if latest is not None and o.lo <= latest[0] <= o.hi:
        pts.append(latest)
    if o.ts_filter is not None:
        pts = [p for p in pts if p[0] in o.ts_filter]
    if o.vmin is not None:
        pts = [p for p in pts if o.vmin <= p[1] <= o.vmax]
    if o.agg is not None:
        try:
            pts = bucketize(pts, o.agg, o.bucket, resolve_align(o, series), o.bt, o.empty)
        except ValueError:
            raise RedisError(f"ERR TSDB: EMPTY would report more than {MAX_BUCKETS} buckets "
                             "(a redislab limit; use a larger bucketDuration)") from None
    if rev:
        pts.reverse()
    if o.count is not None:
        pts = pts[:o.count]
    return pts


# ------------------------------------------------------------------- replies

def _nan_encodes() -> bool:
    try:
        format_double(float("nan"))
        return True
    except ValueError:
        return False


# The core's double formatter has never had to print NaN (no core command makes one);
# until it can, an EMPTY bucket's NaN goes out as the text "nan" in RESP3 too.
_NAN_AS_DOUBLE = _nan_encodes()


def value_reply(s, v: float):
    """A sample value: a simple string in RESP2 (as the module sends it), a double in RESP3."""
    v = float(v)
    if s.resp >= 3:
        return v if v == v or _NAN_AS_DOUBLE else Status("nan")
    return Status("nan" if v != v else format_double(v).decode())


def sample_reply(s, p):
    return [p[0], value_reply(s, p[1])]


def samples_reply(s, pts) -> list:
    return [[t, value_reply(s, v)] for t, v in pts]


def labels_reply(s, pairs):
    """[[label, value], ...] in RESP2, a map in RESP3."""
    if s.resp >= 3:
        return {k: v for k, v in pairs}
    return [[k, v] for k, v in pairs]


def chosen_labels(series: Series, o) -> list:
    if o.withlabels:
        return list(series.labels.items())
    if o.selected is not None:
        return [(k, series.labels.get(k)) for k in o.selected]
    return []
