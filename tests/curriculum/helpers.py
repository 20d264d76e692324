"""Build lessons from inline YAML for tests."""
from __future__ import annotations

import textwrap

from redislab.curriculum.schema import parse_lesson

HEAD = """\
id: t-lesson
title: Test
section: "2.1"
minutes: 5
steps:
  - title: s
    text: t
"""


def lesson(body: str = "", head: str = HEAD):
    text = head + textwrap.dedent(body)
    les, errs = parse_lesson(text, "<t>")
    assert not errs, [str(e) for e in errs]
    return les


def exercise(body: str):
    """One exercise from its YAML body (indented as under '- ')."""
    block = textwrap.indent(textwrap.dedent(body).strip("\n"), "    ")
    return lesson("exercises:\n  - " + block.lstrip() + "\n").exercises[0]


def errors(text: str, path: str = "<t>"):
    return [str(e) for e in parse_lesson(textwrap.dedent(text), path)[1]]
