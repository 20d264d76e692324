"""Strings, lists, sets, hashes and sorted sets to and from their RDB form.

What is written is what Redis 7.0 writes (so redis-server 7.0 can RESTORE it):

* a string as an RDB string;
* a list as a quicklist of listpack nodes (type 18), one node per quicklist node;
* a set as an intset (11) while it is one, otherwise as a plain set (2): 7.0 has no
  listpack sets, so the 7.2+ listpack encoding is written as a plain set;
* a hash as one listpack (16) while small, otherwise field/value pairs (4). A hash
  whose fields carry TTLs (7.4) uses 7.4's layouts, listpack-with-TTLs (25) or
  TTL/field/value triples behind the smallest TTL (24): 7.0 cannot hold them;
* a sorted set as one listpack (17) of member/score pairs, scores printed as 7.0
  prints them, otherwise members with binary scores (5), highest score first.

Reading accepts those and the older forms a 7.0 server still reads (ziplists,
quicklists of ziplists, plain lists, text scores) plus 7.2's listpack sets, and
re-encodes the value the way Redis does when it loads one.
"""
from __future__ import annotations

import math

from ..rhash import RHash
from ..rlist import from_items
from ..rset import HASHTABLE, INTSET, LISTPACK, RSet
from ..zset import ZSet
from . import wire
from .packed import intset, listpack, parse_intset, parse_listpack, parse_ziplist
from .wire import BadFormat, canonical_int

_EXACT_INT = 1 << 52


def score_text(d: float) -> bytes:
    """A score as Redis 7.0 writes it into a listpack: integers plainly (-0 too, as
    "0"), anything else with 17 significant digits."""
    if math.isnan(d):
        return b"nan"
    if math.isinf(d):
        return b"inf" if d > 0 else b"-inf"
    if -_EXACT_INT < d < _EXACT_INT and d == int(d):
        return b"%d" % int(d)
    return b"%.17g" % d


def _score(b: bytes) -> float:
    try:
        d = float(b)
    except ValueError:
        raise BadFormat("bad score") from None
    if math.isnan(d):
        raise BadFormat("NaN score")
    return d


# ----------------------------------------------------------------- writing

def write_list(w: wire.Writer, items, node_counts) -> None:
    w.byte(wire.LIST_QUICKLIST_2)
    w.length(len(node_counts))
    it = iter(items)
    for count in node_counts:
        w.length(wire.NODE_PACKED)
        w.string(listpack([next(it) for _ in range(count)]))


def write_set(w: wire.Writer, value: RSet) -> None:
    if value.enc == INTSET:
        w.byte(wire.SET_INTSET)
        w.string(intset(int(m) for m in value.arr))
        return
    w.byte(wire.SET)
    w.length(len(value))
    for m in value.members():
        w.string(m)


def write_hash(w: wire.Writer, value: RHash, small: bool) -> bool:
    """Returns True when the layout needs RDB version 12 (fields with TTLs)."""
    ttl = value.ttl
    if not ttl:
        if small:
            w.byte(wire.HASH_LISTPACK)
            w.string(listpack([x for kv in value.items() for x in kv]))
        else:
            w.byte(wire.HASH)
            w.length(len(value))
            for f, v in value.items():
                w.string(f)
                w.string(v)
        return False
    least = min(ttl.values())
    if small:
        w.byte(wire.HASH_LISTPACK_EX)
        w.ms_time(least)
        w.string(listpack([x for f, v in value.items() for x in (f, v, ttl.get(f, 0))]))
    else:
        w.byte(wire.HASH_METADATA)
        w.ms_time(least)
        w.length(len(value))
        for f, v in value.items():
            when = ttl.get(f)
            w.length(0 if when is None else when - least + 1)
            w.string(f)
            w.string(v)
    return True


def write_zset(w: wire.Writer, value: ZSet) -> None:
    if value.listpack:
        w.byte(wire.ZSET_LISTPACK)
        w.string(listpack([x for m, sc in value for x in (m, score_text(sc))]))
        return
    w.byte(wire.ZSET_2)
    w.length(len(value))
    for m, sc in reversed(list(value)):
        w.string(m)
        w.double(sc)


# ----------------------------------------------------------------- reading

def _pairs(flat: list) -> list:
    if len(flat) % 2:
        raise BadFormat("odd number of elements")
    return list(zip(flat[0::2], flat[1::2]))

