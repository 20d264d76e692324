"""``redislab lessons check [PATH]`` and ``redislab lessons new ID``.

The checker holds lessons to what the engine really does, so a lesson can never
teach a reply Redis would not give:

* the schema (schema.py) with ``file:line`` positions;
* every command in examples, setups and solutions is in the command table;
* every example's stated reply equals the engine's reply in redis-cli's format;
* every setup runs without an error, and does not already satisfy the checks;
* every reference solution passes its own checks, for several learner seeds, and on
  the hidden variants (so the reference itself is not hard-coded);
* prerequisites name lessons that exist, and ids are unique.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..engine import registry
from ..repl.tokenize import TokenizeError, split_args
from . import variants as V
from .checks import same_cli_text
from .grading import Sandbox, SetupError, grade, run_examples, solution_commands, values_for
from .loader import lesson_files, load_file, load_lessons
from .schema import Batch, Cmd, Lesson, LessonError, Wait

SOLUTION_SEEDS = (0, 1, 2)   # learners get different data; the reference must work for each


def _command_errors(lesson: Lesson, text: str, line: int, where: str) -> list[LessonError]:
    try:
        argv = split_args(text)
    except TokenizeError as e:
        return [LessonError(lesson.path, line, f"{where}: cannot split {text!r}: {e}")]
    if not argv:
        return [LessonError(lesson.path, line, f"{where}: empty command")]
    spec = registry.lookup(argv[0])
    name = argv[0].decode("utf-8", "replace")
    if spec is None:
        return [LessonError(lesson.path, line, f"{where}: {name} is not a command the engine knows")]
    if spec.subcommands and spec.fn is None:
        if len(argv) < 2 or registry.lookup_sub(spec, argv[1]) is None:
            sub = argv[1].decode("utf-8", "replace") if len(argv) > 1 else ""
            return [LessonError(lesson.path, line, f"{where}: {name} has no subcommand {sub!r}")]
    return []


def _items_lines(items: list) -> list[Cmd]:
    out = []
    for it in items:
        if isinstance(it, Cmd):
            out.append(it)
        elif isinstance(it, Batch):
            out += it.commands
    return out


def check_lesson(lesson: Lesson) -> list[LessonError]:
    """Everything beyond the schema: commands, example replies, solutions."""
    registry.load_all()
    errs: list[LessonError] = []
    path = lesson.path
    # Examples run in order on one engine, as a learner reading the lesson would.
    sb = Sandbox(seed=lesson.seed, config=lesson.engine_config)
    for step in lesson.steps:
        for ex in step.examples:
            if isinstance(ex.command, Wait):
                sb.advance(ex.command.seconds)
                continue
            bad = _command_errors(lesson, ex.command.text, ex.command.line, "example")
            if bad:
                errs += bad
                continue
            [(_, argv, got)] = run_examples([ex], sb)
            if ex.reply is None:
                if got.startswith("(error)"):
                    errs.append(LessonError(path, ex.command.line,
                                            f"example `{ex.command.text}` fails: {got} (state the reply if that is the point)"))
                continue
            if ex.random:
                if len(ex.reply.strip("\n").splitlines()) != len(got.splitlines()):
                    errs.append(LessonError(path, ex.command.line,
                                            f"example `{ex.command.text}`: the stated reply has another shape "
                                            f"than the engine's:\n{got}"))
            elif not same_cli_text(ex.reply, got):
                errs.append(LessonError(path, ex.command.line,
                                        f"example `{ex.command.text}` shows {ex.reply.strip()!r} but the engine "
                                        f"replies {got!r}"))
    for ex in lesson.exercises:
        errs += _check_exercise(lesson, ex)
    return errs


def _check_exercise(lesson: Lesson, ex) -> list[LessonError]:
    path, errs = lesson.path, []
    env = values_for(ex, SOLUTION_SEEDS[0])
    for where, items in (("setup", ex.setup), ("solution", ex.solution)):
        for cmd in _items_lines(items):
            try:
                text = V.render(cmd.text, env)
            except V.VarError as e:
                errs.append(LessonError(path, cmd.line, f"{where}: {e}"))
                continue
            errs += _command_errors(lesson, text, cmd.line, where)
    for chk in ex.checks:
        if chk.kind == "reply" and "same_as" in chk.params:
            try:
                text = V.as_text(V.render_value(chk.params["same_as"], env))
            except V.VarError as e:
                errs.append(LessonError(path, chk.line, f"check: {e}"))
                continue
            errs += _command_errors(lesson, text, chk.line, "reply same_as")
    if errs:
        return errs
    try:
        untouched = grade(ex, [], SOLUTION_SEEDS[0])
    except SetupError as e:
        return [LessonError(path, ex.line, f"exercise '{ex.id}': {e}")]
    if untouched.passed:
        errs.append(LessonError(path, ex.line, f"exercise '{ex.id}': the checks already pass before the learner "
                                               "does anything; add a check the setup does not satisfy"))
    for seed in SOLUTION_SEEDS:
        env = values_for(ex, seed)
        res = grade(ex, solution_commands(ex, env), seed)
        if res.passed:
            continue
        if res.failure == "variant":
            bad = [c for c in res.variant["checks"] if not c.passed]
            errs += [LessonError(path, c.line, f"exercise '{ex.id}': the reference solution is hard-coded - on "
                                               f"hidden variant {res.variant['index']} (seed {seed}): {c.reason}. "
                                               "Only variables named in the goal may appear in the solution")
                     for c in bad[:1]]
        else:
            errs += [LessonError(path, c.line, f"exercise '{ex.id}': the reference solution fails this check "
                                               f"(seed {seed}): {c.reason}") for c in res.failed_checks]
        break
    return errs


def check_path(path: Path) -> list[LessonError]:
    """Validate one lesson file or every lesson in a folder (and the code labs in
    ``codelabs/`` beside a lessons folder: their reference solutions are run too)."""
    from . import codelab

    path = Path(path)
    if codelab.is_codelab_path(path):
        return codelab.check_path(path)
    if path.is_dir():
        res = load_lessons(path, strict=False)
        errs = list(res.errors)
        # Only files whose schema is clean are run: a half-valid lesson could hold
        # placeholders in examples or checks that cannot be evaluated.
        bad_files = {e.path for e in res.errors}
        for lesson in res.lessons:
            if lesson.path not in bad_files:
                errs += _safe_check(lesson)
        return errs + codelab.check_beside(path)
    if not path.exists():
        return [LessonError(str(path), 1, "no such file or folder")]
    lesson, errs = load_file(path)
    if lesson is not None and not errs:
        errs += _safe_check(lesson)
    return errs


def _safe_check(lesson: Lesson) -> list[LessonError]:
    """One lesson that trips the checker itself must not hide the others' results."""
    try:
        return check_lesson(lesson)
    except Exception as e:  # noqa: BLE001
        return [LessonError(lesson.path, lesson.line, f"internal error while checking this lesson: {e!r}")]


