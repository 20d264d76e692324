"""The bank loads, and broken bank files are reported as file:line problems."""
import textwrap

import pytest

from redislab.quiz import SchemaError, load_bank
from redislab.quiz.bank import load
from redislab.quiz.schema import SOURCE_RE


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text))
    return p


def test_shipped_bank_is_valid_and_large_enough(bank):
    assert len(bank) >= 60
    extras = [q for q in bank if q.source == "extra"]
    assert len(extras) >= 40
    for q in bank:
        assert q.id and q.topic and q.prompt and q.explanation and q.mechanics
        assert SOURCE_RE.match(q.source)
    sources = {q.source for q in bank}
    assert {f"guide:Q{i}" for i in range(1, 16)} <= sources
    assert {f"quiz:Q{i}" for i in range(1, 6)} <= sources


def test_extras_cover_the_guide_sections(bank):
    topics = {q.topic for q in bank if q.source == "extra"}
    for t in ("strings", "complexity", "persistence", "eviction", "expiry", "cluster", "streams",
              "messaging", "scripting", "locks", "caching"):
        assert t in topics, t


def test_errors_carry_file_and_line(tmp_path):
    write(tmp_path, "bad.yaml", """\
        questions:
        - id: ok-one
          topic: t
          source: extra
          prompt: p
          explanation: e
          mechanics:
          - type: choice
            options:
            - {text: a, correct: true}
            - {text: b, correct: true}
        - id: Bad Id
          topic: t
          source: guide:Q99
          prompt: p
          explanation: e
          mechanics:
          - type: telepathy
        """)
    with pytest.raises(SchemaError) as e:
        load(tmp_path)
    msgs = e.value.problems
    assert any("bad.yaml:9:" in m and "exactly one correct" in m for m in msgs), msgs
    assert any("bad.yaml:12:" in m and "Bad Id" in m for m in msgs), msgs
    assert any("bad.yaml:14:" in m and "guide:Q99" in m for m in msgs), msgs
    assert any("bad.yaml:18:" in m and "telepathy" in m for m in msgs), msgs


def test_guide_question_needs_two_mechanics_and_known_task(tmp_path):
    write(tmp_path, "a.yaml", """\
        questions:
        - id: g1
          topic: t
          source: guide:Q1
          prompt: p
          explanation: e
          mechanics:
          - type: task
            task: no_such_task
        """)
    with pytest.raises(SchemaError) as e:
        load(tmp_path)
    text = str(e.value)
    assert "a.yaml:9: unknown task 'no_such_task'" in text
    assert "at least two mechanics" in text


def test_duplicate_ids_across_files_and_yaml_errors(tmp_path):
    q = """\
        questions:
        - id: same
          topic: t
          source: extra
          prompt: p
          explanation: e
          mechanics:
          - {type: rubric, concepts: [{id: c, label: c, synonyms: [x]}]}
        """
    write(tmp_path, "a.yaml", q)
    write(tmp_path, "b.yaml", q)
    write(tmp_path, "c.yaml", "questions:\n  - id: x\n   bad: indent\n")
    with pytest.raises(SchemaError) as e:
        load(tmp_path)
    text = str(e.value)
    assert "b.yaml:2: duplicate id 'same'" in text
    assert "c.yaml:" in text and "YAML error" in text


def test_requires_marks_unavailable(tmp_path):
    write(tmp_path, "a.yaml", """\
        questions:
        - id: needs-magic
          topic: t
          source: extra
          prompt: p
          explanation: e
          mechanics:
          - {type: task, task: set_nx_xx, requires: [NOSUCHCOMMAND]}
        """)
    b = load(tmp_path)
    m = b.get("needs-magic").mechanics[0]
    assert not m.available and "NOSUCHCOMMAND" in m.unavailable_reason


def test_load_bank_default_dir():
    assert load_bank().get("guide-q1") is not None
