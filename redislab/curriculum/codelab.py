"""Code labs: the guide's Python examples as programs a learner edits and re-runs.

A code lab (``codelabs/<id>.yaml``, format in docs/LESSONS.md) holds a starting
program, a reference solution, a stand-in database and checks. ``run_lab`` executes
the learner's source in a sandbox:

* a fresh engine on a ``VirtualClock``; ``r`` (a real redis-py client with
  ``decode_responses=True``), ``ar`` (``redislab.asyncio.Redis``) and ``db`` (a
  ``FakeDB``) are injected. ``import time`` / ``random`` / ``asyncio`` give virtual
  stand-ins: ``time.sleep`` advances the virtual clock, so a TTL of an hour or a
  back-off of 100 ms costs no real time and every run replays the same way.
* ``times: N`` checks run N callers "at once": each caller is a thread, but only
  one runs at a time and control changes hands only when a caller sleeps (or the
  DB answers after its latency), earliest wake-up first. That is the interleaving a
  thundering herd needs, made deterministic.
* a blocked command (BRPOP on an empty list) fast-forwards the clock to its timeout;
  one that could never be answered is cut off with a message, not a hang.
* a wall-clock budget ends endless loops: a trace hook on the learner's own frames
  raises once the budget is spent; errors are shown with the learner's line numbers.
"""
from __future__ import annotations

import asyncio as _real_asyncio
import builtins
import copy
import heapq
import io
import json
import random as _real_random
import sys
import threading
import time as _real_time
import types
from dataclasses import dataclass, field
from pathlib import Path

from ..engine import Engine, VirtualClock
from . import checks as C
from .schema import LDict, LessonError, load_yaml, text_of

START_MS = 1_700_000_000_000
FILENAME = "<codelab>"
LAB_KEYS = {"id": True, "title": True, "section": True, "goal": True, "start": True, "solution": True,
            "checks": True, "lesson": False, "hints": False, "db": False, "timeout": False}
CALL_KEYS = {"call", "run", "wait", "equals", "queries", "max_queries", "times", "printed", "message", "says"}


class CodeLabTimeout(BaseException):
    """Raised in the learner's frames when time is up. A BaseException so that a
    learner's ``except Exception`` cannot swallow it and loop on."""


# ------------------------------------------------------------ the stand-in database

class FakeDB:
    """What the examples call instead of an ORM: tables of dicts, a latency per
    call (spent on the virtual clock), counters and a query log. ``queries`` counts
    reads, the number the cache labs are about."""

    def __init__(self, tables: dict | None = None, latency_ms: int = 50, sleep=None):
        self.tables = copy.deepcopy(tables or {})
        self.latency_ms = latency_ms
        self.queries = 0
        self.writes = 0
        self.log: list = []                   # (op, args)
        self._sleep = sleep or (lambda s: None)

    def _cost(self, op, *args):
        self.log.append((op,) + args)
        self._sleep(self.latency_ms / 1000)

    def _read(self, op, table, id):
        self.queries += 1
        self._cost(op, id)
        # the YAML loader keeps mapping keys as written (`1:` is "1"), and callers
        # pass 1 or "1": rows are found by their id's text; callers get copies
        return copy.deepcopy(self.tables.get(table, {}).get(str(id)))

    def _write(self, op, table, id, data):
        self.writes += 1
        self._cost(op, id)
        self.tables.setdefault(table, {}).setdefault(str(id), {"id": id}).update(data)

    def query_user(self, user_id):
        return self._read("query_user", "users", user_id)

    def query_product(self, product_id):
        return self._read("query_product", "products", product_id)

    def query_products(self, category_id):
        self.queries += 1
        self._cost("query_products", category_id)
        rows = self.tables.get("products", {})
        return [copy.deepcopy(p) for _, p in sorted(rows.items(), key=lambda kv: str(kv[0]))
                if str(p.get("category_id")) == str(category_id)]

    def update_user(self, user_id, data: dict):
        self._write("update_user", "users", user_id, data)

    def update_product(self, product_id, data: dict):
        self._write("update_product", "products", product_id, data)

    def save_job(self, job):
        done = self.tables.setdefault("jobs_done", {})
        self._write("save_job", "jobs_done", str(len(done)), {"job": job})


# ------------------------------------------------------------ virtual time and callers

