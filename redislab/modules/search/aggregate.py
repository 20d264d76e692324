"""FT.AGGREGATE: a query, then a pipeline of LOAD / GROUPBY+REDUCE / SORTBY / APPLY /
FILTER / LIMIT steps run in the order given, each turning a list of rows into another.

A row is a dict of property name -> value (a float, a string or None). Only the
properties a step made visible (LOADed, grouped, reduced, APPLYed, sorted by) are
returned, as RediSearch does. Reply (RESP2): the number of rows, then each row as
a flat name/value list; numbers are printed in their shortest form.
"""
from __future__ import annotations

import math
import statistics

from ...engine.args import format_double, text, upper
from ...engine.registry import Block, Int, Str, command
from ...errors import RedisError
from . import documents
from .expr import evaluate, parse_expr, to_number, truthy
from .schema import NUMERIC, counted, err, get_index, need
from .search_cmd import Options

REDUCERS = {"COUNT": 0, "COUNT_DISTINCT": 1, "COUNT_DISTINCTISH": 1, "SUM": 1, "MIN": 1, "MAX": 1,
            "AVG": 1, "TOLIST": 1, "STDDEV": 1, "QUANTILE": 2, "FIRST_VALUE": 1}


def _prop_name(tok: str, what: str) -> str:
    if not tok.startswith("@"):
        raise err(f"Bad arguments for {what}: Unknown property `{tok}`. Did you mean `@{tok}`?")
    return tok[1:]


class Row(dict):
    """Properties of one result; ``doc`` resolves schema fields not loaded yet."""

    __slots__ = ("doc", "idx", "shown")

    def get_prop(self, name):
        if name in self:
            return self[name]
        if self.doc is None:
            return None
        f = self.idx.field(name)
        if f is not None:
            v = self.doc.sort_value(f) if f.type == NUMERIC else self.doc.raw(f)
        elif name == "__key":
            v = self.doc.key
        elif not self.doc.json:
            v = documents._hash_get(self.doc.value, name.encode())
        else:
            vals = documents.json_path(self.doc.value, name)
            v = documents.json_text(vals[0]) if vals else None
        if isinstance(v, bytes):
            v = v.decode("utf-8", "replace")
        self[name] = v
        return v


def _row(doc, idx, score):
    r = Row()
    r.doc, r.idx, r.shown = doc, idx, []
    r["__score"] = score
    return r


def _show(row, name):
    if name not in row.shown:
        row.shown.append(name)


def _reduce(fn: str, args, rows):
    vals = [r.get_prop(args[0]) for r in rows] if args else []
    if fn == "COUNT":
        return float(len(rows))
    if fn in ("COUNT_DISTINCT", "COUNT_DISTINCTISH"):
        return float(len({v for v in vals if v is not None}))
    if fn == "TOLIST":
        seen = []
        for v in vals:
            if v is not None and v not in seen:
                seen.append(v)
        return seen
    if fn == "FIRST_VALUE":
        return next((v for v in vals if v is not None), None)
    nums = [x for x in (to_number(v) for v in vals) if x is not None]
    if fn == "SUM":
        return float(sum(nums))
    if fn == "MIN":
        return min(nums) if nums else math.inf
    if fn == "MAX":
        return max(nums) if nums else -math.inf
    if fn == "AVG":
        return sum(nums) / len(nums) if nums else math.nan
    if fn == "STDDEV":
        return statistics.stdev(nums) if len(nums) > 1 else 0.0
    if fn == "QUANTILE":
        q = to_number(args[1])
        if q is None or not 0 <= q <= 1:
            raise err("Quantile must be between 0 and 1")
        if not nums:
            return math.nan
        nums.sort()
        return nums[min(len(nums) - 1, int(q * len(nums)))]
    raise err(f"No such reducer `{fn}`")


def _groupby(argv, i, rows, known):
    names, i = counted(argv, i, "GROUPBY")
    props = [_prop_name(n, "GROUPBY") for n in names]
    for p in props:
        if p not in known:
            raise err(f"No such property `{p}`")
    reducers = []
    while i < len(argv) and upper(argv[i]) == b"REDUCE":
        need(argv, i, 2, "REDUCE")
        fn = text(argv[i + 1]).upper()
        if fn not in REDUCERS:
            raise err(f"Bad arguments for REDUCE: No such reducer `{text(argv[i + 1])}`")
        args, i = counted(argv, i + 1, fn)
        if len(args) != REDUCERS[fn]:
            raise err(f"Bad arguments for {fn}: Expected {REDUCERS[fn]} arguments, but {len(args)} provided")
        if args:
            args[0] = _prop_name(args[0], fn)
            if args[0] not in known:
                raise err(f"Property `{args[0]}` not loaded nor in schema")
        alias = "__generated_alias" + fn.lower() + (args[0].lower() if args else "")
        if i + 1 < len(argv) and upper(argv[i]) == b"AS":
            alias = text(argv[i + 1])
            i += 2
        reducers.append((fn, args, alias))
    groups: dict = {}
    for r in rows:
        key = tuple(r.get_prop(p) for p in props)
        groups.setdefault(key, []).append(r)
    out = []
    for key, members in groups.items():
        g = Row()
        g.doc, g.idx, g.shown = None, None, []
        for p, v in zip(props, key):
            g[p] = v
            g.shown.append(p)
        for fn, args, alias in reducers:
            g[alias] = _reduce(fn, args, members)
            g.shown.append(alias)
        out.append(g)
    return out, i


