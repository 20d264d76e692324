"""Check kinds: what an exercise verifies after the learner's commands ran.

Three families, because "the data is right" is not the whole lesson:

* **state** - the keyspace afterwards (value, contents, score, TTL, encoding...). State
  is read back with ordinary commands on a grader session, so a check sees exactly
  what the learner would see by typing them.
* **reply** - what Redis answered one of the learner's commands, in redis-cli's text.
* **method** - how the learner got there, read from the command log: which commands
  were used, whether a TTL was set atomically, whether writes went out in one MULTI or
  pipeline, how many commands it took.

Every kind has a parser (the YAML shape, validated with line numbers by schema.py)
and a runner returning ``(passed, reason)``, the reason written for a learner.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..cliformat import format_reply
from ..engine import registry
from ..engine.args import format_double
from ..engine.replies import as_resp2
from ..errors import RedisError
from ..repl.tokenize import split_args
from . import variants as V
from .schema import Check, LDict, text_of


# ------------------------------------------------------------ reply text

# What a RESP2 client receives; shared with the lab console and the repl.
resp2 = as_resp2


def cli_text(reply, argv=None) -> str:
    """What redis-cli prints for ``reply``, without the final newline."""
    return format_reply(resp2(reply), argv).rstrip("\n")


def same_cli_text(expected: str, actual: str) -> bool:
    norm = lambda s: "\n".join(line.rstrip() for line in s.strip("\n").splitlines())  # noqa: E731
    return norm(expected) == norm(actual)


# ------------------------------------------------------------ run context

@dataclass
class LogEntry:
    """One command the learner sent, with Redis's reply. ``batch`` numbers the
    pipeline it went out in (None when sent alone); ``text`` is the line as typed."""
    argv: list
    reply: object
    batch: int | None = None
    text: str | None = None

    @property
    def name(self) -> str:
        return self.argv[0].decode("utf-8", "replace").upper() if self.argv else ""

    def shown(self) -> str:
        return self.text or " ".join(a.decode("utf-8", "replace") for a in self.argv)


class Ctx:
    """What a check runs against: a reader on the exercise's db, the log, the values."""

    def __init__(self, read: Callable, log: list, env: dict):
        self.read = read            # read(*args) -> reply, on a grader session in the exercise db
        self.log = log              # [LogEntry]
        self.env = env

    def r(self, value):
        return V.render_value(value, self.env)

    def key(self, params) -> str:
        return V.as_text(self.r(params["key"]))


# ------------------------------------------------------------ registry

@dataclass(frozen=True)
class Kind:
    category: str
    keys: tuple                 # allowed parameter names (plus hint and message)
    required: tuple
    scalar: str | None          # a bare value means {scalar: value}
    run: Callable
    one_of: tuple = ()          # exactly one of these must be given


KINDS: dict[str, Kind] = {}


def kind(name, category, keys=(), required=(), scalar=None, one_of=()):
    def deco(fn):
        KINDS[name] = Kind(category, tuple(keys) + ("hint", "message"), tuple(required), scalar, fn, tuple(one_of))
        return fn
    return deco


def parse_check(raw, line: int) -> tuple[Check | None, list]:
    """One YAML check item -> Check, plus [(line, message)] problems."""
    if not isinstance(raw, dict):
        return None, [(line, f"a check is a mapping such as '- exists: KEY'; known kinds: {', '.join(KINDS)}")]
    names = [k for k in raw if k in KINDS]
    extra = [k for k in raw if k not in KINDS and k not in ("hint", "message")]
    if len(names) != 1:
        what = "no check kind" if not names else f"several check kinds ({', '.join(names)})"
        return None, [(line, f"{what} in this check; use exactly one of: {', '.join(KINDS)}")]
    if extra:
        return None, [(raw.line_of(extra[0]), f"unknown field '{extra[0]}' next to '{names[0]}'"
                                              " (a check may also carry hint and message)")]
    name = names[0]
    k = KINDS[name]
    arg = raw[name]
    msgs = []
    if isinstance(arg, dict):
        params = dict(arg)
        for p in params:
            if p not in k.keys or p in ("hint", "message"):
                msgs.append((arg.line_of(p) if isinstance(arg, LDict) else line,
                             f"'{name}' does not take '{p}' (it takes: {', '.join(x for x in k.keys if x not in ('hint', 'message'))})"))
    elif k.scalar is not None:
        params = {k.scalar: arg}
    else:
        return None, [(line, f"'{name}' needs a mapping with {', '.join(k.required or k.keys[:1])}")]
    for p in k.required:
        if p not in params:
            msgs.append((line, f"'{name}' is missing '{p}'"))
    if k.one_of and sum(p in params for p in k.one_of) != 1:
        msgs.append((line, f"'{name}' needs exactly one of: {', '.join(k.one_of)}"))
    hint = raw.get("hint")
    if hint is not None and (isinstance(hint, bool) or not isinstance(hint, int)):
        msgs.append((line, "hint must be the index of a hint (0 is the first)"))
        hint = None
    msgs += _validate_values(name, params, line)
    chk = Check(name, k.category, params, line, hint, raw.get("message") and text_of(raw.get("message")))
    return (None if msgs else chk), msgs


