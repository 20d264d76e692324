"""COMMAND and its subcommands: the command table described to clients.

Everything here is read from ``registry.COMMANDS``; nothing lists commands by hand.
redis-cli 7 calls COMMAND DOCS when it starts to build its argument hints, and
cluster-aware clients read the key specs of COMMAND INFO, so the shapes below follow
Redis 7 exactly (flag and ACL category order included).
"""
from __future__ import annotations

from ... import errors
from ...errors import RedisError
from .. import registry
from ..args import text, upper
from ..registry import Block, OneOf, Str, command
from ..replies import MapReply, SetReply, Status, help_reply

# Redis prints command flags and ACL categories in the order of its own tables, not in
# the order a command declares them; clients that diff COMMAND output rely on that.
FLAG_ORDER = ("write", "readonly", "denyoom", "module", "admin", "pubsub", "noscript",
              "blocking", "loading", "stale", "skip_monitor", "skip_slowlog", "asking",
              "fast", "no_auth", "no_mandatory_keys", "no_async_loading", "no_multi",
              "movablekeys", "allow_busy")
CATEGORY_ORDER = ("keyspace", "read", "write", "set", "sortedset", "list", "hash", "string",
                  "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow",
                  "blocking", "dangerous", "connection", "transaction", "scripting")
_CAT_RANK = {c: i for i, c in enumerate(CATEGORY_ORDER)}
_KEY_FLAG_ORDER = ("RW", "RO", "OW", "RM", "access", "update", "insert", "delete",
                   "not_key", "incomplete", "variable_flags")


def command_flags(spec) -> list[str]:
    return [f for f in FLAG_ORDER if f in spec.flags]


def acl_categories(spec) -> list[str]:
    if spec.fn is None:
        return ["slow"]     # a bare container (CONFIG, CLIENT) has no category of its own
    cats = spec.categories()
    # Scripting commands never count as @read even when flagged readonly (EVAL_RO, FCALL_RO).
    if "scripting" in cats and "read" in cats:
        cats = [c for c in cats if c != "read"]
    return sorted(cats, key=lambda c: _CAT_RANK.get(c, len(_CAT_RANK)))


def _default_key_flags(spec) -> str:
    if "readonly" in spec.flags and "write" not in spec.flags:
        return "RO access"
    if "write" in spec.flags and "movablekeys" not in spec.flags:
        return "RW update"
    # Keys whose use cannot be known (EVAL, FCALL): assume the worst, as Redis does.
    return "RW access update"


def key_specs(spec) -> list[tuple]:
    """The command's key specs as (flags, begin_search, find_keys[, notes]) tuples:
    begin_search ("index", i) | ("keyword", word, startfrom) | ("unknown",);
    find_keys ("range", lastkey, keystep, limit) | ("keynum", idx, first, step) | ("unknown",);
    notes, where Redis gives a key spec a remark, in our own words."""
    if spec.key_specs:
        return list(spec.key_specs)
    flags = list(spec.key_flags) or [_default_key_flags(spec)]
    if spec.keynum is not None:
        ni, first, step = spec.keynum
        return [(flags[0], ("index", ni), ("keynum", 0, first - ni, step))]
    if spec.first_key:
        first, last, step = spec.first_key, spec.last_key, spec.step or 1
        if len(flags) > 1:
            # One spec per key position (COPY source/destination, LMOVE, ...).
            return [(f, ("index", first + i * step), ("range", 0, 1, 0)) for i, f in enumerate(flags)]
        lastkey = last if last < 0 else last - first
        return [(flags[0], ("index", first), ("range", lastkey, step, 0))]
    if spec.getkeys is not None:
        return [(flags[0], ("unknown",), ("unknown",))]
    return []


