"""FCALL / FCALL_RO and FUNCTION LOAD / DELETE / FLUSH / LIST / DUMP / RESTORE / STATS / KILL / HELP.

Imported by commands/scripting.py. Library management is in engine/scripting/functions.py.
"""
from __future__ import annotations

import time

from ... import errors
from ...errors import RedisError
from ..args import to_int, upper
from ..glob import match
from ..registry import Int, Key, OneOf, Str, Token, command, container
from ..replies import OK, SetReply, Status, help_reply
from ..scripting.state import KILLED_MARK, NOTBUSY, scripting
from .scripting import SCRIPT_KEYS, SCRIPT_KEYS_RO, feed_monitors, finish


def _fcall(s, argv, ro: bool):
    feed_monitors(s, argv)
    fns = scripting(s.engine).functions
    name = argv[1]
    if name not in fns.functions:
        raise RedisError("ERR Function not found")
    n = to_int(argv[2], "ERR Bad number of keys provided")
    if n > len(argv) - 3:
        raise RedisError("ERR Number of keys can't be greater than number of args")
    if n < 0:
        raise RedisError("ERR Number of keys can't be negative")
    keys, args = list(argv[3:3 + n]), list(argv[3 + n:])
    return finish(s, argv, fns.call(s, name, keys, args, ro, list(argv)))


_FCALL_ARGS = (Str("function"), Int("numkeys"), Key(optional=True, multiple=True),
               Str("arg", optional=True, multiple=True))


@command("FCALL", arity=-3, flags="noscript skip_monitor may_replicate no_mandatory_keys stale",
         keynum=(2, 3, 1), group="scripting", since="7.0.0",
         summary="Call a function from a loaded library, with keys and arguments.",
         complexity="Depends on the function that is executed.", args=_FCALL_ARGS,
         key_specs=SCRIPT_KEYS)
def fcall(s, argv):
    return _fcall(s, argv, False)


@command("FCALL_RO", arity=-3, flags="noscript skip_monitor no_mandatory_keys stale readonly",
         keynum=(2, 3, 1), group="scripting", since="7.0.0",
         summary="Call a function flagged no-writes; it may only read.",
         complexity="Depends on the function that is executed.", args=_FCALL_ARGS,
         key_specs=SCRIPT_KEYS_RO)
def fcall_ro(s, argv):
    return _fcall(s, argv, True)


container("FUNCTION", group="scripting", since="7.0.0", summary="Manage function libraries.")


@command("FUNCTION|LIST", arity=-2, flags="noscript", group="scripting", since="7.0.0",
         tips="nondeterministic_output_order",
         summary="Describe the loaded libraries and their functions, optionally with their code.",
         complexity="O(N) where N is the number of functions",
         args=(Str("library-name-pattern", token="LIBRARYNAME", optional=True),
               Token("WITHCODE", optional=True)))
def function_list(s, argv):
    pattern, withcode = None, False
    i = 2
    while i < len(argv):
        opt = upper(argv[i])
        if opt == b"WITHCODE" and not withcode:
            withcode = True
        elif opt == b"LIBRARYNAME" and pattern is None:
            if i + 1 >= len(argv):
                raise RedisError("ERR library name argument was not given")
            pattern = argv[i + 1]
            i += 1
        else:
            raise RedisError(errors._oneline("ERR Unknown argument " + errors._clip(argv[i])))
        i += 1
    out = []
    for lib in scripting(s.engine).functions.libraries.values():
        if pattern is not None and not match(pattern, lib.name):
            continue
        entry = {
            b"library_name": lib.name, b"engine": b"LUA",
            b"functions": [{b"name": f.name, b"description": f.description,
                            b"flags": SetReply(Status(x) for x in _ordered(f.flags))}
                           for f in lib.functions.values()],
        }
        if withcode:
            entry[b"library_code"] = lib.code
        out.append(entry)
    return out


def _ordered(flags):
    from ..scripting.functions import FLAG_NAMES

    return [f for f in FLAG_NAMES if f in flags]


@command("FUNCTION|DUMP", arity=2, flags="noscript", group="scripting", since="7.0.0",
         summary="Serialize every library (redislab's own format, for FUNCTION RESTORE).",
         complexity="O(N) where N is the number of functions")
def function_dump(s, argv):
    return scripting(s.engine).functions.dump()


@command("FUNCTION|STATS", arity=2, flags="noscript allow_busy", group="scripting", since="7.0.0",
         tips="nondeterministic_output request_policy:all_shards response_policy:special",
         summary="Show the function running now (if any) and how many libraries and functions exist.",
         complexity="O(1)")
