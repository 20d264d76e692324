"""One Lua 5.1 state (lupa) with Redis's sandbox and its ``redis.*`` API.

Safety first: lupa can bridge Lua to Python, so the runtime is created without
``python.eval`` or builtins, every Python attribute access from Lua is refused,
and the ``python`` global is dropped. The only Python objects Lua can reach are
the API callables (``redis.call``, ``bit.band``, ...), which take and return
plain Lua values. The sandbox itself is Lua code in sandbox.py.

``redis.call`` runs commands through ``Engine.call`` on a dedicated "lua"
session (never listed by CLIENT LIST): the caller already holds the engine lock,
so a whole script is atomic. The session starts each run on the caller's
database, so a SELECT inside the script does not leak out (Redis 7 behaviour).
"""
from __future__ import annotations

import hashlib
import threading
import time

from lupa import lua51

from ...errors import RedisError
from .. import registry
from ..info import REDIS_VERSION
from ..session import Session
from . import convert, libs
from .api import Helpers, LuaRaise
from .sandbox import BOOT, GLUE

# Count hook period in VM instructions (Redis uses the same order of magnitude):
# often enough to notice a runaway script within milliseconds, rare enough to be free.
HOOK_EVERY = 100_000
LOAD_TIMEOUT_MS = 500       # how long FUNCTION LOAD lets a library body run
# Redis puts no cap on Lua memory; a lab sharing the learner's machine does, so that
# string.rep('x', 2^40) fails the script ("not enough memory") instead of the host.
LUA_MAX_MEMORY = 1 << 30

_ACL_DENIED = {
    "command": "ERR The user executing the script can't run this command or subcommand",
    "key": "ERR The user executing the script can't access at least one of the keys mentioned "
           "in the command arguments",
    "channel": "ERR The user executing the script can't publish to the channel mentioned in the command",
}

VERSION_NUM = sum(int(p) << (8 * (2 - i)) for i, p in enumerate(REDIS_VERSION.split(".")))


def _no_attributes(obj, name, is_setting):
    raise AttributeError("not accessible from Lua")


def engine_over_limit(engine) -> bool:
    """Cheap pre-test: only an engine with maxmemory set can refuse a write for OOM."""
    return bool(engine.config.values["maxmemory"])


class Run:
    """One script execution: what the busy gate and SCRIPT/FUNCTION KILL look at."""

    __slots__ = ("kind", "name", "start", "busy", "killed", "wrote", "thread", "readonly", "argv",
                 "allow_oom")

    def __init__(self, kind: str, name: str, readonly: bool, allow_oom: bool = False):
        self.kind = kind                  # "eval", "function", or "load" (FUNCTION LOAD)
        self.name = name                  # sha for EVAL, function name for FCALL
        self.start = time.monotonic()
        self.busy = False
        self.killed = False
        self.wrote = False
        self.thread = threading.get_ident()
        self.readonly = readonly
        self.argv = ()                    # the command that started it (FUNCTION STATS)
        self.allow_oom = allow_oom        # the allow-oom flag: writes go on over maxmemory