def _spec_reply(ks) -> dict:
    flags, bs, fk, *notes = ks
    fl = flags.split() if isinstance(flags, str) else list(flags)
    fl = sorted(fl, key=lambda f: _KEY_FLAG_ORDER.index(f) if f in _KEY_FLAG_ORDER else 99)
    if bs[0] == "index":
        bsr = {b"type": b"index", b"spec": {b"index": bs[1]}}
    elif bs[0] == "keyword":
        bsr = {b"type": b"keyword", b"spec": {b"keyword": bs[1].encode(), b"startfrom": bs[2]}}
    else:
        bsr = {b"type": b"unknown", b"spec": {}}
    if fk[0] == "range":
        fkr = {b"type": b"range", b"spec": {b"lastkey": fk[1], b"keystep": fk[2], b"limit": fk[3]}}
    elif fk[0] == "keynum":
        fkr = {b"type": b"keynum", b"spec": {b"keynumidx": fk[1], b"firstkey": fk[2], b"keystep": fk[3]}}
    else:
        fkr = {b"type": b"unknown", b"spec": {}}
    out = {b"notes": notes[0].encode()} if notes else {}
    out.update({b"flags": SetReply(Status(f) for f in fl), b"begin_search": bsr, b"find_keys": fkr})
    return out


def info_entry(spec) -> list:
    """One COMMAND INFO entry: the ten fields Redis 7 gives."""
    return [
        spec.name.encode(), spec.arity,
        SetReply(Status(f) for f in command_flags(spec)),
        spec.first_key, spec.last_key, spec.step,
        SetReply(Status("@" + c) for c in acl_categories(spec)),
        [t.encode() for t in spec.tips],
        [_spec_reply(k) for k in key_specs(spec)],
        [info_entry(sub) for sub in spec.subcommands.values()],
    ]


def docs_entry(spec) -> dict:
    d = {}
    if spec.summary:
        d[b"summary"] = spec.summary.encode()
    if spec.since:
        d[b"since"] = spec.since.encode()
    d[b"group"] = spec.group.encode()
    if spec.complexity:
        d[b"complexity"] = spec.complexity.encode()
    if spec.doc_flags:
        d[b"doc_flags"] = SetReply(Status(f) for f in spec.doc_flags)
    if spec.deprecated_since:
        d[b"deprecated_since"] = spec.deprecated_since.encode()
    if spec.replaced_by:
        d[b"replaced_by"] = spec.replaced_by.encode()
    if spec.history:
        d[b"history"] = [[v.encode(), t.encode()] for v, t in spec.history]
    if spec.args:
        d[b"arguments"] = [_enc_doc(a.doc()) for a in spec.args]
    if spec.subcommands:
        d[b"subcommands"] = {sub.name.encode(): docs_entry(sub) for sub in spec.subcommands.values()}
    return d


def _enc_doc(d: dict) -> dict:
    """Arg.doc() gives str keys; the wire wants bulk names and status flags."""
    out = {}
    for k, v in d.items():
        if k == "flags":
            out[b"flags"] = SetReply(Status(f) for f in v)
        elif k == "arguments":
            out[b"arguments"] = [_enc_doc(x) for x in v]
        else:
            out[k.encode()] = v.encode() if isinstance(v, str) else v
    return out


def lookup_full(name) -> registry.CommandSpec | None:
    """A command by its full name, ``get`` or ``config|get``."""
    name = text(name).lower()
    if "|" in name:
        parent, sub = name.split("|", 1)
        p = registry.lookup(parent)
        return p.subcommands.get(sub) if p is not None else None
    return registry.lookup(name)


def _all_specs():
    for spec in registry.COMMANDS.values():
        if spec.fn is None and not spec.subcommands:
            continue
        yield spec


# ----------------------------------------------------------------- COMMAND

@command("COMMAND", arity=-1, flags="loading stale", group="server",
         summary="Describe every command this server knows.",
         complexity="O(N) where N is the total number of Redis commands", since="2.8.13",
         acl="connection", tips="nondeterministic_output_order")
def command_(s, argv):
    if len(argv) > 1:
        raise errors.unknown_subcommand(argv[1], "command")
    return [info_entry(spec) for spec in _all_specs()]


@command("COMMAND|COUNT", arity=2, flags="loading stale", group="server",
         summary="Count the commands this server knows.", complexity="O(1)", since="2.8.13",
         acl="connection")
def command_count(s, argv):
    return sum(1 for _ in _all_specs())


