"""The lesson-level `engine:` option: cluster lessons run and grade on cluster engines."""
from __future__ import annotations

from pathlib import Path

from redislab.curriculum.grading import grade
from redislab.curriculum.schema import parse_lesson

LESSON = """\
id: demo
title: Demo
section: "9"
minutes: 5
{engine}
steps:
  - title: Slots
    text: t
    examples:
      - command: MGET a b
        reply: (error) CROSSSLOT Keys in request don't hash to the same slot
exercises:
  - id: tag
    title: Tag
    goal: Read `{{u}}:a` and `{{u}}:b` with one MGET.
    setup:
      - MSET {{u}}:a 1 {{u}}:b 2
    solution:
      - MGET {{u}}:a {{u}}:b
    checks:
      - reply: {{command: MGET, equals: "1) \\"1\\"\\n2) \\"2\\""}}
"""


def _lesson(engine_line: str):
    return parse_lesson(LESSON.format(engine=engine_line), "<demo>")


def test_engine_cluster_reaches_lessons_and_exercises():
    lesson, errs = _lesson("engine: {cluster: true}")
    assert not errs
    assert lesson.engine_config == {"cluster-enabled": True}
    assert lesson.exercises[0].engine_config == {"cluster-enabled": True}


def test_grading_uses_a_cluster_engine():
    lesson, _ = _lesson("engine: {cluster: true}")
    ex = lesson.exercises[0]
    assert grade(ex, ["MGET {u}:a {u}:b"]).passed
    res = grade(ex, ["MGET {u}:a x"])
    assert not res.passed and "CROSSSLOT" in res.reason
    plain, _ = _lesson("")
    assert plain.engine_config is None
    assert not grade(plain.exercises[0], ["MGET {u}:a x"]).passed


def test_bad_engine_options_point_at_their_line():
    _, errs = _lesson("engine: {cluster: yes}")
    assert any("engine 'cluster' must be true or false" in str(e) and ":5:" in str(e) for e in errs)
    _, errs = _lesson("engine: {shards: 3}")
    assert any("unknown field 'shards' in engine" in str(e) for e in errs)
    _, errs = _lesson("engine: cluster")
    assert any("engine must be a mapping" in str(e) for e in errs)


def test_the_cluster_lesson_passes_the_checker():
    from redislab.curriculum.checker import check_path

    path = Path(__file__).resolve().parents[2] / "lessons" / "09-cluster.yaml"
    assert [str(e) for e in check_path(path)] == []
