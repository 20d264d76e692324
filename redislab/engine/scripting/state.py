"""Per-engine scripting state: the EVAL script cache, the running script, and the
busy-script gate.

A script runs under the engine lock, so other clients simply wait - until the
script has run longer than ``busy-reply-threshold``. From then on Redis answers
them ``BUSY`` and accepts SCRIPT KILL / FUNCTION KILL. Since they would be stuck
on the lock, the check happens in an ``engine.gates`` entry, which Engine.execute
runs *before* taking the lock: it waits (without the lock) while a young script
runs, then refuses with BUSY, or performs the kill by raising a flag that the
script's Lua hook sees.

Busy time is wall time (time.monotonic), not the engine clock: a virtual clock
does not advance while Lua spins, and "busy" is about real waiting clients.

This only helps clients on *other* threads: a front end that runs EVAL on its
event-loop or UI thread cannot read SCRIPT KILL while the script spins. Such a
front end should run scripts off that thread, or offer a stop button that
calls ``Scripting.kill()`` (safe from any thread).
"""
from __future__ import annotations

import threading
from collections import OrderedDict, deque

from ...errors import RedisError
from .runtime import LuaVM, Run, sha1hex

BUSY_EVAL = "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE."
BUSY_FUNCTION = "BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE."
UNKILLABLE = ("UNKILLABLE Sorry the script already executed write commands against the dataset. "
              "You can either wait the script termination or kill the server in a hard way "
              "using the SHUTDOWN NOSAVE command.")
NOTBUSY = "NOTBUSY No scripts in execution right now."
KILLED_MARK = "scripting_killed"

EVAL_SCRIPTS_MAX = 500      # EVAL-only scripts kept before the least recently used go
SHEBANG_FLAGS = ("no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys")


class Script:
    __slots__ = ("body", "fn", "flags")

    def __init__(self, body: bytes, fn, flags):
        self.body = body
        self.fn = fn
        self.flags = flags        # None without a shebang, else a frozenset of flag names


class Scripting:
    def __init__(self, engine):
        self.engine = engine
        self.scripts: dict[str, Script] = {}
        self.eval_lru: OrderedDict = OrderedDict()   # shas only EVAL loaded, oldest use first
        self.evicted_scripts = 0
        self._vm: LuaVM | None = None
        self.current: Run | None = None
        self.cond = threading.Condition()
        self.logs: deque = deque(maxlen=256)      # (level, message) from redis.log, for the lab
        self._functions = None                    # functions.Functions, created on first use
        engine.gates.append(self.gate)

    # ------------------------------------------------------------ EVAL cache
    @property
    def vm(self) -> LuaVM:
        if self._vm is None:
            self._vm = LuaVM(self.engine, self, "eval")
        return self._vm

    @property
    def functions(self):
        if self._functions is None:
            from .functions import Functions

            self._functions = Functions(self.engine, self)
        return self._functions

    def load(self, body: bytes, by_eval: bool = False) -> tuple[str, Script]:
        """Compile and cache a script body (raises RedisError on bad shebang or syntax).

        Since Redis 7.4 scripts that only EVAL brought in are evicted least recently
        used first beyond EVAL_SCRIPTS_MAX (so a client that builds a new script per
        call cannot grow the cache forever); SCRIPT LOAD makes a script permanent."""
        sha = sha1hex(body)
        script = self.scripts.get(sha)
        if script is not None:
            if sha in self.eval_lru:
                if by_eval:
                    self.eval_lru.move_to_end(sha)
                else:
                    del self.eval_lru[sha]
            return sha, script
        flags, src = parse_shebang(body)
        fn, msg = self.vm.compile(src, b"@user_script")
        if fn is None:
            text = msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg)
            raise RedisError(_oneline("ERR Error compiling script (new function): " + text))
        script = Script(body, fn, flags)
        if by_eval:
            while len(self.eval_lru) >= EVAL_SCRIPTS_MAX:
                old, _ = self.eval_lru.popitem(last=False)
                del self.scripts[old]
                self.evicted_scripts += 1
            self.eval_lru[sha] = None
        self.scripts[sha] = script
        return sha, script

    def touch(self, sha: str) -> None:
        """EVALSHA of an EVAL-loaded script counts as a use for the eviction order."""
        if sha in self.eval_lru:
            self.eval_lru.move_to_end(sha)

    def flush(self) -> None:
        """SCRIPT FLUSH: forget every script and start from a fresh Lua state."""
        self.scripts.clear()
        self.eval_lru.clear()
        self._vm = None

    def info(self) -> dict:
        """Figures for INFO (memory section) and the lab's script view."""
        fns = self._functions
        return {"number_of_cached_scripts": len(self.scripts), "evicted_scripts": self.evicted_scripts,
                "number_of_functions": len(fns.functions) if fns else 0,
                "number_of_libraries": len(fns.libraries) if fns else 0}

    def log(self, level: int, msg: bytes) -> None:
        self.logs.append((level, msg))

    # --------------------------------------------------------- running state
    def begin(self, run: Run) -> None:
        with self.cond:
            self.current = run

    def end(self, run: Run) -> None:
        with self.cond:
            if self.current is run:
                self.current = None
            if self.engine.busy_script is run:
                self.engine.busy_script = None
            self.cond.notify_all()

    def mark_busy(self, run: Run) -> None:
        with self.cond:
            run.busy = True
            self.engine.busy_script = run
            self.cond.notify_all()

    def gate(self, s, spec, argv):
        """engine.gates entry: BUSY replies and SCRIPT/FUNCTION KILL, without the lock."""
        run = self.current
        if run is None or run.thread == threading.get_ident():
            return None
        with self.cond:
            while self.current is run and not run.busy:
                self.cond.wait(0.05)
            if self.current is not run:
                return None
            name = spec.name
            if name in ("script|kill", "function|kill"):
                e = self._kill(run, "eval" if name == "script|kill" else "function")
                if e is None:
                    s.extra[KILLED_MARK] = True
                return e
            if name == "function|stats" and run.kind == "eval":
                return RedisError(BUSY_EVAL)       # as Redis: no stats while an EVAL is busy
            if "allow_busy" in spec.flags:
                return None
            return RedisError(BUSY_EVAL if run.kind == "eval" else BUSY_FUNCTION)


    def _kill(self, run: Run, want: str):
        """Stop ``run`` (caller holds ``cond``) and wait for it to end; an error if it
        is the other kind of script or has written already."""
        if run.kind != want:
            return RedisError(BUSY_EVAL if run.kind == "eval" else BUSY_FUNCTION)
        if run.wrote:
            return RedisError(UNKILLABLE)
        run.killed = True
        while self.current is run:
            self.cond.wait(0.05)
        return None

    def kill(self, want: str = "eval"):
        """SCRIPT KILL (want="eval") or FUNCTION KILL ("function") from any thread, e.g.
        a front end's stop button while its own thread waits. None when killed."""
        with self.cond:
            run = self.current
            if run is None:
                return RedisError(NOTBUSY)
            return self._kill(run, want)