@command("COMMAND|INFO", arity=-2, flags="loading stale", group="server",
         summary="Describe the named commands, or all of them.",
         complexity="O(N) where N is the number of commands to look up", since="2.8.13",
         acl="connection", tips="nondeterministic_output_order",
         history=(("7.0.0", "Allowed to be called with no argument to get info on all commands."),),
         args=(Str("command-name", optional=True, multiple=True),))
def command_info(s, argv):
    if len(argv) == 2:
        return [info_entry(spec) for spec in _all_specs()]
    out = []
    for name in argv[2:]:
        spec = lookup_full(name)
        out.append(info_entry(spec) if spec is not None else None)
    return out


@command("COMMAND|DOCS", arity=-2, flags="loading stale", group="server",
         summary="Give the documentation of the named commands, or of all of them.",
         complexity="O(N) where N is the number of commands to look up", since="7.0.0",
         acl="connection", tips="nondeterministic_output_order",
         args=(Str("command-name", optional=True, multiple=True),))
def command_docs(s, argv):
    if len(argv) == 2:
        return MapReply((spec.name.encode(), docs_entry(spec)) for spec in _all_specs())
    out = MapReply()
    for name in argv[2:]:
        spec = lookup_full(name)
        if spec is not None:   # unknown names are left out, not answered with nil
            out.append((spec.name.encode(), docs_entry(spec)))
    return out


def _matches(pattern: bytes, name: str) -> bool:
    try:
        from ..glob import match
    except ImportError:  # pragma: no cover - until engine/glob.py lands
        import fnmatch
        return fnmatch.fnmatchcase(name.lower(), text(pattern).lower())
    return bool(match(pattern, name.encode(), True))


@command("COMMAND|LIST", arity=-2, flags="loading stale", group="server",
         summary="List the names of all commands, optionally filtered.",
         complexity="O(N) where N is the total number of Redis commands", since="7.0.0",
         acl="connection", tips="nondeterministic_output_order",
         args=(Block("filterby", OneOf("filter", Str("module-name", token="MODULE"),
                                       Str("category", token="ACLCAT"),
                                       registry.Pattern("pattern", token="PATTERN")),
                     token="FILTERBY", optional=True),))
def command_list(s, argv):
    if len(argv) not in (2, 5) or (len(argv) == 5 and upper(argv[2]) != b"FILTERBY"):
        raise RedisError(errors.SYNTAX)
    names = []
    for spec in _all_specs():
        names.append(spec)
        names.extend(spec.subcommands.values())
    if len(argv) == 5:
        kind, value = upper(argv[3]), argv[4]
        if kind == b"MODULE":
            names = [sp for sp in names if "module" in sp.flags and getattr(sp, "module", None) == text(value)]
        elif kind == b"ACLCAT":
            cat = text(value).lower()
            names = [sp for sp in names if cat in acl_categories(sp)]
        elif kind == b"PATTERN":
            names = [sp for sp in names if _matches(value, sp.name)]
        else:
            raise RedisError(errors.SYNTAX)
    return [sp.name.encode() for sp in names]


def _getkeys(argv):
    """Shared by GETKEYS / GETKEYSANDFLAGS: (spec, key indexes into the inner argv)."""
    inner = argv[2:]
    spec = registry.lookup(inner[0])
    if spec is not None and spec.subcommands and len(inner) >= 2:
        spec = registry.lookup_sub(spec, inner[1])
    if spec is None:
        raise errors.err("Invalid command specified")
    specs = key_specs(spec)
    # Specs that all name non-keys (SPUBLISH's shard channel) count as no keys at all.
    if not specs or all("not_key" in (f.split() if isinstance(f, str) else f) for f, *_ in specs):
        raise errors.err("The command has no key arguments")
    n = spec.arity
    if (n > 0 and len(inner) != n) or len(inner) < -n:
        raise errors.err("Invalid number of arguments specified for command")
    idx = [i for i in spec.key_indexes(inner) if 0 < i < len(inner)]
    if spec.keynum is not None:
        # A numkeys larger than the arguments left is a syntax error of the command:
        # Redis then finds no keys at all rather than the ones that are there.
        ni, first, step = spec.keynum
        try:
            count = int(inner[ni])
        except (IndexError, ValueError):
            count = 0
        if count > (len(inner) - first) // (step or 1):
            idx = []
    if not idx and "no_mandatory_keys" not in spec.flags:
        raise errors.err("Invalid arguments specified for command")
    return spec, inner, idx