def _validate_values(name: str, p: dict, line: int) -> list:
    msgs = []
    registry.load_all()     # validation may run before any engine exists
    if name in ("used", "not_used", "used_one_of"):
        for cmd in command_names_in(name, p):
            if registry.lookup(cmd.split()[0]) is None:
                msgs.append((line, f"'{name}' names {cmd}, which is not in the command table"))
    if name == "max_commands":
        v = p.get("count")
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            msgs.append((line, "max_commands needs a positive whole number"))
    if name in ("max_commands", "reply") and p.get("of", "writes") not in ("writes", "all"):
        msgs.append((line, f"{name} 'of' is writes (count commands that change data) or all"))
    if name == "reply" and "n" in p and (isinstance(p["n"], bool) or not isinstance(p["n"], int) or p["n"] == 0):
        msgs.append((line, "reply 'n' is 1 for the first command, -1 for the last"))
    if name == "reply" and not any(x in p for x in ("equals", "matches", "same_as", "length", "distinct")):
        msgs.append((line, "reply needs equals, matches, same_as, length or distinct"))
    if name == "reply" and sum(x in p for x in ("equals", "matches", "same_as")) > 1:
        msgs.append((line, "reply takes only one of equals, matches, same_as"))
    if name == "pipelined_or_multi" and p.get("writes") is not True:
        msgs.append((line, "write 'pipelined_or_multi: true'"))
    if name == "ttl" and not any(x in p for x in ("min", "max", "equals")):
        msgs.append((line, "ttl needs min and/or max (seconds), or equals: -1 for 'no TTL'"))
    if name == "ts" and "rules" in p and (not isinstance(p["rules"], list) or not all(
            isinstance(r, dict) and set(r) == {"into", "bucket", "aggregation"} for r in p["rules"])):
        msgs.append((line, "ts 'rules' is a list of {into, bucket, aggregation}"))
    for field in ("labels", "fields"):
        if name in ("ts", "index") and field in p and not isinstance(p[field], dict):
            msgs.append((line, f"{name} '{field}' is a mapping (name: value)"))
    return msgs


def command_names_in(name: str, params: dict) -> list[str]:
    """Command names a method check mentions (for the checker and validation)."""
    if name not in ("used", "not_used", "used_one_of"):
        return []
    v = params.get("commands")
    items = v if isinstance(v, list) else [v]
    return [text_of(x).upper() for x in items if x is not None]


def texts_in(params) -> list[str]:
    """Every string inside a check's parameters (placeholder validation)."""
    out = []
    stack = [params]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            stack += list(v.keys()) + list(v.values())
        elif isinstance(v, list):
            stack += v
        elif isinstance(v, str):
            out.append(v)
    return out


def run_check(chk: Check, ctx: Ctx) -> tuple[bool, str]:
    try:
        ok, reason = KINDS[chk.kind].run(ctx, chk.params)
    except (V.VarError, ValueError, TypeError, AttributeError) as e:
        # A lesson bug (e.g. a score that is not a number); the checker surfaces it.
        return False, f"this check cannot be evaluated: {e}"
    if not ok and chk.message:
        reason = V.render(chk.message, ctx.env)
    return ok, reason


# ------------------------------------------------------------ state helpers

def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", -1: "last"}.get(n, f"number {n}")


def changes_data(argv) -> bool:
    """Whether a command may change what the server holds: a write by the command
    table, or one Redis replicates (PUBLISH, EVAL, FCALL: their effect reaches others).
    A read-only one is a look even if flagged may-replicate (Redis flags PFCOUNT so)."""
    spec = registry.lookup(argv[0]) if argv else None
    if spec is not None and spec.subcommands and len(argv) > 1:
        spec = registry.lookup_sub(spec, argv[1]) or spec
    return spec is not None and (spec.write or ("may_replicate" in spec.flags and not spec.readonly))


