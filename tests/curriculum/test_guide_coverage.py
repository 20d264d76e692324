"""Every Redis command the guide shows must be run somewhere in the lesson for its
section (in an example, a setup or a reference solution).

The guide is plain text without code fences, so a command line is recognised as a
line whose first word is upper case and names a command in our table, and which
is not prose: it must not end with a period, and when it splits into arguments
their number must fit the command's arity ("KEYS iterates all keys..." in the quiz
does not). Trailing "# comments" are dropped.

Only sections that have lessons are asserted. When you add the lesson for a
section, remove it from SECTIONS_TO_COME: the test then checks it too, and fails
if you forget to remove it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from redislab.curriculum import load_lessons
from redislab.curriculum.grading import render_items, values_for
from redislab.engine import registry
from redislab.repl.tokenize import TokenizeError, split_args

GUIDE = Path(__file__).resolve().parents[3] / "shared" / "seed" / "redis-guide-2025.txt"
pytestmark = pytest.mark.skipif(not GUIDE.is_file(), reason=f"the guide is not at {GUIDE}")

# Guide sections taught by the quiz bank (quizzes/*.yaml) rather than by a lesson.
# Every other section must have a lesson; no section is left to come.
SECTIONS_TO_COME = [
    "13",                                     # interview questions: quizzes/interview.yaml
    "14",                                     # quiz: quizzes/quiz.yaml
]

_HEADING = re.compile(r"^(\d+)(?:\.(\d+))?\.?\s+[A-Za-z]")
_WORD = re.compile(r"^[A-Z][A-Z0-9_.]*$")


def _name(argv: list[bytes]) -> str | None:
    spec = registry.lookup(argv[0])
    if spec is None:
        return None
    if spec.subcommands and len(argv) > 1 and registry.lookup_sub(spec, argv[1]):
        return f"{spec.name.upper()} {argv[1].decode().upper()}"
    return spec.name.upper()


def guide_commands() -> dict[str, set[str]]:
    """{section: {command names}} and every section heading (with an empty set)."""
    registry.load_all()
    out: dict[str, set[str]] = {}
    section = None
    for raw in GUIDE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line == "References":
            break
        m = _HEADING.match(line)
        if m and not line.startswith("-"):
            section = m[1] if m[2] is None else f"{m[1]}.{m[2]}"
            out.setdefault(section, set())
            continue
        first = line.split(" ", 1)[0]
        if section is None or not _WORD.match(first) or line.endswith("."):
            continue
        code = re.sub(r"\s+#\s.*$", "", line)
        try:
            argv = split_args(code)
        except TokenizeError:          # e.g. EVAL " opening a multi-line script
            argv = [first.encode()]
            if registry.lookup(argv[0]) is not None:
                out[section].add(_name(argv))
            continue
        spec = registry.lookup(argv[0])
        if spec is None:
            continue
        n = spec.arity
        if (n > 0 and len(argv) != n) or len(argv) < -n:
            continue
        out[section].add(_name(argv))
    return out


def lesson_commands() -> dict[str, set[str]]:
    """{section: {command names}} executed by the lessons of that section."""
    res = load_lessons()
    assert not res.errors, [str(e) for e in res.errors]
    out: dict[str, set[str]] = {}
    for lesson in res.lessons:
        names = out.setdefault(lesson.section, set())
        lines = [ex.command.text for step in lesson.steps for ex in step.examples
                 if hasattr(ex.command, "text")]
        for ex in lesson.exercises:
            env = values_for(ex, 0)
            for item in render_items(ex.setup, env) + render_items(ex.solution, env):
                lines += item if isinstance(item, list) else ([item] if isinstance(item, str) else [])
        for text in lines:
            argv = split_args(text)
            if argv and _name(argv):
                names.add(_name(argv))
    return out


def _covered(sections, with_lessons) -> set[str]:
    covered = set(with_lessons)
    for s in with_lessons:      # a whole-section lesson (09-cluster is "9") covers its subsections
        covered |= {t for t in sections if t.startswith(s + ".")}
    for s in sections:
        subs = [t for t in sections if t.startswith(s + ".")]
        if subs and all(t in covered for t in subs):
            covered.add(s)
    return covered


def test_the_guide_parser_finds_the_known_commands():
    g = guide_commands()
    assert g["2.1"] == {"SET", "GET", "INCR", "INCRBY", "TTL"}
    assert g["2.3"] == {"SADD", "SISMEMBER", "SINTER", "SUNION", "SDIFF", "SRANDMEMBER"}
    assert "KEYS" not in g["14"] and "ZADD" not in g["14"]    # quiz prose, not commands
    assert "EVAL" in g["8.1"]


def test_lessons_run_every_command_the_guide_shows():
    guide, lessons = guide_commands(), lesson_commands()
    for s in list(lessons):     # ...and must run the commands of those subsections
        for t in guide:
            if t.startswith(s + ".") and t not in lessons:
                lessons[t] = lessons[s]
    missing = {s: sorted(cmds - lessons.get(s, set())) for s, cmds in guide.items()
               if s in lessons and cmds - lessons.get(s, set())}
    assert not missing, f"guide commands no lesson of that section runs: {missing}"
    assert {"1", "2.1", "2.2", "2.3", "2.4", "2.5"} <= set(lessons)


def test_every_section_is_covered_or_listed_as_to_come():
    guide, lessons = guide_commands(), lesson_commands()
    covered = _covered(guide, lessons)
    leaves = {s for s in guide if not any(t.startswith(s + ".") for t in guide)}
    uncovered = sorted(leaves - covered, key=lambda s: [int(x) for x in s.split(".")])
    assert uncovered == SECTIONS_TO_COME, "update SECTIONS_TO_COME to the sections still without a lesson"
    assert not set(SECTIONS_TO_COME) & set(lessons), "a section with a lesson is still listed as to come"


def test_quiz_sections_commands_are_run_somewhere():
    """Sections 13 and 14 are graded as questions; any command they show must still be
    run by some lesson, so a learner has practised it."""
    guide, lessons = guide_commands(), lesson_commands()
    everywhere = set().union(*lessons.values())
    shown = set().union(*(guide.get(s, set()) for s in SECTIONS_TO_COME))
    assert shown <= everywhere, sorted(shown - everywhere)
