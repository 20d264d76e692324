"""The one command table.

Every command - core, module, cluster, lab-only - is declared once, next to its
handler, with ``@command``. The engine's generic checks, COMMAND / COMMAND DOCS /
COMMAND GETKEYS, the consoles' completion, hints and HELP, and the lesson validator
all read this table; nothing else hard-codes command names.

Handlers have the signature ``fn(session, argv) -> reply`` where ``argv[0]`` is the
command name as sent. The argument grammar (``args=``) is documentation for people
and tools (COMMAND DOCS, hints); handlers parse ``argv`` themselves, as Redis does,
so they can give Redis's exact error for each malformed input.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field

# ----------------------------------------------------------- argument grammar


@dataclass(frozen=True)
class Arg:
    name: str
    type: str                      # string integer double key pattern unix-time pure-token oneof block
    token: str | None = None
    optional: bool = False
    multiple: bool = False
    multiple_token: bool = False
    display: str | None = None
    since: str | None = None
    key_spec_index: int | None = None
    args: tuple = ()

    def hint(self) -> str:
        """redis-cli style hint text for this argument."""
        if self.type == "pure-token":
            s = self.token
        elif self.type == "oneof":
            s = "|".join(a.hint() for a in self.args)
        elif self.type == "block":
            s = " ".join(a.hint() for a in self.args)
        else:
            s = self.display or self.name
            if self.token:
                s = f"{self.token} {s}"
        if self.multiple:
            s = f"{s} [{s} ...]"
        if self.optional:
            s = f"[{s}]"
        return s

    def doc(self) -> dict:
        d = {"name": self.name, "type": self.type}
        if self.type == "key" or self.key_spec_index is not None:   # patterns that name keys too
            d["key_spec_index"] = self.key_spec_index or 0
        if self.display or self.type in ("string", "integer", "double", "key", "pattern", "unix-time"):
            d["display_text"] = self.display or self.name
        if self.token:
            d["token"] = self.token
        if self.since:
            d["since"] = self.since
        flags = [f for f, on in (("optional", self.optional), ("multiple", self.multiple),
                                 ("multiple_token", self.multiple_token)) if on]
        if flags:
            d["flags"] = flags
        if self.args:
            d["arguments"] = [a.doc() for a in self.args]
        return d


def Key(name="key", **kw): return Arg(name, "key", **kw)
def Str(name, **kw): return Arg(name, "string", **kw)
def Int(name, **kw): return Arg(name, "integer", **kw)
def Double(name, **kw): return Arg(name, "double", **kw)
def Pattern(name="pattern", **kw): return Arg(name, "pattern", **kw)
def UnixTime(name, **kw): return Arg(name, "unix-time", **kw)
def Token(tok, name=None, **kw): return Arg(name or tok.lower(), "pure-token", token=tok, **kw)
def OneOf(name, *alts, **kw): return Arg(name, "oneof", args=tuple(alts), **kw)
def Block(name, *parts, **kw): return Arg(name, "block", args=tuple(parts), **kw)


# ------------------------------------------------------------------ the table

# Group -> the ACL category Redis gives every command of that group.
GROUP_CATEGORY = {
    "string": "string", "generic": "keyspace", "list": "list", "set": "set",
    "sorted-set": "sortedset", "hash": "hash", "pubsub": "pubsub",
    "transactions": "transaction", "connection": "connection", "scripting": "scripting",
    "hyperloglog": "hyperloglog", "geo": "geo", "stream": "stream", "bitmap": "bitmap",
    "server": None, "cluster": None, "module": None,
}

# Flags that may run while a RESP2 client is in subscribed mode.
_PUBSUB_CONTEXT = {"subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe",
                   "sunsubscribe", "ping", "quit", "reset"}


@dataclass(slots=True, eq=False)
class CommandSpec:
    name: str                       # lower case; subcommands are "parent|sub"
    fn: object
    arity: int
    flags: frozenset
    first_key: int = 0
    last_key: int = 0
    step: int = 0
    keynum: tuple | None = None     # (numkeys index, first key index, step) for movable keys
    getkeys: object = None          # fn(argv) -> [indexes] for irregular key positions
    group: str = "generic"
    summary: str = ""
    complexity: str = ""
    since: str = "1.0.0"
    args: tuple = ()
    acl: tuple = ()                 # extra ACL categories; "-<category>" drops the group's own
    doc_flags: tuple = ()
    deprecated_since: str | None = None
    replaced_by: str | None = None
    tips: tuple = ()
    history: tuple = ()
    key_flags: tuple = ()           # key-spec flags, e.g. ("RO access",) or one entry per key position
    key_specs: tuple = ()           # explicit key specs (flags, begin_search, find_keys); see introspection
    subcommands: dict = field(default_factory=dict)
    parent: "CommandSpec | None" = None
    # derived, for the hot path
    write: bool = False
    readonly: bool = False
    denyoom: bool = False
    blocking: bool = False
    noscript: bool = False
    pubsub_ok: bool = False
    long_running: bool = False      # may hold the engine for long (scripts, DEBUG): servers run it off their loop
    batch_safe: bool = False        # a data command Engine.execute_batch may run (set by load_all)
    # Its key lookups count as INFO keyspace hits/misses (and a miss fires "keymiss"):
    # read-only commands, and the writes that read their source with lookupKeyRead.
    reads: bool = False
    # fn(session, cmds, i, replies) -> j: do cmds[i:j], a run of this command in its
    # plain form, in one loop (commands/strings_bulk.py); j == i to decline.
    bulk: object = None
    # Index into each engine's command statistics (Engine.cmd_stats): the table is
    # shared by every engine in the process, the counts are not.
    sid: int = field(default_factory=lambda: _next_sid())
    module: str | None = None       # the Stack module that declared it (COMMAND LIST FILTERBY MODULE)

    @property
    def fullname(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.name.replace("|", " ").upper()

    def categories(self) -> list[str]:
        cats = []
        f = self.flags
        if "write" in f:
            cats.append("write")
        if "readonly" in f and "admin" not in f:
            cats.append("read")
        if "admin" in f:
            cats += ["admin", "dangerous"]
        if "pubsub" in f and self.group != "pubsub":
            cats.append("pubsub")
        if "fast" in f:
            cats.append("fast")
        if "blocking" in f:
            cats.append("blocking")
        g = GROUP_CATEGORY.get(self.group)
        if g and "-" + g not in self.acl:       # acl="-keyspace": not in its group's category
            cats.append(g)
        for c in self.acl:
            if c not in cats and c[0] != "-":
                cats.append(c)
        if "fast" not in f and "slow" not in cats:
            cats.append("slow")
        return cats

    def key_indexes(self, argv) -> list[int]:
        """Positions of key arguments in ``argv`` (COMMAND GETKEYS, cluster, ACL)."""
        if self.getkeys is not None:
            return list(self.getkeys(argv))
        if self.keynum is not None:
            ni, first, step = self.keynum
            try:
                n = int(argv[ni])
            except (IndexError, ValueError):
                return []
            return list(range(first, first + n * step, step))[: max(0, len(argv) - first)]
        if not self.first_key:
            return []
        last = self.last_key if self.last_key >= 0 else len(argv) + self.last_key
        return list(range(self.first_key, min(last, len(argv) - 1) + 1, self.step or 1))

    def hint(self) -> str:
        return " ".join(a.hint() for a in self.args)


# Commands that may hold the engine for long (a script, DEBUG SLEEP): the RESP server
# runs them on a worker thread so its loop keeps answering (BUSY, SCRIPT KILL).
# Groups whose commands only read and write data: none of them changes a session's
# state (MULTI, AUTH, subscriptions, CLIENT REPLY, QUIT) or installs gates or monitors,
# which is what lets Engine.execute_batch run them back to back.
_DATA_GROUPS = frozenset({"string", "list", "hash", "set", "sorted-set", "bitmap", "hyperloglog",
                          "geo", "stream", "generic"})
# (MIGRATE waits for another server: off the event loop, which may be serving that server.)
LONG_RUNNING = frozenset({"eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro", "debug", "migrate"})

COMMANDS: dict[str, CommandSpec] = {}
_sids = [0]


def _next_sid() -> int:
    _sids[0] += 1
    return _sids[0] - 1


def spec_count() -> int:
    """How many specs were ever made: the size of an engine's per-command stats."""
    return _sids[0]


