"""The whole command table against redis-server 7.0: COMMAND INFO of every command and
subcommand the engine has (arity, flags, first/last key and step, ACL categories, tips,
key specs, subcommand names), and the shape of COMMAND DOCS for a few commands.

A difference is allowed only by name below, with its reason; the ones where the engine
follows Redis 7.2+/7.4 are also listed in docs/COMPATIBILITY.md. An allowance that no
longer matches a difference fails the test too, so the lists stay true.
"""
from __future__ import annotations

from redislab.engine import registry
from tests.support.realredis import decode

# (command, field) where the engine follows Redis 7.2+/7.4 (docs/COMPATIBILITY.md).
NEWER = {
    ("zrank", "arity"): "ZRANK ... WITHSCORE (7.2) takes an optional 4th argument: arity -3",
    ("zrevrank", "arity"): "ZREVRANK ... WITHSCORE (7.2) takes an optional 4th argument: arity -3",
    ("cluster|slots", "flags"): "CLUSTER SLOTS may run while loading since 7.2 (loading flag)",
    ("cluster|shards", "flags"): "CLUSTER SHARDS may run while loading since 7.2 (loading flag)",
    ("latency|reset", "tips"): "7.2 sums the nodes' replies (response_policy:agg_sum)",
    ("client", "subcommands"): "CLIENT SETINFO and CLIENT NO-TOUCH are 7.2",
}
# Commands 7.0 does not know at all, and the version that brought them.
NOT_IN_70 = {
    "client|setinfo": "7.2", "client|no-touch": "7.2",
    "hexpire": "7.4", "hpexpire": "7.4", "hexpireat": "7.4", "hpexpireat": "7.4", "httl": "7.4",
    "hpttl": "7.4", "hexpiretime": "7.4", "hpexpiretime": "7.4", "hpersist": "7.4",
}
# Subcommands Redis has that the engine does not implement (so there is nothing to declare).
NOT_IMPLEMENTED = {
    "cluster": {"addslots", "addslotsrange", "bumpepoch", "delslots", "delslotsrange", "flushslots",
                "forget", "meet", "replicate", "reset", "set-config-epoch"},
}
FIELDS = ("name", "arity", "flags", "first_key", "last_key", "step", "acl", "tips", "key_specs",
          "subcommands")


def _key_specs(specs):
    """Key specs as comparable dicts; a `notes` text is our own words, so only its
    presence is compared."""
    out = []
    for ks in specs:
        d = dict(zip(ks[::2], ks[1::2]))
        if b"notes" in d:
            d[b"notes"] = "<notes>"
        out.append(d)
    return out


def _fields(entry) -> dict:
    f = dict(zip(FIELDS, entry))
    f["key_specs"] = _key_specs(f["key_specs"])
    f["subcommands"] = sorted(sub[0].split(b"|", 1)[1].decode() for sub in f["subcommands"])
    return f


def _names():
    registry.load_all()
    for spec in registry.COMMANDS.values():
        if spec.fn is not None or spec.subcommands:
            yield spec
        yield from spec.subcommands.values()


def test_command_info_matches_redis_for_the_whole_table(oracle):
    diffs, seen_missing = {}, set()
    for spec in _names():
        if "module" in spec.flags:
            continue          # Redis Stack modules: their own docs are the reference
        mine, theirs = oracle.run("COMMAND", "INFO", spec.name)
        a, b = decode(mine)[0], decode(theirs)[0]
        if b is None:
            assert spec.name in NOT_IN_70, f"{spec.name} is not in Redis 7.0: list it in NOT_IN_70"
            seen_missing.add(spec.name)
            continue
        fa, fb = _fields(a), _fields(b)
        extra = set(fb["subcommands"]) - set(fa["subcommands"])
        assert extra <= NOT_IMPLEMENTED.get(spec.name, set()), (spec.name, "subcommands missing", extra)
        fb["subcommands"] = [x for x in fb["subcommands"] if x not in extra]
        for field in FIELDS[1:]:
            if fa[field] != fb[field]:
                diffs[(spec.name, field)] = (fa[field], fb[field])
    allowed = dict(NEWER)
    unexpected = {k: v for k, v in diffs.items() if k not in allowed}
    assert not unexpected, "\n".join(f"{n} {f}:\n  engine {a!r}\n  redis  {b!r}"
                                     for (n, f), (a, b) in unexpected.items())
    stale = sorted(set(allowed) - set(diffs))
    assert not stale, f"these allowances match no difference any more, drop them: {stale}"
    assert seen_missing == set(NOT_IN_70), set(NOT_IN_70) - seen_missing