def _sortby(argv, i, rows, known):
    items, i = counted(argv, i, "SORTBY")
    keys = []
    j = 0
    while j < len(items):
        name = _prop_name(items[j], "SORTBY")
        asc = True
        if j + 1 < len(items) and items[j + 1].upper() in ("ASC", "DESC"):
            asc = items[j + 1].upper() == "ASC"
            j += 1
        if name not in known:
            raise err(f"Property `{name}` not loaded nor in schema")
        keys.append((name, asc))
        j += 1
    limit = None
    if i + 1 < len(argv) and upper(argv[i]) == b"MAX":
        try:
            limit = int(argv[i + 1])
        except ValueError:
            raise err("Bad arguments for MAX: Value is not an integer") from None
        i += 2
    for name, asc in reversed(keys):       # stable sorts, last key first
        for r in rows:
            _show(r, name)
        have = [r for r in rows if r.get_prop(name) is not None]
        missing = [r for r in rows if r.get_prop(name) is None]
        have.sort(key=lambda r: _sort_key(r.get_prop(name)), reverse=not asc)
        rows = have + missing
    return (rows[:limit] if limit else rows), i


def _sort_key(v):
    x = to_number(v)
    return (0, x, "") if x is not None else (1, 0.0, str(v))


def _fmt(v):
    if v is None:
        return None
    if isinstance(v, float):
        return format_double(v) if not math.isnan(v) else b"nan"
    if isinstance(v, list):
        return [_fmt(x) for x in v]
    return str(v).encode()


@command("FT.AGGREGATE", arity=-3, flags="readonly module", group="module", acl="search",
         summary="Run a query, then group, reduce, compute, sort and page its results in a pipeline.",
         complexity="O(K + N*L) to find the N documents (see FT.SEARCH), then O(N log N) "
                    "for each SORTBY and O(N) for each other step.",
         since="1.1.0",
         args=(Str("index"), Str("query"), Block("load", Int("count"), Str("field", multiple=True),
                                                  token="LOAD", optional=True),
               Block("groupby", Int("nargs"), Str("property", multiple=True), token="GROUPBY",
                     optional=True, multiple=True),
               Block("sortby", Int("nargs"), Str("property", multiple=True), token="SORTBY", optional=True),
               Block("apply", Str("expression"), Str("name", token="AS"), token="APPLY",
                     optional=True, multiple=True),
               Block("limit", Int("offset"), Int("num"), token="LIMIT", optional=True),
               Str("filter", token="FILTER", optional=True),
               Int("dialect", token="DIALECT", optional=True)))