@command("COMMAND|GETKEYS", arity=-4, flags="loading stale", group="server",
         summary="Extract the key names from a full command line.",
         complexity="O(N) where N is the number of arguments to the command", since="2.8.13",
         acl="connection", args=(Str("command"), Str("arg", optional=True, multiple=True)))
def command_getkeys(s, argv):
    spec, inner, idx = _getkeys(argv)
    return [inner[i] for i in idx]


def _after_keyword(inner, bs) -> int | None:
    word, start = bs[1].encode().lower(), bs[2]
    order = range(start, len(inner) - 1) if start > 0 else range(len(inner) + start, 0, -1)
    for j in order:
        if 1 <= j < len(inner) and inner[j].lower() == word:
            return j + 1
    return None


def _flags_for(spec, inner, i) -> str:
    varying = getattr(spec.fn, "key_flags_for", None)
    if varying is not None:
        return varying(inner)
    specs = key_specs(spec)
    if len(specs) == 1:
        return specs[0][0]
    for flags, bs, fk, *_ in specs:
        if bs[0] == "index" and fk[0] == "range" and fk[1] == 0 and bs[1] == i:
            return flags
    for flags, bs, fk, *_ in specs:
        if bs[0] == "index" and fk[0] == "range":
            last = fk[1] if fk[1] < 0 else bs[1] + fk[1]
            last = last if last >= 0 else len(inner) + last
            if bs[1] <= i <= last:
                return flags
    # A keyword spec naming one key (GEORADIUS's STORE / STOREDIST destination): the
    # word after the first match of the keyword, searched from startfrom as Redis does
    # (forwards from a positive index, backwards from the end for a negative one).
    for flags, bs, fk, *_ in specs:
        if bs[0] == "keyword" and fk[0] == "range" and fk[1] == 0 and _after_keyword(inner, bs) == i:
            return flags
    # A numkeys spec (ZUNIONSTORE's sources after its destination): the keys counted by
    # the argument at begin_search + keynumidx, starting at begin_search + firstkey.
    for flags, bs, fk, *_ in specs:
        if bs[0] == "index" and fk[0] == "keynum" and i >= bs[1] + fk[2]:
            return flags
    # A key no fixed position explains was found by the command's getkeys function
    # (SORT's STORE destination): the last "unknown" spec describes it.
    unknown = [flags for flags, bs, *_ in specs if bs[0] == "unknown"]
    return unknown[-1] if unknown else specs[0][0]


@command("COMMAND|GETKEYSANDFLAGS", arity=-4, flags="loading stale", group="server",
         summary="Extract the key names from a full command line, with how each key is used.",
         complexity="O(N) where N is the number of arguments to the command", since="7.0.0",
         acl="connection", args=(Str("command"), Str("arg", optional=True, multiple=True)))
def command_getkeysandflags(s, argv):
    spec, inner, idx = _getkeys(argv)
    out = []
    for i in idx:
        fl = _flags_for(spec, inner, i).split()
        fl = sorted(fl, key=lambda f: _KEY_FLAG_ORDER.index(f) if f in _KEY_FLAG_ORDER else 99)
        out.append([inner[i], SetReply(Status(f) for f in fl)])
    return out


@command("COMMAND|HELP", arity=2, flags="loading stale", group="server",
         summary="Explain the COMMAND subcommands.", complexity="O(1)", since="5.0.0",
         acl="connection")
def command_help(s, argv):
    return help_reply(
        "COMMAND",
        "(no subcommand)", "    Describe every command of this server.",
        "COUNT", "    Count the commands of this server.",
        "LIST", "    List the names of the commands of this server.",
        "INFO [<command-name> ...]", "    Describe the named commands; all of them when none are named.",
        "DOCS [<command-name> ...]", "    Document the named commands; all of them when none are named.",
        "GETKEYS <full-command>", "    Extract the key names from a full command line.",
        "GETKEYSANDFLAGS <full-command>", "    Extract the key names and how each key is used.",
    )
