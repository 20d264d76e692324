"""Method checks: how the learner got there, read from the command log (which
commands were used, whether a TTL was set atomically, whether writes went out in one
MULTI or pipeline, how many commands it took)."""
from __future__ import annotations

from ..engine import registry
from ..errors import RedisError
from .checks import LogEntry, _s, changes_data, command_names_in, kind


# ------------------------------------------------------------ method

def _matches(entry: LogEntry, name: str) -> bool:
    """``"CONFIG SET"`` names a subcommand; ``"ZADD INCR"`` (a command without
    subcommands) names the command given that option anywhere after its key, so
    an exercise can accept ZADD ... INCR as the server-side add it is."""
    parts = name.split()
    if entry.name != parts[0]:
        return False
    if len(parts) == 1:
        return True
    spec = registry.lookup(parts[0])
    if spec is not None and spec.subcommands:
        return len(entry.argv) > 1 and _s(entry.argv[1]).upper() == parts[1]
    return any(_s(a).upper() == parts[1] for a in entry.argv[2:])


@kind("used", "method", keys=("commands",), required=("commands",), scalar="commands")
def _used(ctx, p):
    missing = [n for n in command_names_in("used", p) if not any(_matches(e, n) for e in ctx.log)]
    return not missing, "" if not missing else f"this exercise is about {' and '.join(missing)}: use it"


@kind("not_used", "method", keys=("commands",), required=("commands",), scalar="commands")
def _not_used(ctx, p):
    for n in command_names_in("not_used", p):
        for e in ctx.log:
            if _matches(e, n):
                return False, f"solve it without {n} (you ran `{e.shown()}`)"
    return True, ""


@kind("used_one_of", "method", keys=("commands",), required=("commands",), scalar="commands")
def _used_one_of(ctx, p):
    names = command_names_in("used_one_of", p)
    ok = any(_matches(e, n) for e in ctx.log for n in names)
    return ok, "" if ok else f"use one of {', '.join(names)} for this"


# "In one command" is about the work, not about looking: a learner who reads ZSCORE
# before the ZINCRBY did the task in one command. So where the exercise changes data
# (`of: writes`, set by the schema from the solution) only commands that change data
# count, and one Redis refused changed nothing. Where the task is itself a read
# (`of: all`), every command counts: there the extra reads are the thing to avoid.
@kind("max_commands", "method", keys=("count", "of"), required=("count",), scalar="count")
def _max_commands(ctx, p):
    limit = int(p["count"])
    if p.get("of") == "writes":
        done = [e for e in ctx.log if changes_data(e.argv) and not isinstance(e.reply, RedisError)]
        if len(done) <= limit:
            return True, ""
        shown = ", ".join(f"`{e.shown()}`" for e in done[:4]) + (", ..." if len(done) > 4 else "")
        return False, (f"it can be done with {limit} command{'s' * (limit != 1)} that change{'s' * (limit == 1)} "
                       f"data; you made {len(done)}: {shown} (commands that only read, to look first, "
                       "are not counted)")
    n = len(ctx.log)
    return n <= limit, "" if n <= limit else f"it can be done in {limit} command{'s' * (limit != 1)}; you used {n}"


# "Take the lock, then rebuild": the order is the lesson, and the end state cannot
# show it (the lock is gone by then). So the first command that changed data must
# write this key, with these options (NX: a lock taken without it overwrites another
# worker's). Reads to look first do not count, nor commands Redis refused.
@kind("first_write", "method", keys=("key", "options"), required=("key",), scalar="key")
def _first_write(ctx, p):
    key = ctx.key(p)
    done = [e for e in ctx.log if changes_data(e.argv) and not isinstance(e.reply, RedisError)]
    if not done:
        return False, f"you changed nothing; the first change should be to `{key}`"
    first = done[0]
    if _first_key(first) != key:
        return False, f"your first change was `{first.shown()}`; it should be to `{key}`, before anything else"
    words = {_s(a).upper() for a in first.argv[1:]}
    missing = [o for o in (_s(x).upper() for x in ctx.r(p.get("options") or [])) if o not in words]
    if missing:
        return False, f"`{first.shown()}` has no {' or '.join(missing)}: the first change to `{key}` needs it"
    return True, ""