def _s(v) -> str:
    if isinstance(v, (bytes, bytearray)):
        return bytes(v).decode("utf-8", "replace")
    return V.as_text(v)


def _num(x) -> str:
    f = float(x)
    return str(int(f)) if f.is_integer() else format_double(f).decode()


def _typed(ctx: Ctx, p: dict, want: str | None):
    """(key, type) or a failure tuple when the key is missing / of another type."""
    key = ctx.key(p)
    t = str(ctx.read("TYPE", key))
    if t == "none":
        return key, None, (False, f"`{key}` does not exist")
    if want and t != want:
        return key, t, (False, f"`{key}` is a {t}, it should be a {want}")
    return key, t, None


def _shown(v: str) -> str:
    # An empty value printed bare read "should be , it is null".
    return '"" (an empty string)' if v == "" else v


def _show_list(xs) -> str:
    return "[" + ", ".join(xs) + "]"


@kind("exists", "state", keys=("key",), required=("key",), scalar="key")
def _exists(ctx, p):
    key = ctx.key(p)
    ok = ctx.read("EXISTS", key) == 1
    return ok, "" if ok else f"`{key}` should exist, but there is no such key"


@kind("absent", "state", keys=("key",), required=("key",), scalar="key")
def _absent(ctx, p):
    key = ctx.key(p)
    ok = ctx.read("EXISTS", key) == 0
    return ok, "" if ok else f"`{key}` should not exist, but it does"


@kind("type", "state", keys=("key", "is"), required=("key", "is"))
def _type(ctx, p):
    key, t, fail = _typed(ctx, p, None)
    want = _s(ctx.r(p["is"]))
    if fail:
        return fail
    # Core type names are lower case, module ones are not (ReJSON-RL, TSDB-TYPE): compare
    # as Redis's own TYPE filter of SCAN does, ignoring case.
    ok = t.lower() == want.lower()
    return ok, "" if ok else f"`{key}` should be a {want}, it is a {t}"


@kind("value", "state", keys=("key", "equals"), required=("key", "equals"))
def _value(ctx, p):
    key, _, fail = _typed(ctx, p, "string")
    if fail:
        return fail
    want, got = _s(ctx.r(p["equals"])), _s(ctx.read("GET", key))
    return want == got, "" if want == got else f"`{key}` should be {_shown(want)}, it is {_shown(got)}"


@kind("list", "state", keys=("key", "equals", "includes"), required=("key",), one_of=("equals", "includes"))
def _list(ctx, p):
    key, _, fail = _typed(ctx, p, "list")
    if fail:
        return fail
    got = [_s(x) for x in ctx.read("LRANGE", key, "0", "-1")]
    if "equals" in p:
        want = [_s(x) for x in ctx.r(p["equals"])]
        ok = got == want
        return ok, "" if ok else f"`{key}` should hold {_show_list(want)} (head first), it holds {_show_list(got)}"
    missing = [x for x in (_s(y) for y in ctx.r(p["includes"])) if x not in got]
    return not missing, "" if not missing else f"`{key}` should include {_show_list(missing)}"


@kind("set", "state", keys=("key", "equals", "includes"), required=("key",), one_of=("equals", "includes"))
def _set(ctx, p):
    key, _, fail = _typed(ctx, p, "set")
    if fail:
        return fail
    got = {_s(x) for x in ctx.read("SMEMBERS", key)}
    if "equals" in p:
        want = {_s(x) for x in ctx.r(p["equals"])}
        if got == want:
            return True, ""
        parts = []
        if want - got:
            parts.append(f"missing {_show_list(sorted(want - got))}")
        if got - want:
            parts.append(f"should not hold {_show_list(sorted(got - want))}")
        return False, f"`{key}` is not the expected set: " + "; ".join(parts)
    missing = sorted({_s(x) for x in ctx.r(p["includes"])} - got)
    return not missing, "" if not missing else f"`{key}` should include {_show_list(missing)}"


def _pairs(reply) -> list:
    flat = resp2(reply)
    return [(_s(flat[i]), float(flat[i + 1])) for i in range(0, len(flat), 2)]


