"""FT.SEARCH: options, the run of the query over the index's documents, and the reply.

RESP2 reply: the total number of matches, then per document its key, [its score with
WITHSCORES], [its sort key with WITHSORTKEYS], and [its fields as a flat
name/value list unless NOCONTENT]. A JSON document without RETURN comes back as
``$`` and the whole document in JSON. RESP3 gets RediSearch 2.8's map instead.
"""
from __future__ import annotations

import math

from ...engine.args import format_double, text, to_float, upper
from ...engine.registry import Block, Int, OneOf, Str, Token, command
from ...errors import RedisError
from . import documents, query
from .schema import NUMERIC, counted, err, get_index, need

DEFAULT_LIMIT = 10
MAX_LIMIT = 1000000      # RediSearch's default MAXSEARCHRESULTS


class Options:
    __slots__ = ("nocontent", "verbatim", "nostopwords", "withscores", "withsortkeys", "filters",
                 "inkeys", "infields", "returns", "sortby", "asc", "offset", "num", "params",
                 "dialect")

    def __init__(self):
        self.nocontent = self.verbatim = self.nostopwords = False
        self.withscores = self.withsortkeys = False
        self.filters = []              # (field name, lo, lo_x, hi, hi_x)
        self.inkeys = None
        self.infields = None
        self.returns = None            # [(name, alias)]
        self.sortby = None
        self.asc = True
        self.offset, self.num = 0, DEFAULT_LIMIT
        self.params = {}
        self.dialect = 1


# The options that only switch something on: option -> the Options attribute.
_FLAGS = {b"NOCONTENT": "nocontent", b"VERBATIM": "verbatim", b"NOSTOPWORDS": "nostopwords",
          b"WITHSCORES": "withscores", b"WITHSORTKEYS": "withsortkeys"}
_IGNORED_ONE = {b"SLOP", b"TIMEOUT", b"LANGUAGE", b"EXPANDER", b"SCORER", b"PAYLOAD"}
_IGNORED_FLAGS = {b"INORDER", b"EXPLAINSCORE", b"WITHPAYLOADS", b"NOSORT"}


def _bound(b: bytes, which: str):
    excl = b.startswith(b"(")
    if excl:
        b = b[1:]
    low = b.lower()
    if low in (b"inf", b"+inf"):
        return math.inf, excl
    if low == b"-inf":
        return -math.inf, excl
    try:
        return to_float(b), excl
    except RedisError:
        raise err(f"Bad {which} range: {text(b)}") from None


def parse_options(argv, start: int) -> Options:
    o = Options()
    i, n = start, len(argv)
    while i < n:
        opt = upper(argv[i])
        if opt in _FLAGS:
            setattr(o, _FLAGS[opt], True)
            i += 1
        elif opt in _IGNORED_FLAGS:
            i += 1
        elif opt in _IGNORED_ONE:
            need(argv, i, 1, opt.decode())
            i += 2
        elif opt == b"FILTER":
            need(argv, i, 3, "FILTER")
            lo, lo_x = _bound(bytes(argv[i + 2]), "lower")
            hi, hi_x = _bound(bytes(argv[i + 3]), "upper")
            o.filters.append((text(argv[i + 1]), lo, lo_x, hi, hi_x))
            i += 4
        elif opt == b"INKEYS":
            keys, i = counted(argv, i, "INKEYS")
            o.inkeys = {k.encode() for k in keys}
        elif opt == b"INFIELDS":
            o.infields, i = counted(argv, i, "INFIELDS")
        elif opt == b"RETURN":
            names, i = counted(argv, i, "RETURN")
            o.returns = []
            j = 0
            while j < len(names):
                if j + 1 < len(names) and names[j + 1].upper() == "AS":
                    if j + 2 >= len(names):
                        raise err("Bad arguments for AS: Expected an argument, but none provided")
                    o.returns.append((names[j], names[j + 2]))
                    j += 3
                else:
                    o.returns.append((names[j], names[j]))
                    j += 1
        elif opt == b"SORTBY":
            need(argv, i, 1, "SORTBY")
            o.sortby = text(argv[i + 1]).lstrip("@")
            i += 2
            if i < n and upper(argv[i]) in (b"ASC", b"DESC"):
                o.asc = upper(argv[i]) == b"ASC"
                i += 1
            if i < n and upper(argv[i]) in (b"WITHCOUNT", b"WITHOUTCOUNT"):
                i += 1
        elif opt == b"LIMIT":
            need(argv, i, 2, "LIMIT")
            try:
                o.offset, o.num = int(argv[i + 1]), int(argv[i + 2])
            except ValueError:
                raise err("Bad arguments for LIMIT: Value is not an integer") from None
            if o.offset < 0 or o.num < 0:
                raise err("Bad arguments for LIMIT: Value is out of range")
            if o.num > MAX_LIMIT or o.offset + o.num > MAX_LIMIT:
                raise err(f"LIMIT exceeds maximum of {MAX_LIMIT}")
            i += 3
        elif opt == b"PARAMS":
            vals, i = counted(argv, i, "PARAMS")
            if len(vals) % 2:
                raise err("Bad arguments for PARAMS: Expected an even number of arguments")
            o.params = dict(zip(vals[::2], vals[1::2]))
        elif opt == b"DIALECT":
            need(argv, i, 1, "DIALECT")
            try:
                o.dialect = int(argv[i + 1])
            except ValueError:
                o.dialect = 0
            if not 1 <= o.dialect <= 4:
                raise err("DIALECT requires a non negative integer >=1 and <= 4")
            i += 2
        elif opt in (b"HIGHLIGHT", b"SUMMARIZE", b"GEOFILTER"):
            raise err(f"{opt.decode()} is not supported by this engine (see docs/stack/search.md)")
        else:
            raise err(f"Unknown argument `{text(argv[i])}` at position {i - start} for <main>")
    return o


