"""State checks for the Redis Stack lessons: what a JSON document holds at a path,
what a time series is set up with, and how a search index is defined.

    - json: {key: "user:{{uid}}", path: $.address.city, equals: '"Busan"'}

``equals`` is JSON text (rendered with the exercise's values first), compared by
value, not by spelling: '{"a":1,"b":2}' equals '{"b": 2, "a": 1}'. Without ``path``
the whole document is compared. A ``$`` path must match exactly one place.

    - ts: {key: "meter:{{m}}", retention: 21600000, labels: {site: north}, samples: 1, last: 230}
    - ts: {key: temp:attic, rules: [{into: "temp:attic:max1h", bucket: 3600000, aggregation: max}]}

Read from ``TS.INFO`` / ``TS.GET``, so the grade does not depend on the learner having
typed them. Every field but ``key`` is optional: ``retention`` in ms, ``labels`` the
labels the series must carry (others may be there too), ``samples`` how many it holds,
``last`` the value of the newest sample, ``rules`` the compaction rules going out of
it (exactly these).

    - index: {name: idx:movies, on: HASH, prefixes: ["movie:"], docs: 4,
              fields: {title: TEXT, year: NUMERIC SORTABLE, genre: TAG}}

Read from ``FT.INFO``: ``on`` HASH or JSON, ``prefixes`` by their effect (every key
under these is indexed, and no other key of that type in the exercise's data), ``fields`` by
attribute name (the ``AS`` name of a JSON path): its type, then options that must be
set (other attributes may exist), ``docs`` the number of documents indexed.
"""
from __future__ import annotations

import json

from ..errors import RedisError
from . import variants as V
from .checks import _s, kind


def _short(v) -> str:
    text = json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


@kind("json", "state", keys=("key", "path", "equals"), required=("key", "equals"))
def _json(ctx, p):
    key = ctx.key(p)
    path = _s(ctx.r(p.get("path", "$")))
    t = _s(ctx.read("TYPE", key))
    if t == "none":
        return False, f"`{key}` does not exist"
    if t != "ReJSON-RL":
        return False, f"`{key}` is a {t}, it should be a JSON document (JSON.SET)"
    want_text = ctx.r(p["equals"])
    want = json.loads(want_text if isinstance(want_text, str) else json.dumps(want_text))
    try:
        reply = ctx.read("JSON.GET", key, path if path.startswith("$") else "$" + path)
    except RedisError as e:
        return False, f"`{key}` cannot be read at {path}: {e}"
    if isinstance(reply, RedisError):
        return False, f"`{key}` cannot be read at {path}: {reply}"
    matches = json.loads(_s(reply))
    if len(matches) != 1:
        return False, (f"`{key}` has nothing at {path}" if not matches
                       else f"{path} matches {len(matches)} places in `{key}`, the check expects one")
    got = matches[0]
    where = f"`{key}`" if path == "$" else f"{path} of `{key}`"
    return got == want, "" if got == want else f"{where} should be {_short(want)}, it is {_short(got)}"


# ------------------------------------------------------------------ time series

def _txt(v) -> str:
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else str(v)


def _as_map(reply) -> dict:
    """A RESP3 map or a RESP2 flat list of name/value pairs -> {name: value}."""
    if isinstance(reply, dict):
        return {_txt(k): v for k, v in reply.items()}
    return {_txt(reply[i]): reply[i + 1] for i in range(0, len(reply) - 1, 2)}


def _num(v) -> float:
    return float(_txt(v))


def _n(v) -> str:
    f = float(v)
    return str(int(f)) if f.is_integer() else str(f)


def _rule_text(into, bucket, agg) -> str:
    return f"into `{into}`, {agg.lower()} per {_n(bucket)} ms"


