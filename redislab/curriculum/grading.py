"""Run an exercise and grade it: on state, on method, and on hidden variants.

Two ways in:

* ``grade(exercise, learner_commands, seed)`` - a fresh sandboxed engine on a virtual
  clock: draw the variables from ``seed``, run the setup, replay the learner's
  commands while recording a command log, run the checks. Used by tests, the checker,
  and any front end that collects commands first.
* ``prepare_live`` / ``grade_live`` - the lab's way: the exercise lives in a database
  of the lab's own engine (one per lesson); the learner types into a console there,
  the lab records a ``CommandLog``, and grading reads that database in place.

Either way, once the visible run passes, the learner's commands (literal text, as
typed) are replayed on ``exercise.variants`` fresh sandboxes whose hidden variables
were re-drawn. Failing there is its own verdict - "passes on your data but not on a
variant" - because it means an answer was typed in rather than computed by Redis.
"""
from __future__ import annotations

import zlib
from contextlib import contextmanager
from dataclasses import dataclass

from ..engine import Engine, VirtualClock
from ..errors import RedisError
from ..repl.tokenize import TokenizeError, split_args
from . import variants as V
from .checks import Ctx, LogEntry, cli_text, run_check
from .labels import describe
from .schema import Batch, Cmd, Exercise, Wait

SANDBOX_START_MS = 1_700_000_000_000


class SetupError(Exception):
    """The exercise's own setup failed: a bug in the lesson, not the learner's fault."""


# ------------------------------------------------------------ command log

class CommandLog:
    """The learner's commands in order, with replies, pipeline batches and time jumps.

    The lab calls ``record`` after each command it sends and wraps a pipeline in
    ``with log.batch():``; ``wait`` records a fast-forward of the virtual clock so a
    replay on a variant sees time pass at the same points."""

    def __init__(self):
        self.events: list = []          # LogEntry | Wait
        self._batch: int | None = None
        self._batches = 0

    @property
    def entries(self) -> list[LogEntry]:
        return [e for e in self.events if isinstance(e, LogEntry)]

    def record(self, argv, reply, text: str | None = None) -> LogEntry:
        entry = LogEntry([bytes(a) for a in argv], reply, self._batch, text)
        self.events.append(entry)
        return entry

    def wait(self, seconds: float) -> None:
        self.events.append(Wait(float(seconds), 0))

    @contextmanager
    def batch(self):
        self._batches += 1
        self._batch = self._batches
        try:
            yield self._batch
        finally:
            self._batch = None

    def clear(self) -> None:
        self.events.clear()


# ------------------------------------------------------------ results

@dataclass
class CheckResult:
    kind: str
    category: str            # state | reply | method
    passed: bool
    reason: str              # empty when passed
    line: int                # where the check is written (for instructors)
    hint: int | None = None
    label: str = ""          # what it looks at, for the learner ("value of home:city")


@dataclass
class GradeResult:
    passed: bool
    failure: str | None              # None | "checks" | "variant"
    reason: str                      # one line for the learner
    checks: list[CheckResult]        # the visible run, every check
    env: dict                        # the values the learner's data was drawn with
    log: list[LogEntry]
    hint_index: int | None = None    # which hint to show now
    reveal_solution: bool = False    # whether the lab may offer the reference solution
    variant: dict | None = None      # {"index", "checks"} of the variant that failed
    variants_run: int = 0

    @property
    def failed_checks(self) -> list[CheckResult]:
        return [c for c in self.checks if not c.passed]

    def as_dict(self) -> dict:
        """Plain data for a front end or a progress file (no engine values inside)."""
        def rows(checks):
            return [{"kind": c.kind, "category": c.category, "passed": c.passed,
                     "reason": c.reason, "hint": c.hint} for c in checks]
        return {"passed": self.passed, "failure": self.failure, "reason": self.reason,
                "checks": rows(self.checks), "hint_index": self.hint_index,
                "reveal_solution": self.reveal_solution, "variants_run": self.variants_run,
                "variant": None if self.variant is None else
                {"index": self.variant["index"], "checks": rows(self.variant["checks"])},
                "commands": [e.shown() for e in self.log]}


# ------------------------------------------------------------ sandboxes

