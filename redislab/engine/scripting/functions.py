"""FUNCTION libraries: load (``#!lua name=lib`` header + redis.register_function),
replace, delete, flush, list, dump/restore, and the FCALL entry point.

Libraries live in their own Lua state (as in Redis, where functions and EVAL
scripts do not share globals). Loading runs the library body with a small API
(``redis.register_function``, ``redis.log``, the LOG_* constants, the version);
functions then run with the full sandbox and get ``keys, args`` as parameters.

FUNCTION DUMP is *not* Redis's RDB payload: it is our own format (a magic line,
each library's source length-prefixed, a CRC32), and FUNCTION RESTORE accepts
only that. It round-trips between redislab engines, which is what it is for.
"""
from __future__ import annotations

import re
import struct
import zlib

from ...errors import RedisError
from . import convert
from .runtime import LuaVM, Run, VERSION_NUM
from ..info import REDIS_VERSION

FLAG_NAMES = ("no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys")
_NAME_RE = re.compile(rb"[A-Za-z0-9_]+")
# Redis 7.0 gives this same text for a bad *function* name too (the oracle shows it).
BAD_NAME = ("ERR Library names can only contain letters, numbers, or underscores(_) "
            "and must be at least one character long")
DUMP_MAGIC = b"redislab-functions/1\n"
BAD_PAYLOAD = "ERR DUMP payload version or checksum are wrong"


class Function:
    __slots__ = ("name", "fn", "flags", "description", "library")

    def __init__(self, name, fn, flags, description):
        self.name, self.fn, self.flags, self.description = name, fn, flags, description
        self.library = None


class Library:
    __slots__ = ("name", "code", "functions")

    def __init__(self, name: bytes, code: bytes):
        self.name, self.code = name, code
        self.functions: dict[bytes, Function] = {}


def parse_header(code: bytes):
    """(library name, body to compile) from ``#!<engine> name=<lib>``."""
    if not code.startswith(b"#!"):
        raise RedisError("ERR Missing library metadata")
    nl = code.find(b"\n")
    if nl < 0:
        raise RedisError("ERR Invalid library metadata")
    parts = [p for p in code[:nl].split(b" ") if p]
    engine = parts[0][2:]
    name = None
    for p in parts[1:]:
        if p.startswith(b"name="):
            if name is not None:
                raise RedisError("ERR Invalid metadata value, name argument was given multiple times")
            name = p[5:]
        else:
            raise RedisError(convert.oneline(b"ERR Invalid metadata value given: " + p))
    if engine.lower() != b"lua":
        raise RedisError(convert.oneline(b"ERR Engine '" + engine + b"' not found"))
    if name is None:
        raise RedisError("ERR Library name was not given")
    if not _NAME_RE.fullmatch(name):
        raise RedisError(BAD_NAME)
    return name, code[nl:]          # keep the newline so line numbers count the header