def read_list(r: wire.Reader, t: int, config):
    items = []
    if t == wire.LIST:
        items = [r.string() for _ in range(r.length())]
    elif t == wire.LIST_ZIPLIST:
        items = parse_ziplist(r.string())
    elif t == wire.LIST_QUICKLIST:
        for _ in range(r.length()):
            items += _nonempty(parse_ziplist(r.string()))
    else:
        for _ in range(r.length()):
            container = r.length()
            if container == wire.NODE_PLAIN:
                items.append(r.string())
            elif container == wire.NODE_PACKED:
                items += _nonempty(parse_listpack(r.string()))
            else:
                raise BadFormat("unknown quicklist container")
    if not items:
        raise BadFormat("empty list")
    return from_items(items, config)

def _nonempty(elems: list) -> list:
    if not elems:
        raise BadFormat("empty quicklist node")
    return elems

def read_set(r: wire.Reader, t: int, config) -> RSet:
    if t == wire.SET_INTSET:
        members = [b"%d" % v for v in parse_intset(r.string())]
        s = RSet(INTSET if len(members) <= config["set-max-intset-entries"] else HASHTABLE)
    elif t == wire.SET_LISTPACK:
        members = parse_listpack(r.string())
        s = RSet(LISTPACK if len(members) <= config["set-max-listpack-entries"] else HASHTABLE)
    else:
        n = r.length()
        members = [r.string() for _ in range(n)]
        s = RSet(INTSET if n <= config["set-max-intset-entries"] else HASHTABLE)
        for m in members:
            if not s.add(m, config):
                raise BadFormat("duplicate set member")
        return _nonempty_value(s)
    if len(set(members)) != len(members):
        raise BadFormat("duplicate set member")
    s.arr = members
    s.pos = {m: i for i, m in enumerate(members)}
    return _nonempty_value(s)

def _nonempty_value(v):
    if not v:
        raise BadFormat("empty value")
    return v

def read_hash(r: wire.Reader, t: int, config, now_ms: int) -> RHash:
    h = RHash()
    ttls = {}
    if t == wire.HASH:
        pairs = [(r.string(), r.string()) for _ in range(r.length())]
    elif t == wire.HASH_METADATA:
        least = r.ms_time()
        pairs = []
        for _ in range(r.length()):
            rel = r.length()
            f, v = r.string(), r.string()
            if rel:
                ttls[f] = least + rel - 1
            pairs.append((f, v))
    elif t == wire.HASH_LISTPACK_EX:
        r.ms_time()
        flat = parse_listpack(r.string())
        if len(flat) % 3:
            raise BadFormat("listpackex is not made of triples")
        pairs = []
        for f, v, when in zip(flat[0::3], flat[1::3], flat[2::3]):
            when = canonical_int(when)
            if when is None:
                raise BadFormat("bad field TTL")
            if when:
                ttls[f] = when
            pairs.append((f, v))
    else:
        parse = parse_listpack if t == wire.HASH_LISTPACK else parse_ziplist
        pairs = _pairs(parse(r.string()))
    for f, v in pairs:
        if not h.set(f, v):
            raise BadFormat("duplicate hash field")
    longest = max((max(len(f), len(v)) for f, v in pairs), default=0)
    h.fit(config, longest)
    for f, when in ttls.items():
        if when < now_ms:             # expired only past its deadline, as a read sees it
            h.delete(f)
        else:
            h.mark_ex()
            h.set_ttl(f, when)
    return _nonempty_value(h)

def read_zset(r: wire.Reader, t: int, config) -> ZSet:
    if t in (wire.ZSET, wire.ZSET_2):
        n = r.length()
        read = r.double if t == wire.ZSET_2 else r.text_double
        pairs = []
        for _ in range(n):
            m = r.string()
            sc = read()
            if math.isnan(sc):
                raise BadFormat("NaN score")
            pairs.append((m, sc))
    else:
        parse = parse_listpack if t == wire.ZSET_LISTPACK else parse_ziplist
        pairs = [(m, _score(sc)) for m, sc in _pairs(parse(r.string()))]
    z = ZSet.from_pairs(pairs)
    if len(z) != len(pairs):
        raise BadFormat("duplicate sorted set member")
    z.fit(config)
    return _nonempty_value(z)