@kind("zset", "state", keys=("key", "equals", "includes"), required=("key",), one_of=("equals", "includes"))
def _zset(ctx, p):
    key, _, fail = _typed(ctx, p, "zset")
    if fail:
        return fail
    got = _pairs(ctx.read("ZRANGE", key, "0", "-1", "WITHSCORES"))
    want = ctx.r(p.get("equals", p.get("includes")))
    if isinstance(want, list):          # members only, in score order (lowest first)
        members = [m for m, _ in got]
        want = [_s(x) for x in want]
        if "equals" in p:
            ok = members == want
            return ok, "" if ok else f"`{key}` should rank {_show_list(want)} (lowest score first), it ranks {_show_list(members)}"
        missing = [m for m in want if m not in members]
        return not missing, "" if not missing else f"`{key}` should include {_show_list(missing)}"
    scores = dict(got)
    for m, s in want.items():
        m = _s(m)
        if m not in scores:
            return False, f"`{key}` should have member {m}"
        if float(_s(s)) != scores[m]:
            return False, f"the score of {m} in `{key}` should be {_num(_s(s))}, it is {_num(scores[m])}"
    if "equals" in p and len(scores) != len(want):
        extra = sorted(set(scores) - {_s(m) for m in want})
        return False, f"`{key}` should not hold {_show_list(extra)}"
    return True, ""


@kind("hash", "state", keys=("key", "equals", "includes"), required=("key",), one_of=("equals", "includes"))
def _hash(ctx, p):
    key, _, fail = _typed(ctx, p, "hash")
    if fail:
        return fail
    flat = resp2(ctx.read("HGETALL", key))
    got = {_s(flat[i]): _s(flat[i + 1]) for i in range(0, len(flat), 2)}
    want = {_s(k): _s(v) for k, v in ctx.r(p.get("equals", p.get("includes"))).items()}
    for f, v in want.items():
        if f not in got:
            return False, f"`{key}` should have field {f}"
        if got[f] != v:
            return False, f"field {f} of `{key}` should be {v}, it is {got[f]}"
    if "equals" in p and set(got) != set(want):
        return False, f"`{key}` should not have the fields {_show_list(sorted(set(got) - set(want)))}"
    return True, ""


@kind("score", "state", keys=("key", "member", "equals"), required=("key", "member", "equals"))
def _score(ctx, p):
    key, _, fail = _typed(ctx, p, "zset")
    if fail:
        return fail
    member = _s(ctx.r(p["member"]))
    got = ctx.read("ZSCORE", key, member)
    if got is None:
        return False, f"{member} is not a member of `{key}`"
    want = float(_s(ctx.r(p["equals"])))
    ok = float(resp2(got)) == want
    return ok, "" if ok else f"the score of {member} in `{key}` should be {_num(want)}, it is {_num(resp2(got))}"


@kind("stream", "state", keys=("key", "last"), required=("key", "last"))
def _stream(ctx, p):
    key, _, fail = _typed(ctx, p, "stream")
    if fail:
        return fail
    newest = resp2(ctx.read("XREVRANGE", key, "+", "-", "COUNT", "1"))
    if not newest:
        return False, f"`{key}` has no entries"
    flat = newest[0][1]
    got = {_s(flat[i]): _s(flat[i + 1]) for i in range(0, len(flat), 2)}
    want = {_s(k): _s(v) for k, v in ctx.r(p["last"]).items()}
    if got != want:
        shown = " ".join(f"{k} {v}" for k, v in got.items())
        return False, f"the newest entry of `{key}` holds {shown}"
    return True, ""


_LEN = {"string": "STRLEN", "list": "LLEN", "set": "SCARD", "zset": "ZCARD", "hash": "HLEN", "stream": "XLEN"}


@kind("length", "state", keys=("key", "equals", "min", "max"), required=("key",))
def _length(ctx, p):
    key, t, fail = _typed(ctx, p, None)
    if fail:
        return fail
    cmd = _LEN.get(t)
    if cmd is None:
        return False, f"`{key}` is a {t}, which has no length check"
    n = ctx.read(cmd, key)
    return _in_range(ctx, p, n, f"the length of `{key}`", "")


def _in_range(ctx, p, n, what: str, unit: str):
    if "equals" in p:
        want = float(_s(ctx.r(p["equals"])))
        return n == want, "" if n == want else f"{what} should be {_num(want)}{unit}, it is {_num(n)}{unit}"
    lo = float(_s(ctx.r(p["min"]))) if "min" in p else None
    hi = float(_s(ctx.r(p["max"]))) if "max" in p else None
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        rng = f"between {_num(lo)} and {_num(hi)}" if lo is not None and hi is not None else \
            (f"at least {_num(lo)}" if lo is not None else f"at most {_num(hi)}")
        return False, f"{what} should be {rng}{unit}, it is {_num(n)}{unit}"
    return True, ""