class Sandbox:
    """A fresh engine on a virtual clock, a learner session and a grader session."""

    def __init__(self, seed=0, engine: Engine | None = None, dbnum: int = 0, config: dict | None = None):
        if engine is None:
            # ``config``: a lesson's engine options (e.g. cluster-enabled for section 9)
            from .schema import engine_params

            engine = Engine(clock=VirtualClock(SANDBOX_START_MS, seed=_int_seed(seed)), seed=_int_seed(seed),
                            config=engine_params(config))
        self.engine = engine
        self.dbnum = dbnum
        self.learner = self._session()
        self.grader = self._session()
        self.grader.no_pause = True      # a learner's CLIENT PAUSE holds them, never the grading

    def _session(self):
        s = self.engine.session("lab")
        s.no_block = True    # a blocking command on an empty key answers nil at once, as inside MULTI
        s.select(self.dbnum)
        return s

    def read(self, *args):
        return self.engine.execute(self.grader, [a if isinstance(a, bytes) else str(a).encode() for a in args])

    def advance(self, seconds: float) -> None:
        clock = self.engine.clock
        if getattr(clock, "virtual", False):
            clock.advance(seconds)

    def close(self) -> None:
        for s in (self.learner, self.grader):
            self.engine.close_session(s)


def _int_seed(seed) -> int:
    # crc32, not hash(): str hashes change per process, and a run must replay exactly
    return seed if isinstance(seed, int) else zlib.crc32(str(seed).encode())


def values_for(ex: Exercise, seed) -> dict:
    """The learner's visible data for ``seed`` (what the goal text is rendered with)."""
    return V.draw(ex.vars, f"{ex.id}/{seed}")


def render_items(items: list, env: dict) -> list:
    """Setup/solution items with placeholders filled: str, [str, ...] for a pipeline, or Wait."""
    out = []
    for it in items:
        if isinstance(it, Cmd):
            out.append(V.render(it.text, env))
        elif isinstance(it, Batch):
            out.append([V.render(c.text, env) for c in it.commands])
        else:
            out.append(it)
    return out


def run_setup(sb: Sandbox, ex: Exercise, env: dict) -> None:
    s = sb.engine.session("lab")
    s.no_block = True
    s.no_pause = True
    s.select(sb.dbnum)
    try:
        for item in render_items(ex.setup, env):
            if isinstance(item, Wait):
                sb.advance(item.seconds)
                continue
            for line in item if isinstance(item, list) else [item]:
                try:
                    argv = split_args(line)
                except TokenizeError as e:
                    raise SetupError(f"setup line {line!r}: {e}") from None
                reply = sb.engine.execute(s, argv)
                if isinstance(reply, RedisError):
                    raise SetupError(f"setup command `{line}` failed: {reply.message}")
    finally:
        sb.engine.close_session(s)


def replay(sb: Sandbox, learner) -> CommandLog:
    """Send the learner's commands to the sandbox and log them. ``learner`` is a
    CommandLog (replayed as recorded) or a list of lines, where a nested list of
    lines is one pipeline batch and a Wait moves the clock."""
    return _replay_events(sb, _log_events(learner) if isinstance(learner, CommandLog) else _as_events(learner))


def _replay_events(sb: Sandbox, events: list) -> CommandLog:
    log = CommandLog()
    for ev in events:
        if isinstance(ev, Wait):
            sb.advance(ev.seconds)
            log.events.append(ev)
            continue
        argv, text, batch = ev
        if argv is None:        # a line that does not tokenize: redis-cli refuses it too
            continue
        # batch numbers are kept as recorded, so a replay groups commands the same way
        log.events.append(LogEntry(argv, sb.engine.execute(sb.learner, argv), batch, text))
    return log


def _as_events(lines) -> list:
    out, n = [], 0
    for item in lines:
        if isinstance(item, Wait):
            out.append(item)
            continue
        group = None
        if isinstance(item, (list, tuple)):
            n += 1
            group = n
        for line in item if isinstance(item, (list, tuple)) else [item]:
            try:
                argv = split_args(line) if isinstance(line, str) else [bytes(a) for a in line]
            except TokenizeError:
                argv = None
            out.append((argv or None, line if isinstance(line, str) else None, group))
    return out


def _log_events(log: CommandLog) -> list:
    return [ev if isinstance(ev, Wait) else (ev.argv, ev.text, ev.batch) for ev in log.events]


# ------------------------------------------------------------ grading