@kind("ts", "state", keys=("key", "retention", "labels", "samples", "last", "rules"), required=("key",))
def _ts(ctx, p):
    key = ctx.key(p)
    t = _s(ctx.read("TYPE", key))
    if t == "none":
        return False, f"`{key}` does not exist"
    if t != "TSDB-TYPE":
        return False, f"`{key}` is a {t}, it should be a time series (TS.CREATE or TS.ADD)"
    info = _as_map(ctx.read("TS.INFO", key))
    if "retention" in p:
        want, got = _num(ctx.r(p["retention"])), _num(info["retentionTime"])
        if got != want:
            now = "0 (kept for ever)" if got == 0 else f"{_n(got)} ms"
            return False, f"the retention of `{key}` is {now}; it should be {_n(want)} ms"
    labels = {_txt(k): _txt(v) for k, v in (info.get("labels") or [])}
    for name, value in (ctx.r(p.get("labels")) or {}).items():
        name, value = _txt(name), _txt(value)
        if name not in labels:
            return False, f"`{key}` should carry the label {name} = {value}"
        if labels[name] != value:
            return False, f"the label {name} of `{key}` is {labels[name]}, it should be {value}"
    if "samples" in p:
        want, got = int(_num(ctx.r(p["samples"]))), int(info["totalSamples"])
        if got != want:
            return False, f"`{key}` holds {got} sample{'s' * (got != 1)}, it should hold {want}"
    if "last" in p:
        newest = ctx.read("TS.GET", key)
        want = _num(ctx.r(p["last"]))
        if not newest:
            return False, f"`{key}` holds no sample; the newest should be {_n(want)}"
        if _num(newest[1]) != want:
            return False, f"the newest sample of `{key}` is {_n(_num(newest[1]))}, it should be {_n(want)}"
    if "rules" in p:
        got = {_txt(r[0]): (_num(r[1]), _txt(r[2]).upper()) for r in info.get("rules") or []}
        want = {V.as_text(ctx.r(r["into"])): (_num(ctx.r(r["bucket"])), _txt(ctx.r(r["aggregation"])).upper())
                for r in p["rules"]}
        for into, (bucket, agg) in want.items():
            if into not in got:
                return False, f"`{key}` should have a compaction rule {_rule_text(into, bucket, agg)}"
            if got[into] != (bucket, agg):
                return False, (f"the rule of `{key}` goes {_rule_text(into, *got[into])}; "
                               f"it should be {agg.lower()} per {_n(bucket)} ms")
        extra = sorted(set(got) - set(want))
        if extra:
            return False, f"`{key}` has a rule into `{extra[0]}` as well, which is not asked for"
    return True, ""


# ------------------------------------------------------------------ search index

@kind("index", "state", keys=("name", "on", "prefixes", "fields", "docs"), required=("name",))
def _index(ctx, p):
    name = V.as_text(ctx.r(p["name"]))
    try:
        reply = ctx.read("FT.INFO", name)
    except RedisError:
        reply = None
    if reply is None or isinstance(reply, RedisError):
        return False, f"there is no index `{name}` (FT.CREATE makes one)"
    info = _as_map(reply)
    definition = _as_map(info.get("index_definition") or [])
    if "on" in p:
        want, got = _txt(ctx.r(p["on"])).upper(), _txt(definition.get("key_type", "")).upper()
        if got != want:
            return False, f"`{name}` indexes {got} keys; it should index {want} (ON {want})"
    if "prefixes" in p:
        why = _prefixes_differ(ctx, name, definition, [V.as_text(x) for x in ctx.r(p["prefixes"])])
        if why:
            return False, why
    attrs = {}
    for a in info.get("attributes") or []:
        words = [_txt(w) for w in a]
        fields = _as_map(words[:6])
        attrs[fields.get("attribute", "")] = (fields.get("type", "").upper(), {w.upper() for w in words[6:]})
    for field, spec in (ctx.r(p.get("fields")) or {}).items():
        field = _txt(field)
        typ, *opts = _txt(spec).upper().split()
        if field not in attrs:
            return False, f"`{name}` has no attribute {field}; it should have {field} as {typ}"
        got_type, got_opts = attrs[field]
        if got_type != typ:
            return False, f"{field} is {got_type} in `{name}`; it should be {typ}"
        missing = [o for o in opts if o not in got_opts]
        if missing:
            return False, f"{field} should be {' '.join([typ] + opts)} in `{name}` (it is not {missing[0]})"
    if "docs" in p:
        want, got = int(_num(ctx.r(p["docs"]))), int(_num(info.get("num_docs", 0)))
        if got != want:
            return False, f"`{name}` holds {got} document{'s' * (got != 1)}; it should hold {want} (check the prefix)"
    return True, ""


_TYPE_OF = {"HASH": "hash", "JSON": "ReJSON-RL"}


def _prefixes_differ(ctx, name: str, definition: dict, want: list) -> str:
    """Why the index's prefixes do not select the keys the exercise means, or "".

    Graded by effect, not spelling: `PREFIX 1 movie` indexes `movie:1` exactly as
    `movie:` does. Every key under a wanted prefix must be indexed, now and later
    (so some prefix of the index starts each wanted one), and no other key of the
    index's type in the exercise's data may be (so a prefix too short to keep, say,
    `review:1` out fails on the data it would really pull in)."""
    got = [_txt(x) for x in definition.get("prefixes") or []] or [""]
    uncovered = [w for w in want if not any(w.startswith(g) for g in got)]
    if uncovered:
        return (f"the prefixes of `{name}` are {_quoted(got)}: a key such as `{uncovered[0]}new` "
                f"would not be indexed; they should cover every key under {_quoted(want)}")
    typ = _TYPE_OF.get(_txt(definition.get("key_type", "")).upper())
    for raw in sorted(ctx.read("KEYS", "*") or []):
        key = _txt(raw)
        if (any(key.startswith(g) for g in got) and not any(key.startswith(w) for w in want)
                and (typ is None or _txt(ctx.read("TYPE", key)) == typ)):
            return (f"the prefixes of `{name}` are {_quoted(got)}, so it indexes `{key}` too; "
                    f"only keys under {_quoted(want)} belong in it")
    return ""


def _quoted(xs) -> str:
    return "[" + ", ".join(f'"{x}"' for x in xs) + "]" if xs else "none"