@kind("ttl", "state", keys=("key", "min", "max", "equals"), required=("key",))
def _ttl(ctx, p):
    key = ctx.key(p)
    ms = ctx.read("PTTL", key)
    if ms == -2:
        return False, f"`{key}` does not exist"
    if ms == -1:
        if "equals" in p and _s(ctx.r(p["equals"])) == "-1":
            return True, ""
        return False, f"`{key}` has no TTL: it will never expire"
    if "equals" in p and _s(ctx.r(p["equals"])) == "-1":
        return False, f"`{key}` should not expire, but it has a TTL of {_num(ms / 1000)} s"
    return _in_range(ctx, p, ms / 1000, f"the TTL of `{key}`", " s")


@kind("encoding", "state", keys=("key", "is"), required=("key", "is"))
def _encoding(ctx, p):
    key, _, fail = _typed(ctx, p, None)
    if fail:
        return fail
    want, got = _s(ctx.r(p["is"])), _s(ctx.read("OBJECT", "ENCODING", key))
    return want == got, "" if want == got else f"`{key}` should be encoded as {want}, it is {got}"


# ------------------------------------------------------------ reply

@kind("reply", "reply", keys=("equals", "matches", "same_as", "length", "distinct", "n", "command", "of"))
def _reply(ctx, p):
    entries = list(ctx.log)
    writes = p.get("of") == "writes"
    if writes:
        # "Your first command takes the lock" means the first that changes data: a
        # TTL or GET to look first is no fault, and one Redis refused did nothing.
        entries = [e for e in entries if changes_data(e.argv) and not isinstance(e.reply, RedisError)]
    if "command" in p:
        name = _s(ctx.r(p["command"])).upper()
        entries = [e for e in entries if e.name == name]
        if not entries:
            return False, f"you did not run {name}"
        entry, which = entries[-1], f"the reply to your {name}"
    else:
        n = int(p.get("n", -1))
        if not entries or abs(n) > len(entries) or n == 0:
            return False, (f"you made no command that changes data as number {n}" if writes
                           else f"there is no command number {n} in your log")
        entry = entries[n - 1] if n > 0 else entries[n]
        if writes:
            which = f"the reply to your {_ordinal(n)} command that changes data (`{entry.shown()}`)"
        else:
            which = "your last reply" if n == -1 else f"the reply to command {n} (`{entry.shown()}`)"
    got = cli_text(entry.reply, entry.argv)
    if "length" in p or "distinct" in p:
        items = resp2(entry.reply)
        if not isinstance(items, list):
            return False, f"{which} should be a list of values, it was {got!r}"
        if "length" in p and len(items) != int(_s(ctx.r(p["length"]))):
            return False, f"{which} should hold {_s(ctx.r(p['length']))} values, it holds {len(items)}"
        if p.get("distinct") and len(set(map(repr, items))) != len(items):
            return False, f"{which} repeats a value:\n{got}"
    if "same_as" in p:
        # The reply a reference command gives on the same data, read after the learner's
        # commands: right for any variant without the lesson spelling the text out.
        ref = split_args(_s(ctx.r(p["same_as"])))
        want = cli_text(ctx.read(*ref), ref)
        ok = same_cli_text(want, got)
        return ok, "" if ok else f"{which} should be:\n{want}\nbut it was:\n{got}"
    if "equals" in p:
        want = _s(ctx.r(p["equals"]))
        ok = same_cli_text(want, got)
        if ok:
            return True, ""
        if "\n" in want or "\n" in got:      # on lines of their own, as same_as does
            return False, f"{which} should be:\n{want}\nbut it was:\n{got}"
        return False, f"{which} should be {want!r}, it was {got!r}"
    if "matches" in p:
        ok = re.search(_s(ctx.r(p["matches"])), got) is not None
        if ok:
            return True, ""
        # A multi-line reply goes on lines of its own, as redis-cli prints it: a
        # repr showed it with literal \n.
        return False, (f"{which} does not look right:\n{got}" if "\n" in got
                       else f"{which} ({got!r}) does not look right")
    return True, ""


from . import checks_method  # noqa: E402,F401 - registers the method check kinds
from . import checks_stack  # noqa: E402,F401 - registers the Stack modules' check kinds