def _forward(clock: VirtualClock, seconds: float) -> None:
    """Advance the virtual clock. A long jump (a day of session TTL) skips straight
    to its last second: stepping 100 ms at a time through 24 hours would take
    minutes, and expired keys are still found, lazily or by the last cron steps."""
    if seconds > 5:
        clock.set_ms(clock.time_ms() + int((seconds - 1) * 1000))
        seconds = 1.0
    clock.advance(seconds)


class _Scheduler:
    """Cooperative callers on the virtual clock (see the module docstring). Control
    strictly alternates between the scheduler and one caller, each with its own
    Event, so a switch wakes exactly one thread."""

    def __init__(self, clock: VirtualClock, run):
        self.clock, self.run = clock, run
        self.local = threading.local()
        self.queue: list = []           # (wake-up time us, seq, caller index)
        self.events: list = []
        self.back = threading.Event()   # a caller handed control back
        self.seq = 0

    def _wait(self, ev: threading.Event) -> None:
        while not ev.wait(0.05):
            if self.run.expired:
                raise CodeLabTimeout()

    def sleep(self, seconds) -> None:
        seconds = max(float(seconds), 0.0)
        me = getattr(self.local, "task", None)
        if me is None:
            _forward(self.clock, seconds)
            return
        self.seq += 1
        heapq.heappush(self.queue, (self.clock.time_us() + int(seconds * 1e6), self.seq, me))
        self.events[me].clear()
        self.back.set()
        self._wait(self.events[me])

    def gather(self, fns: list, max_virtual_s: float = 60.0) -> list:
        """Run the callables as interleaved callers; [(ok, value_or_exc)] in order."""
        results: list = [None] * len(fns)
        start = self.clock.time_us()
        self.events = [threading.Event() for _ in fns]

        def body(i, fn):
            sys.settrace(self.run.tracer)
            self.local.task = i
            try:
                self._wait(self.events[i])
                results[i] = (True, fn())
            except BaseException as e:  # noqa: BLE001 - reported per caller
                results[i] = (False, e)
            finally:
                sys.settrace(None)
                self.back.set()

        for i in range(len(fns)):
            self.seq += 1
            heapq.heappush(self.queue, (start, self.seq, i))
        threads = [threading.Thread(target=body, args=(i, fn), daemon=True) for i, fn in enumerate(fns)]
        for t in threads:
            t.start()
        while self.queue:
            wake, _, task = heapq.heappop(self.queue)
            if wake - start > max_virtual_s * 1e6:
                self.run.expired = True          # the waiting callers give up too
                raise CodeLabTimeout(f"the callers were still busy after {max_virtual_s:.0f} s "
                                     "of virtual time: do they retry for ever?")
            now = self.clock.time_us()
            if wake > now:
                _forward(self.clock, (wake - now) / 1e6)
            self.back.clear()
            self.events[task].set()
            self._wait(self.back)
        for t in threads:
            t.join(1)
        return results


def _clone(name: str, src, doc: str, names=None, **overrides) -> types.ModuleType:
    """A module named ``name`` with ``src``'s attributes (or only ``names``), some replaced."""
    m = types.ModuleType(name, doc)
    for attr in names or [n for n in dir(src) if not n.startswith("__")]:
        setattr(m, attr, getattr(src, attr))
    for attr, value in overrides.items():
        setattr(m, attr, value)
    return m


def _fake_modules(sched: _Scheduler, clock: VirtualClock, seed: int) -> dict:
    now = lambda: clock.time_us() / 1e6  # noqa: E731
    gen = _real_random.Random(seed)

    async def asleep(delay, result=None):
        sched.sleep(delay)
        await _real_asyncio.sleep(0)
        return result
    return {
        "time": _clone("time", _real_time, "virtual time: sleep moves the lab's clock", sleep=sched.sleep, time=now,
                       monotonic=now, perf_counter=now, time_ns=lambda: clock.time_us() * 1000),
        "random": _clone("random", gen, "seeded random: every run draws the same numbers",
                         ["random", "randint", "randrange", "choice", "choices", "shuffle", "sample", "uniform",
                          "seed"], Random=_real_random.Random),
        "asyncio": _clone("asyncio", _real_asyncio, "asyncio whose sleep moves the lab's clock", sleep=asleep),
    }


# ------------------------------------------------------------ the lab and its results