def matches(s, idx, q: str, o: Options):
    """The matching (doc, score) pairs of a query with the FILTER/INKEYS/INFIELDS options."""
    node = query.Parser(q, idx, o.verbatim, o.nostopwords, o.params).parse()
    docs = documents.load(s, idx)
    if o.inkeys is not None:
        docs = [d for d in docs if d.key in o.inkeys]
    for name, lo, lo_x, hi, hi_x in o.filters:
        f = idx.field(name)
        if f is None or f.type != NUMERIC:
            raise err(f"Unknown field `{name}`" if f is None else f"Field `{name}` is not numeric")
        node = query.And([node, query.Range(f.name, lo, lo_x, hi, hi_x)])
    ctx = query.Context(idx, docs, o.infields)
    idx.uses += 1
    return query.run(node, ctx)


def _order(idx, hits, o: Options):
    if o.sortby is None:
        # Best score first; equal scores keep the order the documents were found in.
        return sorted(hits, key=lambda h: (-h[1], h[0].order))
    f = idx.field(o.sortby)
    if f is None:
        raise err(f"Property `{o.sortby}` not loaded nor in schema")
    present = [(h, h[0].sort_value(f)) for h in hits]
    have = [p for p in present if p[1] is not None]
    missing = [p[0] for p in present if p[1] is None]
    have.sort(key=lambda p: (p[1], p[0][0].order), reverse=not o.asc)
    return [p[0] for p in have] + missing


def _fields(doc, idx, o: Options) -> list:
    if o.returns is None:
        if doc.json:
            return [b"$", documents.json_dumps(doc.value)]
        return [x for kv in documents.hash_items(doc.value) for x in kv]
    out = []
    for name, alias in o.returns:
        f = idx.field(name)
        if doc.json:
            if f is not None:
                v = doc.raw(f)
            else:
                vals = documents.json_path(doc.value, name)
                v = documents.json_dumps(vals[0]) if name == "$" and vals else (
                    documents.json_text(vals[0]) if vals else None)
        else:
            v = documents._hash_get(doc.value, (f.path if f is not None else name).encode())
        if v is not None:
            out += [alias.encode(), v]
    return out


def _sortkey(doc, idx, o: Options):
    if o.sortby is None:
        return None
    f = idx.field(o.sortby)
    v = doc.sort_value(f)
    if v is None:
        return None
    return (b"#" + format_double(v)) if isinstance(v, float) else ("$" + v).encode()


@command("FT.SEARCH", arity=-3, flags="readonly module", group="module", acl="search",
         summary="Find the documents of an index that match a query, with their fields or just their keys.",
         complexity="O(K + N*L): every key of database 0 is checked against the index's prefixes "
                    "and the N documents found (of size L) are read and matched "
                    "(RediSearch: O(N) over its inverted index).",
         since="1.0.0",
         args=(Str("index"), Str("query"), Token("NOCONTENT", optional=True),
               Token("VERBATIM", optional=True), Token("NOSTOPWORDS", optional=True),
               Token("WITHSCORES", optional=True), Token("WITHSORTKEYS", optional=True),
               Block("filter", Str("numeric_field"), Str("min"), Str("max"), token="FILTER",
                     optional=True, multiple=True),
               Block("keys", Int("count"), Str("key", multiple=True), token="INKEYS", optional=True),
               Block("fields", Int("count"), Str("field", multiple=True), token="INFIELDS", optional=True),
               Block("return", Int("count"), Str("identifier", multiple=True), token="RETURN", optional=True),
               Block("sortby", Str("sortby"), OneOf("order", Token("ASC"), Token("DESC"), optional=True),
                     token="SORTBY", optional=True),
               Block("limit", Int("offset"), Int("num"), token="LIMIT", optional=True),
               Block("params", Int("nargs"), Str("name_value", multiple=True), token="PARAMS", optional=True),
               Int("dialect", token="DIALECT", optional=True)))
def ft_search(s, argv):
    idx = get_index(s, argv[1])
    o = parse_options(argv, 3)
    hits = matches(s, idx, text(argv[2]), o)
    if o.sortby is not None and idx.field(o.sortby) is None:
        raise err(f"Property `{o.sortby}` not loaded nor in schema")
    page = _order(idx, hits, o)[o.offset:o.offset + o.num] if o.num else []
    nocontent = o.nocontent or (o.returns is not None and not o.returns)
    if s.resp == 3:
        return _resp3(idx, hits, page, o, nocontent)
    out = [len(hits)]
    for doc, sc in page:
        out.append(doc.key)
        if o.withscores:
            out.append(format_double(sc))
        if o.withsortkeys:
            out.append(_sortkey(doc, idx, o))
        if not nocontent:
            out.append(_fields(doc, idx, o))
    return out


def _resp3(idx, hits, page, o, nocontent):
    results = []
    for doc, sc in page:
        r = {b"id": doc.key}
        if o.withscores:
            r[b"score"] = sc
        if o.withsortkeys:
            r[b"sortkey"] = _sortkey(doc, idx, o)
        if not nocontent:
            flat = _fields(doc, idx, o)
            r[b"extra_attributes"] = dict(zip(flat[::2], flat[1::2]))
        r[b"values"] = []
        results.append(r)
    return {b"attributes": [], b"format": b"STRING", b"results": results,
            b"total_results": len(hits), b"warning": []}
