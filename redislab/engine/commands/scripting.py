"""EVAL / EVALSHA / EVAL_RO / EVALSHA_RO and SCRIPT LOAD / EXISTS / FLUSH / KILL / DEBUG / HELP.

Scripts run inside this handler, i.e. under the engine lock, so a script is as
atomic as any single command. The Lua side (sandbox, redis.call, conversions)
is in engine/scripting/; FUNCTION and FCALL are in functions_cmds.py, imported
at the bottom so ``registry.load_all()`` finds them through this module.
"""
from __future__ import annotations

from ...errors import RedisError
from ..args import to_int, upper
from .. import registry
from ..registry import Int, Key, OneOf, Str, Token, command, container
from ..replies import OK, help_reply
from ..scripting.convert import CountedError
from ..scripting.runtime import Run
from ..scripting.state import KILLED_MARK, NOTBUSY, scripting

NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL."


def split_keys(argv, at: int = 2):
    """KEYS and ARGV from ``argv[at]`` (numkeys) on, with Redis's numkeys errors."""
    n = to_int(argv[at])
    rest = len(argv) - at - 1
    if n > rest:
        raise RedisError("ERR Number of keys can't be greater than number of args")
    if n < 0:
        raise RedisError("ERR Number of keys can't be negative")
    return list(argv[at + 1:at + 1 + n]), list(argv[at + 1 + n:])


def feed_monitors(s, argv) -> None:
    """EVAL/FCALL carry skip_monitor (so Engine.execute leaves them out), yet MONITOR
    shows them, ahead of the commands the script runs; do that here."""
    engine = s.engine
    if engine.monitors:
        engine._feed_monitors(s, argv)


def _eval(s, argv, by_sha: bool, ro: bool):
    feed_monitors(s, argv)
    st = scripting(s.engine)
    keys, args = split_keys(argv)
    if by_sha:
        sha = argv[1].decode("latin-1").lower()
        script = st.scripts.get(sha)
        if script is None:
            raise RedisError(NOSCRIPT)
        st.touch(sha)
    else:
        sha, script = st.load(argv[1], by_eval=True)
    readonly = ro or (script.flags is not None and "no-writes" in script.flags)
    return finish(s, argv, st.vm.run(s, script.fn, keys, args, Run("eval", sha, readonly, bool(script.flags and "allow-oom" in script.flags))))


def finish(s, argv, reply):
    """A script's error reply counts as a failed call; it goes into the error stats
    unless the command that produced it inside the script already put it there."""
    if isinstance(reply, CountedError):
        spec = registry.lookup(argv[0])
        if spec is not None:
            s.engine.cmd_stats[spec.sid].failed += 1
        return RedisError(reply.message)
    if isinstance(reply, RedisError):
        raise reply
    return reply


# EVAL / FCALL and their _RO forms: keys are named, but what the script does with
# them is unknown until it runs.
SCRIPT_KEYS = (("RW access update", ("index", 2), ("keynum", 0, 1, 1),
                "the script may do anything with its keys: RW and UPDATE are assumed"),)
SCRIPT_KEYS_RO = (("RO access", ("index", 2), ("keynum", 0, 1, 1),
                   "a read-only script may at most read its keys: RO and ACCESS are assumed"),)
_EVAL_ARGS = (Str("script"), Int("numkeys"), Key(optional=True, multiple=True),
              Str("arg", optional=True, multiple=True))
_SHA_ARGS = (Str("sha1"),) + _EVAL_ARGS[1:]


@command("EVAL", arity=-3, flags="noscript skip_monitor may_replicate no_mandatory_keys stale",
         keynum=(2, 3, 1), group="scripting", since="2.6.0",
         summary="Run a Lua script on the server, atomically, with the given keys and arguments.",
         complexity="Depends on the script that is executed.", args=_EVAL_ARGS,
         key_specs=SCRIPT_KEYS)
def eval_(s, argv):
    return _eval(s, argv, False, False)


@command("EVALSHA", arity=-3, flags="noscript skip_monitor may_replicate no_mandatory_keys stale",
         keynum=(2, 3, 1), group="scripting", since="2.6.0",
         summary="Run a script already in the script cache, named by its SHA1 digest.",
         complexity="Depends on the script that is executed.", args=_SHA_ARGS)
def evalsha(s, argv):
    return _eval(s, argv, True, False)


@command("EVAL_RO", arity=-3, flags="noscript skip_monitor no_mandatory_keys stale readonly",
         keynum=(2, 3, 1), group="scripting", since="7.0.0",
         summary="Like EVAL, but the script may only read: write commands inside it fail.",
         complexity="Depends on the script that is executed.", args=_EVAL_ARGS,
         key_specs=SCRIPT_KEYS_RO)