@dataclass
class CodeLab:
    id: str
    title: str
    section: str
    goal: str
    start: str
    solution: str
    checks: list                  # [dict] as written, each with ".line"
    lesson: str | None = None
    hints: list = field(default_factory=list)
    db: dict = field(default_factory=dict)
    timeout: float = 5.0
    path: str = ""
    line: int = 1


@dataclass
class CheckOutcome:
    label: str
    passed: bool
    reason: str = ""
    line: int = 0


@dataclass
class RunResult:
    passed: bool
    checks: list                  # [CheckOutcome]
    output: str                   # what the program printed
    error: str | None = None      # the program did not run to the end (syntax error, exception, timeout)
    commands: list = field(default_factory=list)   # [LogEntry] the program sent

    @property
    def reason(self) -> str:
        if self.error:
            return self.error
        bad = [c for c in self.checks if not c.passed]
        return f"{bad[0].label}: {bad[0].reason}" if bad else "All checks pass."


def learner_traceback(exc: BaseException, source: str) -> str:
    """The exception as the learner should see it: only frames of their program,
    with their line numbers and the line's text."""
    if isinstance(exc, SyntaxError) and exc.filename == FILENAME:
        return f"SyntaxError on line {exc.lineno}: {exc.msg}\n    {(exc.text or '').rstrip()}"
    lines = source.splitlines()
    out = []
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename == FILENAME:
            n = tb.tb_lineno
            text = lines[n - 1].strip() if 0 < n <= len(lines) else ""
            where = "" if code.co_name == "<module>" else f", in {code.co_name}"
            out.append(f"  line {n}{where}: {text}")
        tb = tb.tb_next
    head = "Traceback (your program):\n" + "\n".join(out) + "\n" if out else ""
    return f"{head}{type(exc).__name__}: {exc}"


def _plain(v):
    """Compare values as JSON would carry them: tuples are lists, keys are text."""
    try:
        return json.loads(json.dumps(v, default=str))
    except (TypeError, ValueError):
        return repr(v)


# ------------------------------------------------------------ running

