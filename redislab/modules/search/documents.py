"""Reading an index's documents out of the keyspace, at query time.

Every FT.SEARCH / FT.AGGREGATE walks the keys of database 0, keeps those under the
index's prefixes that have the index's type (a hash, or a RedisJSON document), and
reads the schema's fields from them. That costs O(K) for the walk plus O(N*L) to
read N matching documents of size L, where RediSearch answers from an inverted
index; in exchange there is nothing to keep in step, so HSET, DEL, EXPIRE, RENAME,
hash-field TTLs and FLUSHDB are always reflected, whichever way the write came in.
"""
from __future__ import annotations

import math
import re

from ...engine.args import to_float
from ...errors import RedisError
from .schema import NUMERIC, TAG, TEXT, Index
from .text import tokenize

JSON_TYPE = "ReJSON-RL"


class Words:
    """Field name -> its terms (stop words removed). Text is tokenized the first time
    a query asks for a field: most queries touch few of a document's fields."""

    __slots__ = ("raw", "done", "stop")

    def __init__(self, stop):
        self.raw: dict = {}          # field name -> [str] as read from the document
        self.done: dict = {}
        self.stop = stop

    def get(self, name, default=None):
        w = self.done.get(name)
        if w is None:
            vals = self.raw.get(name)
            if vals is None:
                return default
            w = [t for v in vals for t in tokenize(v) if t not in self.stop]
            self.done[name] = w
        return w

    def values(self) -> list:
        return [self.get(n) for n in self.raw]


class Doc:
    """One indexed key: its raw value and what each schema field holds."""

    __slots__ = ("key", "value", "json", "text", "num", "tags", "_maxfreq", "score", "order")

    def __init__(self, key: bytes, value, json: bool, order: int, stop=frozenset()):
        self.key = key
        self.value = value          # RHash, or the JSON document's Python value
        self.json = json
        self.text = Words(stop)     # field name -> [terms], on demand
        self.num: dict = {}         # field name -> [floats]
        self.tags: dict = {}        # field name -> set of tags (case-folded unless CASESENSITIVE)
        self._maxfreq = None
        self.score = 1.0
        self.order = order          # position in the walk: the tie-break between equal scores

    @property
    def maxfreq(self) -> int:
        """How often the document's most frequent term occurs (TF-IDF normalises by it)."""
        if self._maxfreq is None:
            counts: dict = {}
            for words in self.text.values():
                for w in words:
                    counts[w] = counts.get(w, 0) + 1
            self._maxfreq = max(counts.values()) if counts else 1
        return self._maxfreq

    def raw(self, f):
        """The field's value as FT.SEARCH returns it (bytes), or None when absent."""
        if not self.json:
            return _hash_get(self.value, f.path.encode())
        vals = json_path(self.value, f.path)
        if not vals:
            return None
        return json_text(vals[0])

    def sort_value(self, f):
        """What SORTBY compares: a float for NUMERIC, else a (case-folded unless UNF) string."""
        if f.type == NUMERIC:
            v = self.num.get(f.name)
            if v:
                return v[0]
            raw = self.raw(f)
            if raw is None:
                return None
            try:
                return to_float(raw)
            except RedisError:
                return None
        raw = self.raw(f)
        if raw is None:
            return None
        s = raw.decode("utf-8", "replace")
        return s if f.unf else s.lower()


def _hash_get(h, field: bytes):
    v = h.d.get(field)
    if v is not None and h.ttl:
        when = h.ttl.get(field)
        if when is not None and when <= _NOW[0]:
            return None
    return v


_NOW = [0]


def hash_items(h) -> list:
    """A hash's live field/value pairs in its order (fields past their TTL left out)."""
    if not h.ttl:
        return list(h.d.items())
    now = _NOW[0]
    # A field lives through its deadline's millisecond, as HGET sees it (7.4).
    return [(f, v) for f, v in h.d.items() if not (f in h.ttl and h.ttl[f] < now)]


# ------------------------------------------------------------------ JSON paths

_SEG = re.compile(r"""\.\.?([A-Za-z_$][\w$-]*|\*)|\[\s*(\*|-?\d+|'[^']*'|"[^"]*")\s*\]""")


def json_path(value, path: str) -> list:
    """The values a simple JSONPath selects: ``$``, ``$.a.b``, ``$.a[*]``, ``$.a[0]``,
    ``$['a']``, ``$..a``. A path without ``$`` is read as if it had one."""
    p = path.strip()
    if p.startswith("$"):
        p = p[1:]
    elif p and p[0] not in ".[":
        p = "." + p
    cur = [value]
    pos = 0
    while pos < len(p):
        m = _SEG.match(p, pos)
        if m is None:
            return []
        pos = m.end()
        name, sub = m.group(1), m.group(2)
        nxt = []
        if name is not None:
            deep = m.group(0).startswith("..")
            for v in (_descend(cur) if deep else cur):
                if name == "*":
                    if isinstance(v, dict):
                        nxt += list(v.values())
                    elif isinstance(v, list):
                        nxt += v
                elif isinstance(v, dict) and name in v:
                    nxt.append(v[name])
        else:
            for v in cur:
                if sub == "*":
                    if isinstance(v, list):
                        nxt += v
                    elif isinstance(v, dict):
                        nxt += list(v.values())
                elif sub[0] in "'\"":
                    if isinstance(v, dict) and sub[1:-1] in v:
                        nxt.append(v[sub[1:-1]])
                elif isinstance(v, list):
                    k = int(sub)
                    if -len(v) <= k < len(v):
                        nxt.append(v[k])
        cur = nxt
    return cur


