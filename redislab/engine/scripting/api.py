"""The small ``redis.*`` helpers and the sandbox's Python-side replacements.

Every function here is handed to Lua as a Python callable (see sandbox.py for
why). They fail by raising ``LuaRaise``: ``value`` is the Lua error value (a
``{err=...}`` table or a message), ``where`` asks the error handler to put the
script's ``file:line:`` in front of a message, as luaL_error does for C functions.
"""
from __future__ import annotations

import hashlib

from .. import registry
from . import convert


class LuaRaise(Exception):
    def __init__(self, value, where: bool = False):
        super().__init__(value)
        self.value = value
        self.where = where


READONLY = b"Attempt to modify a readonly table"


def _type_name(v) -> str:
    if v is None:
        return "nil"
    t = type(v)
    if t is bool:
        return "boolean"
    if t in (int, float):
        return "number"
    if t is bytes:
        return "string"
    return convert.lua_type(v) or "userdata"


def check_int(v, n: int, fname: str, given: int) -> int:
    """luaL_checkint: numbers and numeric strings, truncated toward zero."""
    if n > given:
        raise LuaRaise(f"bad argument #{n} to '{fname}' (number expected, got no value)".encode(), True)
    x = v
    if type(x) is bytes:
        try:
            x = float(x)
        except ValueError:
            x = None
    if type(x) not in (int, float) or isinstance(x, bool):
        raise LuaRaise(f"bad argument #{n} to '{fname}' (number expected, got {_type_name(v)})".encode(), True)
    return int(x)


class Helpers:
    """Bound to one LuaVM; builds the Python side of the redis table."""

    def __init__(self, vm):
        self.vm = vm

    def err(self, text: str):
        return self.vm.lua.table_from({b"err": text.encode("utf-8", "replace")})

    def fail(self, text: str):
        raise LuaRaise(self.err(text))

    def unwrap(self, e):
        """The Lua error value behind a Python exception that crossed into Lua."""
        if isinstance(e, LuaRaise):
            return e.value, e.where
        if isinstance(e, BaseException):
            return f"{type(e).__name__}: {e}".encode(), True
        return repr(e).encode(), False

    # ---------------------------------------------------------- redis.*
    def error_reply(self, *a):
        if len(a) != 1 or type(a[0]) not in (bytes, int, float):
            return self.err("ERR wrong number or type of arguments")
        msg = a[0] if type(a[0]) is bytes else b"%.14g" % a[0]
        if not msg.startswith(b"-"):
            msg = b"-" + msg
        return self.err(convert.error_text(msg))

    def status_reply(self, *a):
        if len(a) != 1 or type(a[0]) is not bytes:
            return self.err("ERR wrong number or type of arguments")
        return self.vm.lua.table_from({b"ok": a[0]})

    def sha1hex(self, *a):
        if len(a) != 1 or type(a[0]) not in (bytes, int, float):
            self.fail("ERR wrong number of arguments")
        v = a[0] if type(a[0]) is bytes else (b"%.14g" % a[0])
        return hashlib.sha1(v).hexdigest().encode()

    def log(self, *a):
        if len(a) < 2:
            self.fail("ERR redis.log() requires two arguments or more.")
        if type(a[0]) not in (int, float):
            self.fail("ERR First argument must be a number (log level).")
        level = int(a[0])
        if not 0 <= level <= 3:
            self.fail("ERR Invalid debug level.")
        parts = [x if type(x) is bytes else b"%.14g" % x if type(x) in (int, float) else b""
                 for x in a[1:]]
        self.vm.state.log(level, b" ".join(parts))
        return None

    def setresp(self, *a):
        if len(a) != 1:
            self.fail("ERR redis.setresp() requires one argument.")
        v = a[0]
        if type(v) is bytes:
            try:
                v = float(v)
            except ValueError:
                v = 0
        if type(v) not in (int, float) or v not in (2, 3):
            self.fail("ERR RESP version must be 2 or 3.")
        self.vm.set_resp(int(v))
        return None

    def set_repl(self, *a):
        if len(a) != 1:
            self.fail("ERR redis.set_repl() requires two arguments.")
        v = a[0]
        if type(v) not in (int, float) or int(v) not in (0, 1, 2, 3):
            self.fail("ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.")
        return None

    def acl_check_cmd(self, *a):
        """May the script's user run this command line? (unknown commands are an error)"""
        # Arguments are read as for redis.call, with the same complaints.
        if not a:
            self.fail("ERR Please specify at least one argument for this redis lib call")
        if any(type(x) not in (bytes, int, float) for x in a):
            self.fail("ERR Lua redis lib command arguments must be strings or integers")
        argv = [x if type(x) is bytes else convert.number_arg(x) for x in a]
        spec = registry.lookup(argv[0])
        if spec is not None and spec.subcommands and len(argv) > 1:
            spec = registry.lookup_sub(spec, argv[1])     # an unknown subcommand is no command
        if spec is None:
            self.fail("ERR Invalid command passed to redis.acl_check_cmd()")
        return self.vm.acl_denied(spec, argv) is None

    # -------------------------------------------------- sandbox replacements
    def rawset(self, *a):
        api = self.vm.api
        t = a[0] if a else None
        if convert.lua_type(t) == "table" and api.guarded(t):
            raise LuaRaise(READONLY)
        if convert.lua_type(t) != "table":
            raise LuaRaise(f"bad argument #1 to 'rawset' (table expected, got {_type_name(t)})".encode(), True)
        if len(a) < 3:
            raise LuaRaise(b"bad argument #3 to 'rawset' (value expected)", True)
        return api.rawset(t, a[1], a[2])

    def setmetatable(self, *a):
        api = self.vm.api
        t = a[0] if a else None
        if convert.lua_type(t) == "table" and api.guarded(t):
            raise LuaRaise(READONLY)
        if convert.lua_type(t) != "table":
            raise LuaRaise(f"bad argument #1 to 'setmetatable' (table expected, got {_type_name(t)})".encode(), True)
        m = a[1] if len(a) > 1 else None
        if m is not None and convert.lua_type(m) != "table":
            raise LuaRaise(b"bad argument #2 to 'setmetatable' (nil or table expected)", True)
        try:
            return api.setmetatable(t, m)
        except Exception:
            raise LuaRaise(b"cannot change a protected metatable", True)

    def random(self, *a):
        """math.random with Lua 5.1's rules, drawing from the engine's injected RNG."""
        r = self.vm.engine.clock.rng.random()
        n = len(a)
        if n == 0:
            return r
        if n == 1:
            lo, up = 1, check_int(a[0], 1, "random", n)
            if lo > up:
                raise LuaRaise(b"bad argument #1 to 'random' (interval is empty)", True)
        elif n == 2:
            lo, up = check_int(a[0], 1, "random", n), check_int(a[1], 2, "random", n)
            if lo > up:
                raise LuaRaise(b"bad argument #2 to 'random' (interval is empty)", True)
        else:
            raise LuaRaise(b"wrong number of arguments", True)
        return int(r * (up - lo + 1)) + lo

    def randomseed(self, *a):
        self.vm.engine.clock.rng.seed(check_int(a[0] if a else None, 1, "randomseed", len(a)))
        return None