def test_acl_categories_of_sort(oracle):
    # SORT and SORT_RO are in the generic group but not in @keyspace (nor is PUBSUB HELP in
    # @pubsub): an ACL rule on those categories must treat them as Redis does.
    mine, theirs = oracle.run("COMMAND", "INFO", "sort", "sort_ro", "pubsub|help")
    assert [e[6] for e in decode(mine)] == [e[6] for e in decode(theirs)]
    for cat in ("keyspace", "pubsub"):
        mine, theirs = oracle.run("COMMAND", "LIST", "FILTERBY", "ACLCAT", cat)
        a, b = set(decode(mine)), set(decode(theirs))
        assert not ({b"sort", b"sort_ro", b"pubsub|help"} & (a ^ b)), cat


def test_getkeysandflags_follow_the_key_specs(oracle):
    for argv in (("SORT", "k", "BY", "w*", "GET", "#", "STORE", "d"), ("SORT_RO", "k", "GET", "x"),
                 ("SINTERSTORE", "d", "a", "b"), ("SUNIONSTORE", "d", "a", "b"), ("COPY", "a", "b"),
                 ("RENAME", "a", "b"), ("SMOVE", "a", "b", "m"), ("DEL", "a", "b"), ("EXISTS", "a"),
                 ("SET", "k", "v", "GET"), ("SET", "k", "v", "EX", "9"), ("EVAL", "return 1", "2", "a", "b"),
                 ("MSETNX", "a", "1"), ("BITFIELD", "k"), ("BITFIELD", "k", "GET", "u8", "0"),
                 ("BITFIELD", "k", "OVERFLOW", "SAT", "GET", "u8", "0", "INCRBY", "u8", "0", "1"),
                 ("BITFIELD", "k", "GET", "u8"), ("BITFIELD_RO", "k", "GET", "u8", "0")):
        oracle.same("COMMAND", "GETKEYSANDFLAGS", *argv)


def test_pubsub_help_layout(oracle):
    # Our own words, Redis's layout: usage line first, HELP last, and the arity error.
    mine, theirs = oracle.run("PUBSUB", "HELP")
    a, b = decode(mine), decode(theirs)
    assert [x for x in a if not x.startswith(" ")] == [x for x in b if not x.startswith(" ")]
    oracle.same("PUBSUB", "HELP", "x")


# ----------------------------------------------------------------- COMMAND DOCS

def _doc_shape(arg: dict) -> dict:
    """An argument's facts. Left out: display_text, and the name, which 7.2 made unique
    per command (SORT's BY and GET patterns: by-pattern, get-pattern; 7.0: pattern)."""
    d = dict(zip(arg[::2], arg[1::2]))
    d.pop(b"display_text", None)
    d.pop(b"name", None)
    if b"arguments" in d:
        d[b"arguments"] = [_doc_shape(x) for x in d[b"arguments"]]
    if b"flags" in d:
        d[b"flags"] = sorted(d[b"flags"])
    return d


def test_command_docs_shape(oracle):
    # Summaries are our own words; everything else a client reads should be Redis's.
    for name in ("set", "getex", "expire", "ttl", "exists", "renamenx", "sort", "xadd", "bitfield",
                 "eval", "copy", "object", "pubsub", "hincrbyfloat", "hdel", "spop", "srandmember", "scan"):
        mine, theirs = oracle.run("COMMAND", "DOCS", name)
        a, b = decode(mine), decode(theirs)
        assert a[0] == b[0] == name.encode()
        da, db = dict(zip(a[1][::2], a[1][1::2])), dict(zip(b[1][::2], b[1][1::2]))
        assert set(da) == set(db), (name, set(da) ^ set(db))
        for field in (b"since", b"group", b"complexity", b"doc_flags", b"deprecated_since",
                      b"replaced_by"):
            assert da.get(field) == db.get(field), (name, field, da.get(field), db.get(field))
        # History entries: the versions are facts, the wording is ours.
        assert [v for v, _ in da.get(b"history", [])] == [v for v, _ in db.get(b"history", [])], name
        if b"arguments" in db:
            sa, sb = [_doc_shape(x) for x in da[b"arguments"]], [_doc_shape(x) for x in db[b"arguments"]]
            assert sa == sb, f"{name}\n engine {sa}\n redis  {sb}"
        if b"subcommands" in db:
            assert sorted(da[b"subcommands"][::2]) == sorted(db[b"subcommands"][::2]), name