def _descend(vals):
    out = []
    stack = list(reversed(vals))
    while stack:
        v = stack.pop()
        out.append(v)
        if isinstance(v, dict):
            stack += reversed(list(v.values()))
        elif isinstance(v, list):
            stack += reversed(v)
    return out


def json_text(v) -> bytes:
    """A JSON value as FT.SEARCH returns a field: strings bare, anything else as JSON."""
    if isinstance(v, str):
        return v.encode()
    return json_dumps(v)


def json_dumps(v) -> bytes:
    import json

    try:   # prefer RedisJSON's own serializer, so numbers print as JSON.GET prints them
        from ..json import document as _jd   # noqa: PLC0415

        dump = getattr(_jd, "dumps", None) or getattr(_jd, "serialize", None)
        if dump is not None:
            out = dump(v)
            return out if isinstance(out, bytes) else str(out).encode()
    except ImportError:
        pass
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False).encode()


# ------------------------------------------------------------------ loading

class IndexingFailure(Exception):
    pass


def load(s, idx: Index) -> list:
    """The documents of ``idx`` as the keyspace holds them now; updates idx.failures."""
    ks = s.engine.keyspace
    db = ks.dbs[0]
    _NOW[0] = ks.now_ms()
    want_json = idx.on == "JSON"
    prefixes = tuple(idx.prefixes)
    everything = b"" in prefixes
    docs, failures = [], 0
    flt = None
    if idx.filter is not None:
        from .expr import parse_expr

        flt = parse_expr(idx.filter.decode("utf-8", "replace"))
    for key in list(db.data):
        if not everything and not key.startswith(prefixes):
            continue
        v = db.lookup(key, touch=False)          # lazy expiry, as a read would
        if v is None or type(v) is bytes:
            continue
        kind = getattr(v, "TYPE", None)
        if want_json:
            if kind != JSON_TYPE:
                continue
            doc = Doc(key, v.value, True, len(docs), idx.stopwords)
        else:
            if kind != "hash" or not hash_items(v):
                continue
            doc = Doc(key, v, False, len(docs), idx.stopwords)
        try:
            _fill(doc, idx)
        except IndexingFailure:
            failures += 1
            continue
        if flt is not None:
            from .expr import evaluate, truthy

            if not truthy(evaluate(flt, lambda name: _prop(doc, idx, name))):
                continue
        doc.score = idx.score
        docs.append(doc)
    idx.failures = failures
    return docs


def _prop(doc, idx, name: str):
    f = idx.field(name)
    if f is None:
        if name == "__key":
            return doc.key.decode("utf-8", "replace")
        if not doc.json:
            raw = _hash_get(doc.value, name.encode())
            return None if raw is None else raw.decode("utf-8", "replace")
        return None
    v = doc.sort_value(f) if f.type == NUMERIC else doc.raw(f)
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else v


def _values(doc: Doc, f) -> list:
    """The field's values: one for a hash field, any number for a JSONPath."""
    if not doc.json:
        v = _hash_get(doc.value, f.path.encode())
        return [] if v is None else [v]
    out = []
    for v in json_path(doc.value, f.path):
        if isinstance(v, list) and f.type != NUMERIC:
            out += v                    # a multi-value TEXT or TAG field
        else:
            out.append(v)
    return out


def _as_text(v, doc: Doc) -> str:
    """A value for a TEXT or TAG field as text: bytes decoded, a string as it is, other
    hash values printed; any other JSON value fails the document, as in RediSearch."""
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if not isinstance(v, str):
        if doc.json:
            raise IndexingFailure
        return str(v)
    return v


def _fill(doc: Doc, idx: Index) -> None:
    for f in idx.fields:
        if f.noindex and not f.sortable:
            continue
        vals = [v for v in _values(doc, f) if v is not None]
        if not vals:
            continue
        if f.type == TEXT:
            doc.text.raw[f.name] = [_as_text(v, doc) for v in vals]
        elif f.type == NUMERIC:
            nums = []
            for v in vals:
                if isinstance(v, bool) or isinstance(v, (str, list, dict)):
                    raise IndexingFailure
                if isinstance(v, bytes):
                    try:
                        v = to_float(v.strip())
                    except RedisError:
                        raise IndexingFailure from None
                if isinstance(v, float) and math.isnan(v):
                    raise IndexingFailure
                nums.append(float(v))
            doc.num[f.name] = nums
        elif f.type == TAG:
            tags = set()
            for v in vals:
                v = ("true" if v else "false") if isinstance(v, bool) else _as_text(v, doc)
                for t in v.split(f.separator):
                    t = t.strip()
                    if t:
                        tags.add(t if f.casesensitive else t.lower())
            doc.tags[f.name] = tags