def run_checks(ex: Exercise, read, entries: list, env: dict) -> list[CheckResult]:
    ctx = Ctx(read, entries, env)
    out = []
    for chk in ex.checks:
        ok, reason = run_check(chk, ctx)
        out.append(CheckResult(chk.kind, chk.category, ok, reason, chk.line, chk.hint, describe(chk, env)))
    return out


def _verdict(ex: Exercise, checks: list[CheckResult], env: dict, log: list, attempt: int) -> GradeResult:
    failed = [c for c in checks if not c.passed]
    res = GradeResult(not failed, "checks" if failed else None,
                      failed[0].reason if failed else "All checks pass.", checks, env, log)
    if failed:
        pointed = next((c.hint for c in failed if c.hint is not None), None)
        if pointed is not None:
            res.hint_index = pointed
        elif ex.hints:
            res.hint_index = min(max(attempt, 1) - 1, len(ex.hints) - 1)
        res.reveal_solution = attempt >= ex.reveal_after
    else:
        res.reveal_solution = True      # a learner who passed may compare with the reference
    return res


def _variants(ex: Exercise, result: GradeResult, events: list, seed) -> GradeResult:
    """Replay the learner's commands on data the learner has not seen."""
    if not result.passed or ex.variants <= 0:
        return result
    envs = V.hidden_variants(ex.vars, result.env, ex.hidden_names(), ex.variants, f"{ex.id}/{seed}")
    for i, env in enumerate(envs, 1):
        sb = Sandbox(seed=f"{ex.id}/{seed}/v{i}", config=ex.engine_config)
        run_setup(sb, ex, env)
        log = _replay_events(sb, events)
        checks = run_checks(ex, sb.read, log.entries, env)
        result.variants_run = i
        failed = [c for c in checks if not c.passed]
        if failed:
            result.passed = False
            result.failure = "variant"
            result.variant = {"index": i, "checks": checks}
            result.reason = ("Passes on your data but not on a variant: replayed on other data, "
                             f"{failed[0].reason}. Your commands must work whatever the data is; "
                             "did you type in a value you read instead of letting Redis work it out?")
            pointed = next((c.hint for c in failed if c.hint is not None), None)
            result.hint_index = pointed if pointed is not None else (len(ex.hints) - 1 if ex.hints else None)
            result.reveal_solution = False
            return result
    return result


def grade(ex: Exercise, learner, seed=0, attempt: int = 1) -> GradeResult:
    """Grade the learner's commands (lines, or a CommandLog) on a fresh sandbox."""
    env = values_for(ex, seed)
    sb = Sandbox(seed=f"{ex.id}/{seed}", config=ex.engine_config)
    run_setup(sb, ex, env)
    log = replay(sb, learner)
    checks = run_checks(ex, sb.read, log.entries, env)
    result = _verdict(ex, checks, env, log.entries, attempt)
    return _variants(ex, result, _log_events(log), seed)


def prepare_live(ex: Exercise, engine: Engine, dbnum: int, seed=0) -> dict:
    """Empty the lesson's database in the lab's engine, run the setup there, and return
    the values (render the goal with them)."""
    env = values_for(ex, seed)
    sb = Sandbox(engine=engine, dbnum=dbnum)
    try:
        sb.read("FLUSHDB")
        run_setup(sb, ex, env)
    finally:
        sb.close()
    return env


def grade_live(ex: Exercise, engine: Engine, dbnum: int, log: CommandLog, env: dict,
               seed=0, attempt: int = 1) -> GradeResult:
    """Grade what the learner did in the lab: state is read in place, then variants."""
    sb = Sandbox(engine=engine, dbnum=dbnum)
    try:
        checks = run_checks(ex, sb.read, log.entries, env)
    finally:
        sb.close()
    result = _verdict(ex, checks, env, log.entries, attempt)
    return _variants(ex, result, _log_events(log), seed)


def solution_commands(ex: Exercise, env: dict) -> list:
    """The reference solution as a learner would type it with this data."""
    return render_items(ex.solution, env)


def run_examples(examples: list, sandbox: Sandbox, env: dict | None = None) -> list:
    """Run step examples in order on one sandbox: [(example, argv, reply_text | None)]."""
    out = []
    for ex in examples:
        if isinstance(ex.command, Wait):
            sandbox.advance(ex.command.seconds)
            out.append((ex, None, None))
            continue
        argv = split_args(V.render(ex.command.text, env or {}))
        reply = sandbox.engine.execute(sandbox.learner, argv)
        out.append((ex, argv, cli_text(reply, argv)))
    return out