class LuaVM:
    """A sandboxed Lua state bound to one engine. ``kind`` is "eval" (globals KEYS
    and ARGV) or "function" (FCALL passes keys and args as parameters)."""

    def __init__(self, engine, state, kind: str = "eval"):
        self.engine = engine
        self.state = state                # the Scripting extension (current run, kill flags)
        self.kind = kind
        self.lua = lua51.LuaRuntime(encoding=None, register_eval=False, register_builtins=False,
                                    unpack_returned_tuples=True, attribute_filter=_no_attributes,
                                    max_memory=LUA_MAX_MEMORY)
        self.lua.globals().python = None
        # Redis's script client has no socket: it shows as "?:0" (e.g. in SLOWLOG).
        self.session = Session(engine, "lua", addr="?:0")
        self.session.in_script = True
        self.session.no_block = True
        self.resp = 2
        self.run_info: Run | None = None
        h = self.helpers = Helpers(self)
        t = self.lua.table_from
        redis = {
            b"call": lambda *a: self._call(True, a), b"pcall": lambda *a: self._call(False, a),
            b"error_reply": h.error_reply, b"status_reply": h.status_reply, b"sha1hex": h.sha1hex,
            b"log": h.log, b"setresp": h.setresp, b"set_repl": h.set_repl,
            b"acl_check_cmd": h.acl_check_cmd,
            b"LOG_DEBUG": 0, b"LOG_VERBOSE": 1, b"LOG_NOTICE": 2, b"LOG_WARNING": 3,
            b"REPL_NONE": 0, b"REPL_AOF": 1, b"REPL_SLAVE": 2, b"REPL_REPLICA": 2, b"REPL_ALL": 3,
            b"REDIS_VERSION": REDIS_VERSION.encode(), b"REDIS_VERSION_NUM": VERSION_NUM,
        }
        bridge = t({
            b"unwrap": h.unwrap, b"tick": self._tick, b"callable": callable, b"rawset": h.rawset,
            b"setmetatable": h.setmetatable, b"random": h.random, b"randomseed": h.randomseed,
            b"redis": t(redis),
            b"libs": t({name.encode(): t(fns) for name, fns in libs.make(self).items()}),
        })
        chunk = self.lua.eval("loadstring")(BOOT.encode(), GLUE.encode())
        self.api = chunk(bridge, kind.encode(), HOOK_EVERY)

    # ------------------------------------------------------------- helpers
    def err(self, text: str):
        return self.lua.table_from({b"err": text.encode("utf-8", "replace")})

    def compile(self, src: bytes, name: bytes):
        """(function, None) or (None, Lua's message)."""
        return self.api.compile(src, name)

    def set_resp(self, v: int) -> None:
        self.resp = v
        self.session.resp = v

    def run(self, caller, fn, keys, args, run: Run):
        """Run a compiled chunk for ``caller``; returns an engine reply."""
        ls = self.session
        ls.select(caller.dbnum)
        ls.user = caller.user
        self.set_resp(2)
        self.run_info = run
        st = self.state
        st.begin(run)
        try:
            ok, res = self.api.run(fn, self.lua.table_from(keys), self.lua.table_from(args))
            if ok:
                return convert.lua_to_reply(res, self.resp)
            if convert.lua_type(res) != "table":
                self.lua.gccollect()        # e.g. out of memory: give the memory back now
            return self.error_reply(res, run.name)
        finally:
            self.run_info = None
            st.end(run)

    def error_reply(self, res, name: str) -> RedisError:
        """Redis's report of a failed script: the message, then where it failed."""
        if convert.lua_type(res) != "table":
            msg = res.decode("utf-8", "replace") if isinstance(res, bytes) else str(res)
            return RedisError(f"ERR Error running script {name}, {msg[:100]}")
        msg = convert.oneline(res[b"err"] or b"ERR unknown error")
        src, line = res[b"source"], res[b"line"]
        if src is not None and line is not None:
            msg += f" script: {name}, on {src.decode('utf-8', 'replace')}:{int(line)}."
        return convert.CountedError(msg) if res[convert.STATS_DONE] else RedisError(msg)

    # ------------------------------------------------------ redis.call / pcall
    def _call(self, raise_: bool, args):
        counted = False
        try:
            reply = self._dispatch(args)
            counted = True          # Engine.call already put a command's error in the stats
        except LuaRaise:
            raise
        except RedisError as e:
            reply = e
        except Exception as e:  # a bug of ours must not unwind through Lua as a Python object
            reply = RedisError(f"ERR internal error: {type(e).__name__}")
        if isinstance(reply, RedisError):
            t = self.err(reply.message.strip("\r\n"))
            if counted:
                t[convert.STATS_DONE] = True
            if raise_:
                raise LuaRaise(t)
            return t
        return convert.reply_to_lua(self.lua, reply, self.resp)

    def _dispatch(self, args):
        """Checks Redis makes on a command called from a script, then the command."""
        if not args:
            raise RedisError("ERR Please specify at least one argument for this redis lib call")
        argv = []
        for a in args:
            ta = type(a)
            if ta is bytes:
                argv.append(a)
            elif (ta is int or ta is float):
                argv.append(convert.number_arg(a))
            else:
                raise RedisError("ERR Lua redis lib command arguments must be strings or integers")
        spec = registry.lookup(argv[0])
        if spec is not None and spec.subcommands and (len(argv) > 1 or spec.fn is None):
            spec = registry.lookup_sub(spec, argv[1]) if len(argv) > 1 else spec
        if spec is None:
            raise RedisError("ERR Unknown Redis command called from script")
        n = spec.arity
        if spec.fn is None or (n > 0 and len(argv) != n) or len(argv) < -n:
            raise RedisError("ERR Wrong number of args calling Redis command from script")
        if spec.noscript:
            raise RedisError("ERR This Redis command is not allowed from script")
        denied = self.acl_denied(spec, argv)
        if denied is not None:
            raise RedisError(_ACL_DENIED[denied])
        run = self.run_info
        if spec.denyoom and run is not None and not run.allow_oom and engine_over_limit(self.engine):
            from ..eviction import script_oom

            e = script_oom(self.engine, spec)
            if e is not None:
                raise e
        if spec.write and run is not None:
            if run.readonly:
                raise RedisError("ERR Write commands are not allowed from read-only scripts.")
            run.wrote = True
        engine = self.engine
        ls = self.session
        if engine.monitors and "skip_monitor" not in spec.flags:
            engine._feed_monitors(ls, argv)
        return engine.call(ls, spec, argv)

    def acl_denied(self, spec, argv):
        """Why the script's user may not run this command (ACL), or None."""
        acl = self.engine.extensions.get("acl")
        if acl is None:
            return None
        u = acl.users.get(self.session.user)
        if u is None or u.unrestricted:
            return None
        denied = u.check(spec, argv)
        return None if denied is None else denied[0]

    def _tick(self):
        """The count hook's question: has this script become busy, or been killed?"""
        run = self.run_info
        if run is None:
            return None
        elapsed_ms = (time.monotonic() - run.start) * 1000
        if run.kind == "load":
            # A library body gets a fixed time budget; it never makes the server BUSY.
            return self.err("ERR FUNCTION LOAD timeout") if elapsed_ms >= LOAD_TIMEOUT_MS else None
        if not run.busy:
            limit = self.engine.config.get("busy-reply-threshold", 5000)
            if elapsed_ms >= limit:
                self.state.mark_busy(run)
        if run.killed:
            # Redis words it this way for FUNCTION KILL too.
            return self.err("ERR Script killed by user with SCRIPT KILL...")
        return None


def sha1hex(body: bytes) -> str:
    return hashlib.sha1(body).hexdigest()

