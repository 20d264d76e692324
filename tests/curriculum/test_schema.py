"""The lesson schema: lines in errors, YAML surprises, exercise fields."""
from redislab.curriculum.schema import load_yaml

from .helpers import HEAD, errors, exercise, lesson


def test_valid_minimal_lesson_builds_objects():
    les = lesson("""
exercises:
  - id: e1
    title: T
    goal: Add {{k}}.
    vars:
      n: int 1..9
      k: choice [2, 3]
    setup: ["SET c {{n}}"]
    hints: [use INCRBY]
    solution: ["INCRBY c {{k}}"]
    checks:
      - value: {key: c, equals: "{{n + k}}"}
        hint: 0
""")
    ex = les.exercises[0]
    assert les.section == "2.1" and ex.id == "e1"
    assert ex.goal_names() == {"k"} and ex.hidden_names() == {"n"}
    assert ex.variants == 3                      # default when hidden data exists
    assert ex.checks[0].kind == "value" and ex.checks[0].hint == 0
    assert ex.checks[0].line == 20


def test_no_hidden_vars_means_no_variants_by_default():
    ex = exercise("""
id: e
title: T
goal: Store {{v}}.
vars: {v: "choice [a, b]"}
solution: ["SET k {{v}}"]
checks: [{value: {key: k, equals: "{{v}}"}}]
""")
    assert ex.variants == 0


def test_errors_carry_file_and_line():
    errs = errors("""\
id: x
title: T
section: "1"
minutes: 5
colour: blue
steps:
  - title: a
    text: b
    exampels: []
""", "lessons/x.yaml")
    assert "lessons/x.yaml:5: unknown field 'colour' in lesson" in errs[0]
    assert any(e.startswith("lessons/x.yaml:9: unknown field 'exampels' in step") for e in errs)


def test_missing_fields_and_bad_values():
    errs = errors("""\
id: Bad_Id
section: two
minutes: 0
steps: []
""")
    text = "\n".join(errs)
    assert "<t>:1: lesson id 'Bad_Id' must be lower-case" in text
    assert "missing the required field 'title'" in text
    assert "<t>:2: section 'two'" in text
    assert "<t>:3: lesson 'minutes' must be a whole number >= 1" in text
    assert "<t>:4: a lesson needs at least one step" in text


def test_id_must_match_file_name():
    errs = errors(HEAD, "lessons/other.yaml")
    assert errs == ["lessons/other.yaml:1: lesson id 't-lesson' must match the file name 'other.yaml'"]


def test_yaml_syntax_error_has_line():
    errs = errors("id: x\ntitle: [unclosed\nsection: 1\n")
    assert len(errs) == 1 and errs[0].startswith("<t>:") and "YAML syntax" in errs[0]


def test_duplicate_keys_are_reported():
    errs = errors(HEAD + "title: again\n")
    assert "<t>:8: duplicate key 'title'" in errs


def test_numbers_keep_their_text_and_yes_is_not_a_bool():
    data, _ = load_yaml('section: 2.10\nv: 007\nw: [yes, no, on]\nb: true\n')
    assert data["section"].src == "2.10" and data["v"].src == "007"
    assert data["w"] == ["yes", "no", "on"] and data["b"] is True


def test_check_errors():
    body = """
exercises:
  - id: e
    title: T
    goal: G
    solution: [SET k v]
    checks:
      - exists: k
        valuee: 3
      - frobnicate: k
      - used: NOSUCHCMD
      - value: {key: k, equal: v}
      - ttl: {key: k}
      - reply: {equals: x, matches: y}
      - max_commands: 0
      - exists: k
        hint: 4
"""
    errs = "\n".join(errors(HEAD + body))
    assert "<t>:16: unknown field 'valuee' next to 'exists'" in errs
    assert "<t>:17: no check kind in this check" in errs
    assert "<t>:18: 'used' names NOSUCHCMD, which is not in the command table" in errs
    assert "'value' does not take 'equal'" in errs and "'value' is missing 'equals'" in errs
    assert "<t>:20: ttl needs min and/or max" in errs
    assert "<t>:21: reply takes only one of equals, matches, same_as" in errs
    assert "<t>:22: max_commands needs a positive whole number" in errs
    assert "max_commands 'of' is writes" not in errs
    bad_of = "exercises:\n  - id: e\n    title: T\n    goal: G\n    solution: [PING]\n" \
             "    checks:\n      - max_commands: {count: 1, of: reads}\n"
    assert "max_commands 'of' is writes (count commands that change data) or all" in "\n".join(errors(HEAD + bad_of))
    assert "<t>:23: check points at hint 4, but the exercise has 0 hints" in errs


def test_variable_and_placeholder_errors():
    body = """
exercises:
  - id: e
    title: T
    goal: Use {{missing}}.
    vars:
      a: int 9..1
      b: dice 6
      c: = a + zz
      d: = __import__("os")
    setup: ["SET k {{nope}}"]
    solution: [SET k v]
    checks: [{exists: k}]
"""
    errs = "\n".join(errors(HEAD + body))
    assert "<t>:12: placeholder {{missing}} uses 'missing', which is not declared in vars" in errs
    assert "<t>:14: variable 'a': empty range 9..1" in errs
    assert "<t>:15: variable 'b': unknown generator 'dice 6'" in errs
    assert "<t>:16: variable 'c' uses 'zz', which is not declared above it" in errs
    assert "<t>:17:" in errs and "not allowed" in errs
    assert "<t>:18: placeholder {{nope}} uses 'nope'" in errs


def test_variants_without_hidden_data_is_an_error():
    body = """
exercises:
  - id: e
    title: T
    goal: Set {{v}}.
    vars: {v: int 1..5}
    variants: 2
    solution: ["SET k {{v}}"]
    checks: [{exists: k}]
"""
    errs = errors(HEAD + body)
    assert any(":14: variants > 0, but every variable is named in the goal" in e for e in errs)


def test_commands_waits_and_pipelines():
    ex = exercise("""
id: e
title: T
goal: G
setup:
  - SET a 1
  - wait: 2
  - pipeline: [SET b 1, SET c 1]
solution: [GET a]
checks: [{exists: a}]
""")
    kinds = [type(i).__name__ for i in ex.setup]
    assert kinds == ["Cmd", "Wait", "Batch"] and len(ex.setup[2].commands) == 2


def test_bad_examples_point_at_their_line():
    errs = errors(HEAD + """\
    examples:
      - command: [not, a, line]
      - {wait: -1}
      - command: GET x
        replyy: nil
""")
    assert errs == ["<t>:9: example: expected a command line",
                    "<t>:10: example: wait needs a positive number of seconds",
                    "<t>:12: unknown field 'replyy' in example (allowed: command, reply, random)"]