def function_stats(s, argv):
    st = scripting(s.engine)
    fns = st.functions
    run = st.current
    running = None
    if run is not None and run.kind == "function":
        running = {b"name": run.name.encode(), b"command": list(run.argv),
                   b"duration_ms": int((time.monotonic() - run.start) * 1000)}
    return {b"running_script": running,
            b"engines": {b"LUA": {b"libraries_count": len(fns.libraries),
                                  b"functions_count": len(fns.functions)}}}


@command("FUNCTION|KILL", arity=2, flags="noscript allow_busy", group="scripting", since="7.0.0",
         tips="request_policy:all_shards response_policy:one_succeeded",
         summary="Stop the function that is running for too long, if it has not written anything.",
         complexity="O(1)")
def function_kill(s, argv):
    if s.extra.pop(KILLED_MARK, False):
        return OK
    raise RedisError(NOTBUSY)


@command("FUNCTION|FLUSH", arity=-2, flags="write noscript", group="scripting", since="7.0.0",
         tips="request_policy:all_shards response_policy:all_succeeded",
         summary="Remove every library.", complexity="O(N) where N is the number of functions deleted",
         args=(OneOf("flush-type", Token("ASYNC"), Token("SYNC"), optional=True),))
def function_flush(s, argv):
    if len(argv) > 3 or (len(argv) == 3 and upper(argv[2]) not in (b"SYNC", b"ASYNC")):
        raise RedisError("ERR FUNCTION FLUSH only supports SYNC|ASYNC option")
    scripting(s.engine).functions.flush()
    return OK


@command("FUNCTION|DELETE", arity=3, flags="write noscript", group="scripting", since="7.0.0",
         tips="request_policy:all_shards response_policy:all_succeeded",
         summary="Remove a library and all its functions.", complexity="O(1)",
         args=(Str("library-name"),))
def function_delete(s, argv):
    scripting(s.engine).functions.delete(argv[2])
    return OK


@command("FUNCTION|HELP", arity=2, flags="loading stale", group="scripting", since="7.0.0",
         summary="Explain the FUNCTION subcommands.", complexity="O(1)")
def function_help(s, argv):
    return help_reply(
        "FUNCTION",
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Load a library; its code starts with '#!lua name=<library>'. REPLACE overwrites",
        "    a library of the same name.",
        "DELETE <LIBRARY NAME>",
        "    Remove a library and its functions.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Describe libraries (name, engine, functions, and the code with WITHCODE),",
        "    optionally only those whose name matches a glob pattern.",
        "STATS",
        "    Show the running function, if any, and library/function counts per engine.",
        "KILL",
        "    Stop the running function if it has not written to the dataset.",
        "FLUSH [ASYNC|SYNC]",
        "    Remove every library.",
        "DUMP",
        "    Serialize all libraries (redislab's own format) for FUNCTION RESTORE.",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Load libraries from a DUMP payload. APPEND (default) fails on a name clash,",
        "    REPLACE overwrites clashing libraries, FLUSH removes all libraries first.",
    )


@command("FUNCTION|RESTORE", arity=-3, flags="write denyoom noscript", group="scripting", since="7.0.0",
         tips="request_policy:all_shards response_policy:all_succeeded",
         summary="Load libraries from a FUNCTION DUMP payload, appending, replacing or flushing first.",
         complexity="O(N) where N is the number of functions on the payload",
         args=(Str("serialized-value"),
               OneOf("policy", Token("FLUSH"), Token("APPEND"), Token("REPLACE"), optional=True)))
def function_restore(s, argv):
    if len(argv) > 4:
        raise RedisError(errors.SYNTAX)
    policy = "APPEND"
    if len(argv) == 4:
        policy = upper(argv[3]).decode("latin-1")
        if policy not in ("FLUSH", "APPEND", "REPLACE"):
            raise RedisError("ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.")
    scripting(s.engine).functions.restore(argv[2], policy)
    return OK


@command("FUNCTION|LOAD", arity=-3, flags="write denyoom noscript", group="scripting", since="7.0.0",
         tips="request_policy:all_shards response_policy:all_succeeded",
         summary="Load a library of functions from its source (a '#!lua name=<lib>' header, then Lua).",
         complexity="O(1) (considering compilation time is redundant)",
         args=(Token("REPLACE", optional=True), Str("function-code")))
def function_load(s, argv):
    replace = False
    for opt in argv[2:-1]:
        if upper(opt) == b"REPLACE":
            replace = True
        else:
            raise RedisError(errors._oneline("ERR Unknown option given: " + errors._clip(opt)))
    return scripting(s.engine).functions.load(argv[-1], replace)