class Functions:
    """The engine's function libraries (``scripting(engine).functions``)."""

    def __init__(self, engine, state):
        self.engine = engine
        self.state = state
        self.libraries: dict[bytes, Library] = {}
        self.functions: dict[bytes, Function] = {}
        self._vm: LuaVM | None = None
        self._pending: Library | None = None
        self._load_started = 0.0

    @property
    def vm(self) -> LuaVM:
        if self._vm is None:
            self._vm = LuaVM(self.engine, self.state, "function")
        return self._vm

    # ------------------------------------------------------------ loading
    def _compile(self, code: bytes) -> Library:
        name, body = parse_header(code)
        vm = self.vm
        fn, msg = vm.compile(body, b"@user_function")
        if fn is None:
            raise RedisError(convert.oneline(b"ERR Error compiling function: " + _b(msg)))
        lib = Library(name, code)
        t = vm.lua.table_from
        load_redis = t({
            b"register_function": self._register, b"log": vm.helpers.log,
            b"LOG_DEBUG": 0, b"LOG_VERBOSE": 1, b"LOG_NOTICE": 2, b"LOG_WARNING": 3,
            b"REDIS_VERSION": REDIS_VERSION.encode(), b"REDIS_VERSION_NUM": VERSION_NUM,
        })
        self._pending = lib
        run = Run("load", name.decode("utf-8", "replace"), False)
        vm.run_info = run
        try:
            ok, res = vm.api.load_library(fn, load_redis)
        finally:
            self._pending = None
            vm.run_info = None
        if not ok:
            err = res[b"err"] if convert.lua_type(res) == "table" else _b(res)
            raise RedisError(convert.oneline(b"ERR Error registering functions: " + (err or b"")))
        if not lib.functions:
            raise RedisError("ERR No functions registered")
        return lib

    def _register(self, *a):
        """redis.register_function(name, callback) or redis.register_function{...}."""
        vm = self.vm
        fail = vm.helpers.fail
        lib = self._pending
        if lib is None:
            fail("ERR redis.register_function can only be called on FUNCTION LOAD command")
        flags, desc = frozenset(), None
        if len(a) == 1:
            if convert.lua_type(a[0]) != "table":
                fail("ERR calling redis.register_function with a single argument is only applicable "
                     "to Lua table (representing named arguments).")
            name = fn = None
            for k, v in a[0].items():
                if k == b"function_name":
                    if type(v) not in (bytes, int, float):
                        fail("ERR function_name argument given to redis.register_function must be a string")
                    name = _lua_str(v)
                elif k == b"description":
                    if type(v) not in (bytes, int, float):
                        fail("ERR description argument given to redis.register_function must be a string")
                    desc = _lua_str(v)
                elif k == b"callback":
                    if convert.lua_type(v) != "function":
                        fail("ERR callback argument given to redis.register_function must be a function")
                    fn = v
                elif k == b"flags":
                    if convert.lua_type(v) != "table":
                        fail("ERR flags argument to redis.register_function must be a table representing function flags")
                    flags = self._flags(v)
                else:
                    fail("ERR unknown argument given to redis.register_function")
            if name is None:
                fail("ERR redis.register_function must get a function name argument")
            if fn is None:
                fail("ERR redis.register_function must get a callback argument")
        elif len(a) == 2:
            if type(a[0]) not in (bytes, int, float):
                fail("ERR first argument to redis.register_function must be a string")
            if convert.lua_type(a[1]) != "function":
                fail("ERR second argument to redis.register_function must be a function")
            name, fn = _lua_str(a[0]), a[1]
        else:
            fail("ERR wrong number of arguments to redis.register_function")
        if not _NAME_RE.fullmatch(name):
            fail(BAD_NAME)
        if name in lib.functions:
            fail("ERR Function already exists in the library")
        f = Function(name, fn, flags, desc)
        f.library = lib
        lib.functions[name] = f
        return None

    def _flags(self, tbl) -> frozenset:
        out = set()
        i = 1
        while True:
            v = tbl[i]
            if v is None:
                break
            if type(v) is not bytes or v.decode("latin-1") not in FLAG_NAMES:
                self.vm.helpers.fail("ERR unknown flag given")
            out.add(v.decode())
            i += 1
        return frozenset(out)

    def _install(self, libs: dict) -> None:
        """Make ``libs`` the library set, unless two libraries share a function name."""
        functions = {}
        for lib in libs.values():
            for fname, f in lib.functions.items():
                if fname in functions:
                    raise RedisError(convert.oneline(b"ERR Function " + fname + b" already exists"))
                functions[fname] = f
        self.libraries = libs
        self.functions = functions

    def load(self, code: bytes, replace: bool) -> bytes:
        name, _ = parse_header(code)
        if name in self.libraries and not replace:
            raise RedisError(convert.oneline(b"ERR Library '" + name + b"' already exists"))
        lib = self._compile(code)
        libs = dict(self.libraries)
        libs[lib.name] = lib
        self._install(libs)
        return lib.name

    def delete(self, name: bytes) -> None:
        if name not in self.libraries:
            raise RedisError("ERR Library not found")
        libs = dict(self.libraries)
        del libs[name]
        self._install(libs)

    def flush(self) -> None:
        self.libraries, self.functions = {}, {}
        self._vm = None

    # ------------------------------------------------------- dump / restore
    def dump(self) -> bytes:
        body = bytearray(DUMP_MAGIC)
        for lib in self.libraries.values():
            body += struct.pack(">I", len(lib.code)) + lib.code
        return bytes(body) + struct.pack(">I", zlib.crc32(bytes(body)))

    def restore(self, payload: bytes, policy: str) -> None:
        codes = _undump(payload)
        libs = {} if policy == "FLUSH" else dict(self.libraries)
        for code in codes:
            lib = self._compile(code)
            if lib.name in libs and policy == "APPEND" and lib.name in self.libraries:
                raise RedisError(convert.oneline(b"ERR Library " + lib.name + b" already exists"))
            libs[lib.name] = lib
        self._install(libs)

    # --------------------------------------------------------------- FCALL
    def call(self, s, name: bytes, keys, args, ro: bool, argv=()):
        f = self.functions.get(name)
        if f is None:
            raise RedisError("ERR Function not found")
        if ro and "no-writes" not in f.flags:
            raise RedisError("ERR Can not execute a script with write flag using *_ro command.")
        run = Run("function", name.decode("utf-8", "replace"), ro or "no-writes" in f.flags,
                  "allow-oom" in f.flags)
        run.argv = argv
        return self.vm.run(s, f.fn, keys, args, run)


def _undump(payload: bytes) -> list[bytes]:
    if not payload.startswith(DUMP_MAGIC) or len(payload) < len(DUMP_MAGIC) + 4:
        raise RedisError(BAD_PAYLOAD)
    body, crc = payload[:-4], struct.unpack(">I", payload[-4:])[0]
    if zlib.crc32(body) != crc:
        raise RedisError(BAD_PAYLOAD)
    codes, pos = [], len(DUMP_MAGIC)
    while pos < len(body):
        if pos + 4 > len(body):
            raise RedisError(BAD_PAYLOAD)
        n = struct.unpack(">I", body[pos:pos + 4])[0]
        codes.append(body[pos + 4:pos + 4 + n])
        pos += 4 + n
    return codes


def _lua_str(v) -> bytes:
    return v if type(v) is bytes else b"%.14g" % v


def _b(v) -> bytes:
    if isinstance(v, bytes):
        return v
    return str(v).encode("utf-8", "replace")