class _Run:
    """One execution of a learner program plus the lab's checks."""

    def __init__(self, lab: CodeLab, source: str, budget: float):
        self.lab, self.source, self.budget = lab, source, budget
        self.stopped_at = 0                      # the learner's line running when time ran out
        self.deadline = _real_time.monotonic() + budget
        self.expired = False
        self.note = ""                           # why the run was cut short
        self.clock = VirtualClock(START_MS, seed=0)
        self.engine = Engine(clock=self.clock, seed=0)
        self.log: list = []
        self.grader = self.engine.session("lab")
        self.grader.no_pause = True
        self._wrap_execute()
        self.sched = _Scheduler(self.clock, self)
        self.out = io.StringIO()
        self.db = FakeDB(lab.db.get("tables"), int(lab.db.get("latency_ms", 50)), self.sched.sleep)
        self.modules = _fake_modules(self.sched, self.clock, 7)
        self.loop = None
        self.clients: list = []

    def _wrap_execute(self):
        # Engine.execute is the one door every client command comes through, so the
        # instance attribute records the program's commands for method checks.
        real, grader = self.engine.execute, self.grader

        def execute(session, argv, *a, **kw):
            reply = real(session, argv, *a, **kw)
            if session is not grader:
                self.log.append(C.LogEntry([bytes(x) for x in argv], reply))
            return reply
        self.engine.execute = execute
        self.read_raw = lambda *args: real(grader, [x if isinstance(x, bytes) else str(x).encode() for x in args])

    def tracer(self, frame, event, arg):
        if frame.f_code.co_filename not in (FILENAME, "<check>"):
            return None
        return self._line

    def _line(self, frame, event, arg):
        if self.expired or _real_time.monotonic() > self.deadline:
            self.expired = True
            if frame.f_code.co_filename == FILENAME and not self.stopped_at:
                self.stopped_at = frame.f_lineno
            raise CodeLabTimeout()
        return self._line

    def interrupt(self) -> None:
        """Time is up but a learner frame may sit in a loop that raises no line
        events (``while True: pass`` on one line): trace those frames per opcode."""
        for frame in sys._current_frames().values():
            while frame is not None:
                if frame.f_code.co_filename in (FILENAME, "<check>"):
                    frame.f_trace = self._line
                    frame.f_trace_opcodes = True
                frame = frame.f_back
        # A read parked inside redis-py (pubsub.listen() with nothing coming) runs no
        # learner line: drop the connections to wake it, and refuse new ones so its
        # retry cannot park again.
        def refuse(*_a, **_kw):
            from redis.exceptions import ConnectionError as RedisConnectionError
            raise RedisConnectionError("the code lab's time is up")
        self.engine.session = refuse
        for client in self.clients:
            client.connection_pool.disconnect()

    def namespace(self) -> dict:
        import redislab
        import redislab.asyncio as rasync

        mods = self.modules

        def imp(name, globals=None, locals=None, fromlist=(), level=0):
            if name in mods and level == 0:
                return mods[name]
            return builtins.__import__(name, globals, locals, fromlist, level)

        def prnt(*args, **kw):
            kw.setdefault("file", self.out)
            builtins.print(*args, **kw)
        def no_input(*_):
            # stdin belongs to the lab's terminal; reading it from here would steal keys
            raise RuntimeError("input() is not available in a code lab: set the value in the code")
        b = dict(builtins.__dict__, __import__=imp, print=prnt, input=no_input)
        r = redislab.Redis(engine=self.engine, decode_responses=True)
        self.clients.append(r)
        ar = rasync.Redis(engine=self.engine, decode_responses=True)
        return {"__builtins__": b, "__name__": "__codelab__", "r": r, "ar": ar, "db": self.db,
                "redislab": redislab, "json": json, **mods}

    def value(self, v):
        """Await a coroutine a check's call returned, on the run's one event loop."""
        if _real_asyncio.iscoroutine(v):
            if self.loop is None:
                self.loop = _real_asyncio.new_event_loop()
            return self.loop.run_until_complete(v)
        return v

    def main(self, box: dict) -> None:
        sys.settrace(self.tracer)
        g = None
        try:
            code = compile(self.source, FILENAME, "exec")
            g = self.namespace()
            exec(code, g)
            box["checks"] = [self.check(c, g) for c in self.lab.checks]   # they catch the learner's errors
        except CodeLabTimeout as e:
            box["error"] = self.timeout_text(e)
        except BaseException as e:  # noqa: BLE001 - the learner's error, shown to them
            box["error"] = (self.timeout_text(CodeLabTimeout()) if self.expired     # woken by interrupt()
                            else learner_traceback(e, self.source) if g is None     # did not compile
                            else "Your program stopped with an error:\n" + learner_traceback(e, self.source))
        finally:
            sys.settrace(None)
            if self.loop is not None:
                self.loop.close()

    def timeout_text(self, e) -> str:
        why = str(e) or self.note or (f"it ran longer than {self.budget:g} s of real time; "
                                      "is there a loop (or a wait) that never ends?")
        at = f" (it was at line {self.stopped_at})" if self.stopped_at and not str(e) else ""
        return f"Stopped: {why}{at}"

    # -------------------------------------------------------------- checks
    def check(self, c: dict, g: dict) -> CheckOutcome:
        label = text_of(c.get("says")) if c.get("says") else _label(c)
        line = getattr(c, "line", 0)
        try:
            ok, reason = self._check(c, g)
        except CodeLabTimeout:
            raise
        except BaseException as e:  # noqa: BLE001 - learner code raised inside a check
            if self.expired:
                raise CodeLabTimeout() from None
            what = next((f"`{text_of(c[k]).strip()}`" for k in ("call", "run") if k in c), "your code")
            ok, reason = False, f"{what} raised an error:\n" + learner_traceback(e, self.source)
        if not ok and c.get("message") and "raised an error:" not in reason:
            reason = text_of(c["message"])
        return CheckOutcome(label, ok, "" if ok else reason, line)

    def _check(self, c: dict, g: dict):
        kinds = [k for k in c if k in C.KINDS]
        if kinds:
            chk, _ = C.parse_check(_lesson_check(c), getattr(c, "line", 0))
            return C.run_check(chk, C.Ctx(self.read_raw, self.log, {}))
        if "wait" in c:
            _forward(self.clock, float(c["wait"]))
            return True, ""
        if "run" in c:
            exec(compile(text_of(c["run"]), "<check>", "exec"), g)
            return True, ""
        if "printed" in c:
            want = text_of(c["printed"])
            return want in self.out.getvalue(), f"your program should print {want!r}"
        expr = compile(text_of(c["call"]), "<check>", "eval")
        before = self.db.queries
        n = int(c.get("times", 1))
        if n > 1:
            res = self.sched.gather([lambda: self.value(eval(expr, g)) for _ in range(n)])
            for ok, v in res:
                if not ok:
                    raise v
            values = [v for _, v in res]
        else:
            values = [self.value(eval(expr, g))]
        used = self.db.queries - before
        call = text_of(c["call"])
        if "equals" in c:
            want = _plain(c["equals"])
            for v in values:
                if _plain(v) != want:
                    return False, f"`{call}` returned {v!r}, expected {want!r}"
        if "queries" in c and used != int(c["queries"]):
            who = f"{n} callers of `{call}`" if n > 1 else f"`{call}`"
            return False, f"{who} made {used} database quer{'y' if used == 1 else 'ies'}, expected {int(c['queries'])}"
        if "max_queries" in c and used > int(c["max_queries"]):
            return False, f"`{call}` made {used} database queries, at most {int(c['max_queries'])} expected"
        return True, ""