def ft_aggregate(s, argv):
    idx = get_index(s, argv[1])
    o = Options()
    i = 3
    # Query-level options first (VERBATIM, PARAMS, DIALECT, TIMEOUT may come anywhere).
    steps = []
    while i < len(argv):
        opt = upper(argv[i])
        if opt == b"VERBATIM":
            o.verbatim = True
            i += 1
        elif opt in (b"DIALECT", b"TIMEOUT", b"SCORER", b"LANGUAGE"):
            need(argv, i, 1, opt.decode())
            i += 2
        elif opt == b"PARAMS":
            vals, i = counted(argv, i, "PARAMS")
            o.params = dict(zip(vals[::2], vals[1::2]))
        elif opt in (b"ADDSCORES",):
            i += 1
        elif opt in (b"LOAD", b"GROUPBY", b"SORTBY", b"APPLY", b"LIMIT", b"FILTER"):
            steps.append(i)
            i = _skip(argv, i)
        elif opt == b"WITHCURSOR":
            raise err("WITHCURSOR is not supported by this engine (see docs/stack/search.md)")
        else:
            raise err(f"Unknown argument `{text(argv[i])}` at position {i - 3} for <main>")
    from .search_cmd import matches

    hits = matches(s, idx, text(argv[2]), o)
    rows = [_row(d, idx, sc) for d, sc in sorted(hits, key=lambda h: h[0].order)]
    # Names a step may use: the schema's, then whatever earlier steps LOAD or make.
    known = {f.name for f in idx.fields} | {"__key", "__score"}
    for i in steps:
        opt = upper(argv[i])
        if opt == b"LOAD":
            if i + 1 < len(argv) and argv[i + 1] == b"*":
                for r in rows:
                    for name in _all_names(r):
                        r.get_prop(name)
                        _show(r, name)
                        known.add(name)
                continue
            names, _ = counted(argv, i, "LOAD")
            j = 0
            while j < len(names):
                name = names[j].lstrip("@")
                alias = name
                if j + 2 < len(names) and names[j + 1].upper() == "AS":
                    alias = names[j + 2]
                    j += 2
                for r in rows:
                    v = r.get_prop(name)
                    r[alias] = v
                    _show(r, alias)
                known.update((name, alias))
                j += 1
        elif opt == b"GROUPBY":
            rows, _ = _groupby(argv, i, rows, known)
            known = _group_names(argv, i)
        elif opt == b"SORTBY":
            rows, _ = _sortby(argv, i, rows, known)
        elif opt == b"APPLY":
            tree = parse_expr(text(argv[i + 1]))
            alias = text(argv[i + 3]) if i + 3 < len(argv) and upper(argv[i + 2]) == b"AS" else text(argv[i + 1])
            for r in rows:
                r[alias] = evaluate(tree, r.get_prop)
                _show(r, alias)
            known.add(alias)
        elif opt == b"FILTER":
            tree = parse_expr(text(argv[i + 1]))
            rows = [r for r in rows if truthy(evaluate(tree, r.get_prop))]
        elif opt == b"LIMIT":
            off, num = int(argv[i + 1]), int(argv[i + 2])
            rows = rows[off:off + num]
    out = [len(rows)]
    for r in rows:
        flat = []
        for name in r.shown:
            v = _fmt(r.get(name))
            if v is not None:
                flat += [name.encode(), v]
        out.append(flat if s.resp == 2 else dict(zip(flat[::2], flat[1::2])))
    if s.resp == 3:
        return {b"attributes": [], b"format": b"STRING", b"results":
                [{b"extra_attributes": x, b"values": []} for x in out[1:]],
                b"total_results": out[0], b"warning": []}
    return out


def _group_names(argv, i) -> set:
    """The names a GROUPBY step at argv[i] produces: what later steps may refer to."""
    names, j = counted(argv, i, "GROUPBY")
    out = {n.lstrip("@") for n in names}
    while j < len(argv) and upper(argv[j]) == b"REDUCE":
        fn = text(argv[j + 1]).upper()
        args, j = counted(argv, j + 1, fn)
        alias = "__generated_alias" + fn.lower() + (args[0].lstrip("@").lower() if args else "")
        if j + 1 < len(argv) and upper(argv[j]) == b"AS":
            alias = text(argv[j + 1])
            j += 2
        out.add(alias)
    return out


def _all_names(r):
    if r.doc is None:
        return []
    if r.doc.json:
        return ["$"]
    return [f.decode("utf-8", "replace") for f, _ in documents.hash_items(r.doc.value)]


def _skip(argv, i):
    """The index after the step starting at argv[i], checking its shape."""
    opt = upper(argv[i])
    if opt in (b"LOAD",):
        if i + 1 < len(argv) and argv[i + 1] == b"*":
            return i + 2
        return counted(argv, i, "LOAD")[1]
    if opt == b"GROUPBY":
        _, j = counted(argv, i, "GROUPBY")
        while j < len(argv) and upper(argv[j]) == b"REDUCE":
            _, j = counted(argv, j + 1, "REDUCE")
            if j + 1 < len(argv) and upper(argv[j]) == b"AS":
                j += 2
        return j
    if opt == b"SORTBY":
        _, j = counted(argv, i, "SORTBY")
        if j + 1 < len(argv) and upper(argv[j]) == b"MAX":
            j += 2
        return j
    if opt == b"APPLY":
        need(argv, i, 1, "APPLY")
        parse_expr(text(argv[i + 1]))
        if i + 2 < len(argv) and upper(argv[i + 2]) == b"AS":
            if i + 3 >= len(argv):
                raise err("AS needs argument")
            return i + 4
        return i + 2
    if opt == b"FILTER":
        need(argv, i, 1, "FILTER")
        parse_expr(text(argv[i + 1]))
        return i + 2
    if opt == b"LIMIT":
        need(argv, i, 2, "LIMIT")
        try:
            off, num = int(argv[i + 1]), int(argv[i + 2])
        except ValueError:
            raise err("Bad arguments for LIMIT: Value is not an integer") from None
        if off < 0 or num < 0:
            raise err("Bad arguments for LIMIT: Value is out of range")
        return i + 3
    raise RedisError("ERR syntax error")