def parse_shebang(body: bytes):
    """(flags or None, source to compile). The shebang line is blanked rather than
    removed so that error line numbers still count it, as in Redis."""
    if not body.startswith(b"#!"):
        return None, body
    nl = body.find(b"\n")
    if nl < 0:
        # Redis needs the line to end: a body that is only a shebang is refused.
        raise RedisError("ERR Invalid script shebang")
    parts = _split_args(body[:nl])
    if not parts:
        raise RedisError("ERR Invalid engine in script shebang")
    if parts[0] != b"#!lua":
        raise RedisError(_oneline("ERR Unexpected engine in script shebang: " + parts[0].decode("utf-8", "replace")))
    flags = set()
    for p in parts[1:]:
        if not p.startswith(b"flags="):
            raise RedisError(_oneline("ERR Unknown lua shebang option: " + p.decode("utf-8", "replace")))
        if len(p) == 6:
            continue                # "flags=" alone: no flags
        for f in p[6:].split(b","):
            name = f.decode("utf-8", "replace")
            if name not in SHEBANG_FLAGS:
                raise RedisError(_oneline("ERR Unexpected flag in script shebang: " + name))
            flags.add(name)
    return frozenset(flags), body[nl:]


_SPACE = b" \t\n\v\f\r"
_ESC = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("a"): 7}


def _split_args(line: bytes) -> list | None:
    """The shebang line split into words the way Redis splits it (quotes, backslash
    escapes in double quotes); an empty list when the quoting is broken."""
    out, i, n = [], 0, len(line)
    while True:
        while i < n and line[i] in _SPACE:
            i += 1
        if i >= n:
            return out
        cur, quote = bytearray(), 0
        while True:
            if i >= n:
                if quote:
                    return []       # unterminated quote
                break
            c = line[i]
            if quote == 0x22 and c == 0x5C and i + 1 < n:        # backslash in "..."
                h = line[i + 2:i + 4]
                if line[i + 1] == 0x78 and len(h) == 2 and all(x in b"0123456789abcdefABCDEF" for x in h):
                    cur.append(int(h, 16))
                    i += 3
                else:
                    i += 1
                    cur.append(_ESC.get(line[i], line[i]))
            elif quote == 0x27 and c == 0x5C and line[i + 1:i + 2] == b"'":
                i += 1
                cur.append(0x27)
            elif quote and c == quote:
                if i + 1 < n and line[i + 1] not in _SPACE:
                    return []       # a closing quote must end the word
                i += 1
                break
            elif quote:
                cur.append(c)
            elif c in _SPACE:
                break
            elif c in (0x22, 0x27):
                quote = c
            else:
                cur.append(c)
            i += 1
        out.append(bytes(cur))


def _oneline(text: str) -> str:
    return text.replace("\r", " ").replace("\n", " ")


def scripting(engine) -> Scripting:
    """The engine's scripting state, created on first use."""
    st = engine.extensions.get("scripting")
    if st is None:
        with engine.lock:
            st = engine.extensions.get("scripting")
            if st is None:
                st = Scripting(engine)
                engine.extensions["scripting"] = st
    return st