_BY_BYTES: dict[bytes, CommandSpec] = {}
_BATCH: dict[bytes, CommandSpec] = {}       # the batch-safe subset of _BY_BYTES (load_all)


def command(name: str, *, arity: int, flags: str = "", keys: tuple = (0, 0, 0),
            keynum: tuple | None = None, getkeys=None, group: str = "generic",
            summary: str = "", complexity: str = "O(1)", since: str = "1.0.0",
            args: tuple = (), acl: str = "", doc_flags: str = "", deprecated_since=None,
            replaced_by=None, tips: str = "", history: tuple = (),
            key_flags=(), key_specs: tuple = ()):
    """Declare a command (or ``PARENT|SUB`` subcommand) next to its handler."""

    def deco(fn):
        fl = frozenset(flags.split())
        if keynum is not None or getkeys is not None:
            fl = fl | {"movablekeys"}
        spec = CommandSpec(
            name=name.lower(), fn=fn, arity=arity, flags=fl,
            first_key=keys[0], last_key=keys[1], step=keys[2], keynum=keynum, getkeys=getkeys,
            group=group, summary=summary, complexity=complexity, since=since, args=args,
            acl=tuple(acl.split()), doc_flags=tuple(doc_flags.split()),
            deprecated_since=deprecated_since, replaced_by=replaced_by,
            tips=tuple(tips.split()), history=history,
            key_flags=(key_flags,) if isinstance(key_flags, str) else tuple(key_flags),
            key_specs=tuple(key_specs),
            write="write" in fl, readonly="readonly" in fl, denyoom="denyoom" in fl,
            blocking="blocking" in fl, noscript="noscript" in fl,
            long_running=name.lower() in LONG_RUNNING,
        )
        if "|" in spec.name:
            parent_name, sub = spec.name.split("|", 1)
            parent = COMMANDS.get(parent_name)
            if parent is None:
                parent = _container(parent_name, group)
            spec.parent = parent
            parent.subcommands[sub] = spec
        else:
            old = COMMANDS.get(spec.name)
            if old is not None:
                spec.subcommands = old.subcommands
            spec.pubsub_ok = spec.name in _PUBSUB_CONTEXT
            COMMANDS[spec.name] = spec
            _BY_BYTES[spec.name.encode()] = spec
            _BY_BYTES[spec.name.upper().encode()] = spec
        fn.spec = spec
        return fn

    return deco