_ATOMIC_TTL = {"SETEX", "PSETEX"}
_SET_TTL_TOKENS = {b"EX", b"PX", b"EXAT", b"PXAT"}
_LATE_TTL = {"EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT", "GETEX"}
# A script runs as one step: a TTL it sets comes with its write, whatever the order
# of the calls inside. It counts for the keys it declares (which it must, for Cluster).
_SCRIPTS = {"EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO"}


def _keys(entry: LogEntry) -> list[str]:
    spec = registry.lookup(entry.argv[0])
    return [_s(entry.argv[i]) for i in (spec.key_indexes(entry.argv) if spec else [])]


def _first_key(entry: LogEntry):
    keys = _keys(entry)
    return keys[0] if keys else None


def groups(log: list) -> list:
    """Per entry: ("multi", n) inside an executed MULTI, ("batch", n) in a pipeline, or None."""
    out, multi, n = [], None, 0
    for e in log:
        name = e.name
        if name == "MULTI" and not isinstance(e.reply, RedisError):
            n += 1
            multi = n
            out.append(("multi", n))
            continue
        if name in ("EXEC", "DISCARD") and multi is not None:
            out.append(("multi", multi))
            multi = None
            continue
        if multi is not None:
            out.append(("multi", multi))
        elif e.batch is not None:
            out.append(("batch", e.batch))
        else:
            out.append(None)
    return out


@kind("atomic_ttl", "method", keys=("key", "allow_multi"), required=("key",), scalar="key")
def _atomic_ttl(ctx, p):
    key = ctx.key(p)
    grp = groups(ctx.log)
    last = None
    for i, e in enumerate(ctx.log):
        if isinstance(e.reply, RedisError):
            continue
        if e.name in _SCRIPTS and key in _keys(e):
            last = (i, True)
            continue
        if _first_key(e) != key:
            continue
        if e.name in _ATOMIC_TTL or (e.name == "SET" and any(a.upper() in _SET_TTL_TOKENS for a in e.argv[3:])):
            last = (i, True)
        elif e.name in _LATE_TTL:
            last = (i, False)
    if last is None:
        return False, f"no command set a TTL on `{key}`"
    i, atomic = last
    if atomic:
        return True, ""
    in_multi = bool(grp[i]) and grp[i][0] == "multi"
    if p.get("allow_multi") and in_multi:
        return True, ""
    late = ctx.log[i].shown()
    if in_multi:
        # Inside MULTI ... EXEC nobody sees the key without its TTL, so the crash
        # story below would be untrue; the point left is that one command does it.
        return False, (f"`{late}` inside MULTI ... EXEC is safe, but this needs no transaction: "
                       "set the value and the TTL in one command")
    # Where a transaction is allowed, the value's command often has no TTL option
    # (INCR, HSET): "one command" would send the learner looking for one.
    fix = ("wrap both commands in one MULTI ... EXEC" if p.get("allow_multi")
           else "set the value and the TTL in one command")
    return False, (f"`{late}` set the TTL in a second command, so for a moment `{key}` "
                   f"existed without one (and would live forever if the client died in between): {fix}")


@kind("pipelined_or_multi", "method", keys=("writes",), scalar="writes")
def _pipelined(ctx, p):
    grp = groups(ctx.log)
    writes = []
    for e, g in zip(ctx.log, grp):
        spec = registry.lookup(e.argv[0]) if e.argv else None
        if spec is not None and spec.write:
            writes.append((e, g))
    if not writes:
        return False, "you made no writes"
    alone = [e for e, g in writes if g is None]
    if alone:
        return False, (f"`{alone[0].shown()}` went to the server on its own: send the writes in one "
                       "MULTI ... EXEC, or as one pipeline, so they cost one round trip")
    if len({g for _, g in writes}) > 1:
        return False, f"the writes went out in {len({g for _, g in writes})} separate batches; one is enough"
    return True, ""