# ------------------------------------------------------------ scaffolding

TEMPLATE = '''\
# A lesson for redislab. The format is described in docs/LESSONS.md.
# Check it with: redislab lessons check {path}
id: {id}
title: "{title}"
section: "{section}"
prerequisites: []
minutes: 10
summary: |
  One or two sentences on what the learner will be able to do afterwards.

steps:
  - title: A first look
    text: |
      Explain the idea in your own words. Examples run in order on one engine,
      and the checker verifies every reply you state.
    examples:
      - command: SET greeting hello
        reply: OK
      - command: GET greeting
        reply: '"hello"'

exercises:
  - id: count-visits
    title: Count a visit
    goal: |
      `visits` holds a page's visit counter. Record one more visit without
      reading the value first.
    vars:
      n: int 5..50
    setup:
      - SET visits {{{{n}}}}
    hints:
      - One command increments a number stored in a string.
    solution:
      - INCR visits
    checks:
      - value: {{key: visits, equals: "{{{{n + 1}}}}"}}
      - used: INCR
      - not_used: [GET, SET]
'''


def scaffold(lesson_id: str, folder: Path, section: str = "1", title: str | None = None) -> Path:
    from .schema import ID_RE

    if not ID_RE.match(lesson_id):
        raise ValueError(f"lesson id '{lesson_id}' must be lower-case letters, digits and dashes")
    path = Path(folder) / f"{lesson_id}.yaml"
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    text = TEMPLATE.format(id=lesson_id, title=title or lesson_id.replace("-", " ").capitalize(),
                           section=section, path=path)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------ command line

def add_arguments(p: argparse.ArgumentParser):
    """Called from cli.py's ``lessons`` subcommand."""
    sub = p.add_subparsers(dest="lessons_command", metavar="ACTION")
    c = sub.add_parser("check", help="validate lessons: schema, commands, example replies, solutions")
    c.add_argument("path", nargs="?", default=None, help="a lesson file or folder (default: the shipped lessons)")
    n = sub.add_parser("new", help="scaffold a valid lesson file to edit")
    n.add_argument("id", help="lesson id, also the file name, e.g. 03-1-hyperloglog")
    n.add_argument("--dir", default=None, help="folder to write to (default: the lessons folder)")
    n.add_argument("--section", default="1", help='guide section, e.g. "3.1"')
    n.add_argument("--title", default=None)
    sub.add_parser("list", help="list the lessons")
    return run


def run(args, out=None) -> int:
    from ..content import lessons_dir

    out = out or sys.stdout
    action = getattr(args, "lessons_command", None)
    if action == "check":
        path = Path(args.path) if args.path else lessons_dir()
        errs = check_path(path)
        for e in errs:
            print(e, file=out)
        count = len(lesson_files(path)) if path.is_dir() else 1
        print(f"{count} lesson file(s) checked, {len(errs)} error(s)", file=out)
        return 1 if errs else 0
    if action == "new":
        try:
            path = scaffold(args.id, Path(args.dir) if args.dir else lessons_dir(), args.section, args.title)
        except (ValueError, FileExistsError) as e:
            print(f"error: {e}", file=out)
            return 2
        print(f"created {path}", file=out)
        return 0
    if action == "list":
        res = load_lessons()
        for lesson in res.lessons:
            print(f"{lesson.section:>5}  {lesson.id:<24} {lesson.title} ({len(lesson.exercises)} exercises)", file=out)
        for e in res.errors:
            print(e, file=out)
        return 1 if res.errors else 0
    print("usage: redislab lessons {check,new,list} ...", file=out)
    return 2