def varying_key_flags(flags_for):
    """For a handler whose key spec says ``variable_flags`` (SET, BITFIELD): the flags
    its key really has depend on the arguments, and ``flags_for(argv)`` gives them, for
    COMMAND GETKEYSANDFLAGS and ACL key checks. Goes under ``@command``."""

    def deco(fn):
        fn.key_flags_for = flags_for
        return fn

    return deco


def _container(name: str, group: str) -> CommandSpec:
    """A parent command such as CONFIG, whose work is done by its subcommands."""
    spec = CommandSpec(name=name, fn=None, arity=-2, flags=frozenset(), group=group)
    COMMANDS[name] = spec
    _BY_BYTES[name.encode()] = spec
    _BY_BYTES[name.upper().encode()] = spec
    return spec


def container(name: str, *, group: str, summary: str, since: str, complexity: str = "Depends on subcommand."):
    """Describe a container command (docs only; its subcommands register themselves)."""
    spec = COMMANDS.get(name.lower()) or _container(name.lower(), group)
    spec.group, spec.summary, spec.since, spec.complexity = group, summary, since, complexity
    return spec


def lookup(name) -> CommandSpec | None:
    """The spec for a command name given as bytes or str, in any letter case."""
    if isinstance(name, str):
        name = name.encode()
    spec = _BY_BYTES.get(name)
    if spec is None:
        try:
            spec = _BY_BYTES.get(bytes(name).lower())
        except TypeError:
            return None
    return spec


def all_specs():
    """Every command and subcommand spec."""
    for spec in COMMANDS.values():
        yield spec
        yield from spec.subcommands.values()


def lookup_sub(spec: CommandSpec, sub) -> CommandSpec | None:
    if isinstance(sub, (bytes, bytearray, memoryview)):
        sub = bytes(sub).decode("utf-8", "replace")
    return spec.subcommands.get(sub.lower())


# Write commands whose source keys Redis looks up as reads (INFO keyspace_hits /
# keyspace_misses count them): checked against redis-server in
# tests/compat/test_keyspace_stats_compat.py.
_WRITES_THAT_READ = frozenset({
    "getdel", "getex", "getset", "sort", "copy", "sunionstore", "sinterstore", "sdiffstore",
    "zunionstore", "zinterstore", "zdiffstore", "zrangestore", "georadius", "georadiusbymember",
    "geosearchstore", "bitop", "pfmerge",
})


_MODULES = (
    "connection", "server", "generic", "strings", "strings_bulk", "transactions", "introspection",
    "bitmaps", "lists", "hashes", "sets", "zsets", "sort", "hyperloglog", "geo", "streams",
    "pubsub", "scripting", "acl", "cluster_cmds", "cluster_admin", "memory_cmds",
    "tracking_cmds", "latency_cmds",
)
_loaded = False


def load_all() -> dict[str, CommandSpec]:
    """Import every command module so the table is complete. Missing modules are
    skipped: the table is exactly what is implemented, never a promise."""
    global _loaded
    if not _loaded:
        for mod in _MODULES:
            try:
                importlib.import_module(f"redislab.engine.commands.{mod}")
            except ModuleNotFoundError as e:
                if e.name != f"redislab.engine.commands.{mod}":
                    raise
        for mod in ("redislab.modules",):
            try:
                importlib.import_module(mod).register()
            except (ModuleNotFoundError, AttributeError):
                pass
        for spec in COMMANDS.values():
            spec.batch_safe = (spec.group in _DATA_GROUPS and not spec.subcommands
                               and not spec.blocking and not spec.long_running)
            spec.reads = spec.readonly or spec.name in _WRITES_THAT_READ
            for sub in spec.subcommands.values():
                sub.reads = sub.readonly
        _BATCH.update((k, sp) for k, sp in _BY_BYTES.items() if sp.batch_safe)
        _loaded = True
    return COMMANDS