def eval_ro(s, argv):
    return _eval(s, argv, False, True)


@command("EVALSHA_RO", arity=-3, flags="noscript skip_monitor no_mandatory_keys stale readonly",
         keynum=(2, 3, 1), group="scripting", since="7.0.0", key_flags="RO access",
         summary="Like EVALSHA, but the cached script may only read.",
         complexity="Depends on the script that is executed.", args=_SHA_ARGS)
def evalsha_ro(s, argv):
    return _eval(s, argv, True, True)


# ------------------------------------------------------------------ SCRIPT

container("SCRIPT", group="scripting", since="2.6.0", summary="Manage the server's Lua script cache.")


@command("SCRIPT|FLUSH", arity=-2, flags="noscript", group="scripting", since="2.6.0",
         tips="request_policy:all_nodes response_policy:all_succeeded",
         summary="Empty the script cache (and start over with a fresh Lua interpreter).",
         complexity="O(N) with N being the number of scripts in cache",
         args=(OneOf("flush-type", Token("ASYNC", since="6.2.0"), Token("SYNC", since="6.2.0"),
                     optional=True),),
         history=(("6.2.0", "Added the `ASYNC` and `SYNC` flushing mode modifiers."),))
def script_flush(s, argv):
    if len(argv) > 3 or (len(argv) == 3 and upper(argv[2]) not in (b"SYNC", b"ASYNC")):
        raise RedisError("ERR SCRIPT FLUSH only support SYNC|ASYNC option")
    scripting(s.engine).flush()
    return OK


@command("SCRIPT|DEBUG", arity=3, flags="noscript", group="scripting", since="3.2.0",
         summary="Choose the Lua debugger mode for this connection's next scripts (only NO here).",
         complexity="O(1)", args=(OneOf("mode", Token("YES"), Token("SYNC"), Token("NO")),))
def script_debug(s, argv):
    mode = upper(argv[2])
    if mode == b"NO":
        return OK
    if mode in (b"YES", b"SYNC"):
        # The step debugger needs redis-cli --ldb's interactive protocol; not in redislab.
        raise RedisError("ERR SCRIPT DEBUG YES/SYNC is not supported by redislab")
    raise RedisError("ERR Use SCRIPT DEBUG YES/SYNC/NO")


@command("SCRIPT|EXISTS", arity=-3, flags="noscript", group="scripting", since="2.6.0",
         tips="request_policy:all_shards response_policy:agg_logical_and",
         summary="Tell, for each SHA1 given, whether that script is in the cache (1) or not (0).",
         complexity="O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).",
         args=(Str("sha1", multiple=True),))
def script_exists(s, argv):
    scripts = scripting(s.engine).scripts
    return [1 if a.decode("latin-1").lower() in scripts else 0 for a in argv[2:]]


@command("SCRIPT|KILL", arity=2, flags="noscript allow_busy", group="scripting", since="2.6.0",
         tips="request_policy:all_shards response_policy:one_succeeded",
         summary="Stop the script that is running for too long, if it has not written anything yet.",
         complexity="O(1)")
def script_kill(s, argv):
    # The kill itself happened in the busy gate (without the engine lock, which the
    # running script holds); here we only report it.
    if s.extra.pop(KILLED_MARK, False):
        return OK
    raise RedisError(NOTBUSY)


@command("SCRIPT|HELP", arity=2, flags="loading stale", group="scripting", since="5.0.0",
         summary="Explain the SCRIPT subcommands.", complexity="O(1)")
def script_help(s, argv):
    return help_reply(
        "SCRIPT",
        "EXISTS <sha1> [<sha1> ...]",
        "    Tell for each SHA1 whether the script cache holds that script (1) or not (0).",
        "FLUSH [ASYNC|SYNC]",
        "    Empty the script cache and reset the Lua interpreter.",
        "KILL",
        "    Stop the running script if it has not written to the dataset yet.",
        "LOAD <script>",
        "    Put a script in the cache without running it; answers its SHA1 digest.",
    )


@command("SCRIPT|LOAD", arity=3, flags="noscript stale", group="scripting", since="2.6.0",
         tips="request_policy:all_nodes response_policy:all_succeeded",
         summary="Compile a script and keep it in the cache without running it; returns its SHA1.",
         complexity="O(N) with N being the length in bytes of the script body.", args=(Str("script"),))
def script_load(s, argv):
    sha, _ = scripting(s.engine).load(argv[2])
    return sha.encode()


from . import functions_cmds  # noqa: E402,F401  (FUNCTION and FCALL register themselves)
