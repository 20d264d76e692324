"""Aggregators, bucketing and GROUPBY reducers (TS.RANGE AGGREGATION, compaction rules,
TS.MRANGE ... GROUPBY ... REDUCE). Pure functions over (timestamp, value) lists."""
from __future__ import annotations

import math

NAN = float("nan")
AGGREGATORS = ("avg", "sum", "min", "max", "range", "count", "first", "last",
               "std.p", "std.s", "var.p", "var.s", "twa")
# EMPTY fills every gap between samples; a lab guard keeps a tiny bucket over a long
# gap from building a reply that would not fit in memory.
MAX_BUCKETS = 1_000_000
REDUCERS = ("avg", "sum", "min", "max", "range", "count", "std.p", "std.s", "var.p", "var.s")


def _var(vals, sample: bool) -> float:
    n = len(vals)
    if n == 0:
        return NAN
    if sample and n == 1:
        return 0.0          # one value has no spread, rather than a division by zero
    mean = math.fsum(vals) / n
    ss = math.fsum((v - mean) ** 2 for v in vals)
    return ss / (n - 1 if sample else n)


def reduce_values(name: str, vals: list) -> float:
    """Combine plain values (aggregators other than twa, and GROUPBY reducers)."""
    if name == "count":
        return float(len(vals))
    if not vals:
        return 0.0 if name == "sum" else NAN
    if name == "sum":
        return math.fsum(vals)
    if name == "avg":
        return math.fsum(vals) / len(vals)
    if name == "min":
        return min(vals)
    if name == "max":
        return max(vals)
    if name == "range":
        return max(vals) - min(vals)
    if name == "first":
        return vals[0]
    if name == "last":
        return vals[-1]
    if name in ("var.p", "var.s"):
        return _var(vals, name == "var.s")
    if name in ("std.p", "std.s"):
        return math.sqrt(_var(vals, name == "std.s"))
    raise ValueError(name)


def _interp(a, b, t: float) -> float:
    (ta, va), (tb, vb) = a, b
    if tb == ta:
        return vb
    return va + (vb - va) * (t - ta) / (tb - ta)


def twa(points: list, start: int, end: int, prev=None, nxt=None) -> float:
    """Time-weighted average of the series' linear interpolation over [start, end).

    Where a neighbour sample exists outside the bucket, the line is extended to the
    bucket edge; otherwise the average covers only first..last sample of the bucket.
    """
    if not points:
        if prev is None or nxt is None:
            return NAN
        return _interp(prev, nxt, (start + end) / 2)   # mean of a line = value at its middle
    poly = list(points)
    if prev is not None and poly[0][0] > start:
        poly.insert(0, (start, _interp(prev, poly[0], start)))
    if nxt is not None and poly[-1][0] < end:
        poly.append((end, _interp(poly[-1], nxt, end)))
    t0, t1 = poly[0][0], poly[-1][0]
    if t1 == t0:
        return math.fsum(v for _, v in poly) / len(poly)
    area = math.fsum((tb - ta) * (va + vb) / 2 for (ta, va), (tb, vb) in zip(poly, poly[1:]))
    return area / (t1 - t0)


def aggregate(name: str, points: list, start: int, end: int, series=None) -> float:
    """The aggregate of one bucket [start, end). ``series`` supplies twa's neighbours."""
    if name == "twa":
        prev = series.before(start) if series is not None else None
        nxt = series.after(end) if series is not None else None
        return twa(points, start, end, prev, nxt)
    return reduce_values(name, [v for _, v in points])


def bucket_start(ts: int, duration: int, align: int) -> int:
    return ts - ((ts - align) % duration)


def bucketize(points: list, name: str, duration: int, align: int, bt: str, empty: bool) -> list:
    """Group time-ordered samples into buckets and aggregate each one.

    ``bt`` is '-', '+' or '~' (report the bucket's start, end or middle). The samples
    handed in (already limited to the query's range and filters) are all a bucket may
    look at: twa and EMPTY's 'last' take their neighbours from them, not from the rest
    of the series. A bucket that would start before 0 is reported at 0 (timestamps are
    unsigned in the module)."""
    out = []
    if not points:
        return out
    groups: list = []
    cur, members = None, []
    for t, v in points:
        b = bucket_start(t, duration, align)
        if b != cur:
            if members:
                groups.append((cur, members))
            cur, members = b, []
        members.append((t, v))
    groups.append((cur, members))
    if empty and (groups[-1][0] - groups[0][0]) // duration > MAX_BUCKETS:
        raise ValueError("too many buckets")
    shift = {"-": 0, "+": duration, "~": duration // 2}[bt]
    for g, (start, pts) in enumerate(groups):
        prev = groups[g - 1][1][-1] if g else None
        nxt = groups[g + 1][1][0] if g + 1 < len(groups) else None
        if empty and g:
            s = groups[g - 1][0] + duration
            while s < start:
                out.append((max(0, s + shift), _empty(name, s, s + duration, prev, pts[0])))
                s += duration
        if name == "twa":
            val = twa(pts, start, start + duration, prev, nxt)
        else:
            val = reduce_values(name, [v for _, v in pts])
        out.append((max(0, start + shift), val))
    return out


def _empty(name: str, start: int, end: int, prev, nxt) -> float:
    """What EMPTY reports for a bucket without samples, between samples prev and nxt."""
    if name in ("sum", "count"):
        return 0.0
    if name == "last":
        return prev[1] if prev else NAN
    if name == "twa":
        return twa([], start, end, prev, nxt)
    return NAN
