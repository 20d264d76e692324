"""Hands-on tasks: the learner types Redis commands, a check reads what happened.

Protocol. Every attempt gets a fresh ``Engine`` on a ``VirtualClock`` (seed 0), so
grading is reproducible. ``setup`` fills it through an admin session. The learner's
lines then run one by one in their own session; after each, the task's hooks may
act on the world the way time or other clients would in production:

* ``after`` names a command; the first time the learner sends it (and ``when``
  agrees) the hook runs ``other`` lines in a *second* client session, or advances
  the clock by ``advance_ms``. That is how a write lands between WATCH and EXEC,
  or how three seconds pass between two TTL checks.
* ``$cursor`` in a learner line is replaced by the cursor of the last SCAN reply and
  ``$id`` by the last XADD's ID, so an answers file can be written before they are known.
* ``directives`` are words that start a line the learner writes *to the grader*
  rather than to Redis (``ANSWER SUNIONSTORE``, ``strategy lock``, ``param jitter=10``).
  They are kept in ``TaskRun.directives``, answered with a "noted" status and never
  reach the engine, so one answer list can mix commands and conclusions.
* ``real_clock`` runs the engine on wall-clock time (for stalls other clients must
  feel); ``around`` wraps each learner command, e.g. to watch a second client from a
  thread while it runs, and may leave measurements in ``Step.extra``.
* ``TaskRun.slowlog_at_start`` is the slow log as setup left it: a learner who
  resets the log must not erase the evidence the check compares their answer with.

A task whose ``requires`` names a command the engine lacks is reported
unavailable (``missing_commands``) and never run: no pretend grading.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..engine import registry
from ..engine.clock import VirtualClock
from ..engine.engine import Engine
from ..engine.replies import NULL_ARRAY, Status
from ..errors import RedisError
from .grading import Result, _clamp

TASKS: dict[str, "Task"] = {}


def register(*tasks: "Task") -> None:
    """Add tasks to ``TASKS``; the task modules call this when imported."""
    for t in tasks:
        TASKS[t.name] = t


@dataclass
class Step:
    who: str            # "you", "other" (a second client), "clock"
    line: str
    argv: list
    reply: object
    after_clock: bool = False   # True once a hook has advanced the clock
    extra: dict = field(default_factory=dict)   # measurements from ``Task.around``

    @property
    def name(self) -> str:
        return self.argv[0].decode(errors="replace").upper() if self.argv else ""

    def arg(self, i: int) -> str:
        return self.argv[i].decode(errors="replace") if len(self.argv) > i else ""

    def has(self, token: str) -> bool:
        return any(a.upper() == token.encode() for a in self.argv[1:])


@dataclass
class Hook:
    after: tuple[str, ...]
    other: list[str] = field(default_factory=list)
    advance_ms: int = 0
    note: str = ""
    when: object = None     # fn(steps) -> bool, extra condition


@dataclass
class Task:
    name: str
    title: str
    instructions: str
    setup: object                 # fn(run) where run(line) executes as an admin client
    check: object                 # fn(TaskRun) -> Result
    hooks: list[Hook] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)
    config: dict = field(default_factory=dict)
    directives: tuple[str, ...] = ()   # upper-case first words of grader-only lines
    real_clock: bool = False
    around: object = None         # fn(TaskRun, line, do) -> (reply, extra); do() runs the command


def missing_commands(names) -> list[str]:
    """Required commands (``"MEMORY"`` or ``"MEMORY USAGE"``) the engine does not have."""
    registry.load_all()
    out = []
    for n in names:
        parts = n.split()
        spec = registry.lookup(parts[0])
        if spec is None or (len(parts) > 1 and registry.lookup_sub(spec, parts[1]) is None):
            out.append(n)
    return out


def has_command(name: str) -> bool:
    return not missing_commands([name])


class TaskRun:
    """One attempt at a task: ``send`` lines, then ``finish`` for the grade."""

    def __init__(self, task: Task):
        from ..repl.tokenize import split_args

        self._split = split_args
        self.task = task
        self.engine = Engine(clock=None if task.real_clock else VirtualClock(), seed=0,
                             config=task.config or None)
        self.admin = self.engine.session()
        self.you = self.engine.session()
        self.other = self.engine.session()
        self.steps: list[Step] = []
        self.fired: set[int] = set()
        self.clock_moved = False
        self.last_cursor = "0"
        self.last_id = "0-0"
        self.directives: list[tuple[str, str]] = []     # (WORD, rest of the line)
        task.setup(self.admin_run)
        self.slowlog_at_start = list(self.engine.slowlog)

    def admin_run(self, *args):
        argv = [a if isinstance(a, bytes) else str(a).encode() for a in args]
        return self.engine.execute(self.admin, argv)

    def run_as(self, who: str, line: str):
        argv = self._split(line)
        sess = self.you if who == "you" else self.other
        extra: dict = {}
        if not argv:
            reply = None
        elif who == "you" and self.task.around is not None:
            reply, extra = self.task.around(self, argv, lambda: self.engine.execute(sess, argv))
        else:
            reply = self.engine.execute(sess, argv)
        self.steps.append(Step(who, line, argv, reply, self.clock_moved, extra))
        return reply

    def send(self, line: str) -> tuple[object, list[str]]:
        """Run one learner line; returns its reply and notes about what the task did."""
        word, _, rest = line.strip().partition(" ")
        if word.upper() in self.task.directives:
            self.directives.append((word.upper(), rest.strip()))
            return Status(f"noted: {word.upper()} {rest.strip()}".rstrip()), []
        line = line.replace("$cursor", self.last_cursor).replace("$id", self.last_id)
        try:
            reply = self.run_as("you", line)
        except ValueError as e:      # unbalanced quotes: redis-cli's "Invalid argument(s)"
            return RedisError(f"Invalid argument(s): {e}"), []
        step = self.steps[-1]
        if step.name == "SCAN" and isinstance(reply, list) and reply:
            self.last_cursor = reply[0].decode()
        elif step.name == "XADD" and isinstance(reply, bytes):
            self.last_id = reply.decode()
        notes = []
        for i, h in enumerate(self.task.hooks):
            if i in self.fired or step.name not in h.after:
                continue
            if h.when is not None and not h.when(self.mine()):
                continue
            self.fired.add(i)
            for other in h.other:
                self.run_as("other", other)
            if h.advance_ms:
                self.engine.clock.advance(ms=h.advance_ms)
                self.clock_moved = True
            notes.append(h.note)
        return reply, notes

    def mine(self) -> list[Step]:
        return [s for s in self.steps if s.who == "you"]

    def calls(self, *names: str) -> list[Step]:
        return [s for s in self.mine() if s.name in names]

    def said(self, word: str) -> list[str]:
        """What the learner wrote after a directive word, in order."""
        return [rest for w, rest in self.directives if w == word]

    def finish(self, question: str = "") -> Result:
        r = self.task.check(self)
        r.question = question or self.task.name
        r.mechanic = "task"
        r.score = _clamp(r.score)
        return r


def run_task(name: str, lines: list[str], question: str = "") -> Result:
    task = TASKS[name]
    gone = missing_commands(task.requires)
    if gone:
        return Result(question or name, "task", 0.0, [f"skipped: needs {', '.join(gone)}, not in this engine yet"],
                      note="unavailable")
    run = TaskRun(task)
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            run.send(line)
    return run.finish(question)


def is_null(reply) -> bool:
    return reply is None or reply is NULL_ARRAY


def _int(reply, default=None):
    return reply if isinstance(reply, int) and not isinstance(reply, bool) else default


def credit(r: Result, ok, points: float, done: str = "", todo: str = "") -> bool:
    """One pass-or-miss item of a task check: when ``ok``, add ``points`` and say ``done``
    (if given) as feedback; otherwise list ``todo`` (if given) as missing. Returns
    whether it passed, so a check can go on to what builds on it.

    The messages are built before the call: one that reads what only a passing item
    has (``found[0]``) is appended by the caller under ``if credit(...)`` instead."""
    if ok:
        r.score += points
        if done:
            r.feedback.append(done)
        return True
    if todo:
        r.missing.append(todo)
    return False



# The task modules register themselves; imported last because they build on the
# protocol above. They only *call* ``register``, never read TASKS at import time, so
# importing one of them first (before this module) still fills the registry.
from . import tasks_data, tasks_ops, tasks_sim  # noqa: E402,F401