def _lesson_check(c: dict) -> LDict:
    """A lesson check kind used in a code lab, without the code lab's own `says`."""
    d = LDict({k: v for k, v in c.items() if k != "says"})
    d.line = getattr(c, "line", 0)
    d.lines = {k: c.line_of(k) if isinstance(c, LDict) else d.line for k in d}
    return d


def _label(c: dict) -> str:
    if "call" in c:
        n = int(c.get("times", 1))
        return f"{n} callers at once: {text_of(c['call'])}" if n > 1 else text_of(c["call"])
    for k in ("run", "wait", "printed"):
        if k in c:
            first, *more = text_of(c[k]).strip().splitlines() or [""]
            return f"{k} {first}" + (" ..." if more else "")
    k = next(iter(x for x in c if x in C.KINDS), "check")
    v = c[k]
    what = v.get("key", "") if isinstance(v, dict) else v
    return f"{k} {text_of(what) if not isinstance(what, list) else ', '.join(map(text_of, what))}".strip()


def run_lab(lab: CodeLab, source: str | None = None, timeout: float | None = None) -> RunResult:
    """Run ``source`` (default: the lab's starting program) and the lab's checks."""
    source = lab.start if source is None else source
    run = _Run(lab, source, timeout or lab.timeout)
    box: dict = {}
    worker = threading.Thread(target=run.main, args=(box,), daemon=True, name="codelab")
    worker.start()
    prev: set = set()
    while worker.is_alive():
        worker.join(0.01)
        if _real_time.monotonic() > run.deadline and not run.expired:
            run.expired = True
            run.interrupt()
        # Parked on a blocking command for two polls in a row: the program is the
        # only client, so nothing else will wake it. Time jumps to the command's
        # timeout; a wait for ever is cut off with a note.
        m = run.engine.blocking
        blocked = {sid: b for sid, b in m.by_client.items() if not b.done} if m is not None else {}
        for sid in set(blocked) & prev:
            if blocked[sid].deadline:
                _forward(run.clock, max(blocked[sid].deadline - run.clock.time_ms(), 0) / 1000 + 0.1)
            else:
                run.note = ("a blocking command waited with timeout 0 (for ever) on an empty key, and "
                            "no other client will ever push to it")
                m.unblock(sid, error=True)
        prev = set(blocked)
        if run.expired and _real_time.monotonic() > run.deadline + 1.0:
            break     # stuck outside Python code: abandon the daemon thread
    if worker.is_alive() and "error" not in box:
        box["error"] = run.timeout_text(CodeLabTimeout())
    if run.note:
        box["error"] = "Stopped: " + run.note + (f"\n{box['error']}" if box.get("error") else "")
    checks = box.get("checks", [])
    err = box.get("error")
    return RunResult(err is None and all(c.passed for c in checks), checks, run.out.getvalue(), err, run.log)


# Loading and checking live in codelab_files.py; re-exported here (imported last,
# once everything it needs from this module exists).
from .codelab_files import (  # noqa: E402
    check_beside, check_codelab, check_path, codelabs_dir, codelabs_for, is_codelab_path,
    lab_ids, lab_ids_by_lesson, load_codelabs, parse_codelab,
)
