"""The checker: every shipped lesson must pass it (CI runs this), and it catches
what an instructor can get wrong, with file:line positions."""

from pathlib import Path

from redislab import cli
from redislab.content import lessons_dir
from redislab.curriculum.checker import check_path, scaffold
from redislab.curriculum.loader import load_lessons

HEAD = """\
id: bad
title: Bad
section: "2.1"
minutes: 5
steps:
  - title: s
    text: t
"""


def write(tmp_path, body, name="bad"):
    p = tmp_path / f"{name}.yaml"
    p.write_text(HEAD.replace("id: bad", f"id: {name}") + body)
    return p


def test_shipped_lessons_pass_the_checker():
    errs = check_path(lessons_dir())
    assert errs == [], "\n".join(map(str, errs))
    res = load_lessons()
    assert {l.id for l in res.lessons} >= {"01-overview", "02-1-strings", "02-2-lists", "02-3-sets",
                                          "02-4-sorted-sets", "02-5-hashes"}
    for lesson in res.lessons:
        assert 2 <= len(lesson.exercises) <= 4, lesson.id
        kinds = {c.category for ex in lesson.exercises for c in ex.checks}
        assert {"state", "method"} <= kinds or {"reply", "method"} <= kinds, lesson.id


def test_cli_check_exit_codes_and_output(tmp_path, capsys):
    assert cli.main(["lessons", "check"]) == 0
    assert "0 error(s)" in capsys.readouterr().out
    p = write(tmp_path, """\
    examples:
      - command: SET a 1
        reply: '"1"'
""")
    assert cli.main(["lessons", "check", str(p)]) == 1
    out = capsys.readouterr().out
    assert f"{p}:9: example `SET a 1` shows '\"1\"' but the engine replies 'OK'" in out


def test_examples_unknown_commands_and_errors(tmp_path):
    p = write(tmp_path, """\
    examples:
      - command: FROB a
      - command: INCR a
      - SET s hello
      - command: INCR s
      - command: SRANDMEMBER nokey -3
        reply: |
          1) "x"
          2) "x"
        random: true
      - command: CONFIG FROB
""")
    errs = [str(e) for e in check_path(p)]
    assert f"{p}:9: example: FROB is not a command the engine knows" in errs
    assert any(e.startswith(f"{p}:12: example `INCR s` fails: (error) ERR value is not an integer") for e in errs)
    assert any(e.startswith(f"{p}:13: example `SRANDMEMBER nokey -3`: the stated reply has another shape") for e in errs)
    assert f"{p}:18: example: CONFIG has no subcommand 'FROB'" in errs
    assert len(errs) == 4


def test_solution_problems_are_found(tmp_path):
    p = write(tmp_path, """\
exercises:
  - id: wrong
    title: T
    goal: Add one.
    vars: {n: "int 1..50"}
    setup: ["SET c {{n}}"]
    solution: [INCRBY c 2]
    checks:
      - value: {key: c, equals: "{{n + 1}}"}
  - id: solved
    title: T
    goal: G
    setup: [SET k v]
    solution: [GET k]
    checks: [{exists: k}]
  - id: hardcoded
    title: T
    goal: Add one.
    vars: {n: "int 1..50"}
    setup: ["SET c {{n}}"]
    solution: ["SET c {{n + 1}}"]
    checks:
      - value: {key: c, equals: "{{n + 1}}"}
  - id: badsetup
    title: T
    goal: G
    setup: [LPUSH k]
    solution: [GET k]
    checks: [{exists: k}]
  - id: nosuch
    title: T
    goal: G
    solution: [FLY away]
    checks: [{exists: k}]
""")
    errs = [str(e) for e in check_path(p)]
    assert any(e.startswith(f"{p}:16: exercise 'wrong': the reference solution fails this check (seed 0):") for e in errs)
    assert f"{p}:17: exercise 'solved': the checks already pass before the learner does anything; " \
           "add a check the setup does not satisfy" in errs
    assert any(e.startswith(f"{p}:30: exercise 'hardcoded': the reference solution is hard-coded") for e in errs)
    assert any(e.startswith(f"{p}:31: exercise 'badsetup': setup command `LPUSH k` failed: ERR wrong number")
               for e in errs)
    assert f"{p}:40: solution: FLY is not a command the engine knows" in errs


def test_new_scaffolds_a_lesson_that_passes(tmp_path, capsys):
    assert cli.main(["lessons", "new", "03-1-hyperloglog", "--dir", str(tmp_path), "--section", "3.1"]) == 0
    path = tmp_path / "03-1-hyperloglog.yaml"
    assert path.is_file() and 'section: "3.1"' in path.read_text()
    assert check_path(path) == []
    assert cli.main(["lessons", "new", "03-1-hyperloglog", "--dir", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().out
    assert cli.main(["lessons", "new", "Bad Id", "--dir", str(tmp_path)]) == 2


def test_a_broken_file_does_not_stop_the_others(tmp_path):
    scaffold("good-one", tmp_path)
    (tmp_path / "broken.yaml").write_text("id: broken\ntitle: [oops\n")
    (tmp_path / "half.yaml").write_text(HEAD.replace("id: bad", "id: half") + "prerequisites: [nope]\ncolour: x\n")
    res = load_lessons(tmp_path)
    assert [l.id for l in res.lessons] == ["good-one"]
    assert set(res.broken) == {str(tmp_path / "broken.yaml"), str(tmp_path / "half.yaml")}
    text = "\n".join(map(str, res.errors))
    assert f"{tmp_path / 'broken.yaml'}:" in text and "YAML syntax" in text
    assert f"{tmp_path / 'half.yaml'}:9: unknown field 'colour'" in text
    lenient = load_lessons(tmp_path, strict=False)
    assert {l.id for l in lenient.lessons} == {"good-one", "half"}
    assert any("prerequisite 'nope' is not a lesson" in str(e) for e in lenient.errors)
    assert cli.main(["lessons", "check", str(tmp_path)]) == 1


def test_duplicate_lesson_ids(tmp_path):
    scaffold("dup", tmp_path)
    (tmp_path / "zz.yaml").write_text((tmp_path / "dup.yaml").read_text())
    errs = [str(e) for e in check_path(tmp_path)]
    assert any("lesson id 'dup' must match the file name 'zz.yaml'" in e for e in errs)


def test_the_example_in_the_docs_passes(tmp_path):
    doc = Path(__file__).resolve().parents[2] / "docs" / "LESSONS.md"
    text = doc.read_text().split("## A complete example", 1)[1]
    body = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    p = tmp_path / "02-1-strings-demo.yaml"
    p.write_text(body)
    errs = [str(e) for e in check_path(p)]
    assert errs == []
