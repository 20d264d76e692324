"""The question schema and its validator.

A bank file is YAML: ``questions:`` is a list of questions, each with ``id``,
``topic``, ``source``, ``prompt``, ``explanation`` and ``mechanics`` (one or more
ways to grade it). Authors edit these by hand, so every problem is reported as
``file:line: message`` pointing at the offending node, and all problems of a file
are reported at once rather than stopping at the first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

MECHANIC_TYPES = ("choice", "multi", "order", "rubric", "task")
SOURCE_RE = re.compile(r"^(guide:Q([1-9]|1[0-5])|quiz:Q[1-5]|extra)$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class SchemaError(ValueError):
    """All problems found in one or more bank files, one ``file:line: msg`` per line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# --------------------------------------------------------------- line-aware YAML
class _LineDict(dict):
    """A mapping that remembers the line of itself and of each key, for messages."""

    line = 0
    key_lines: dict


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    d = _LineDict()
    d.line = node.start_mark.line + 1
    d.key_lines = {}
    for k_node, v_node in node.value:
        key = loader.construct_object(k_node, deep=True)
        d[key] = loader.construct_object(v_node, deep=True)
        d.key_lines[key] = k_node.start_mark.line + 1
    return d


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str):
    return yaml.load(text, Loader=_LineLoader)


def _line(d, key=None) -> int:
    if isinstance(d, _LineDict):
        return d.key_lines.get(key, d.line) if key is not None else d.line
    return 0


# --------------------------------------------------------------------- the model
@dataclass
class Option:
    key: str            # the letter shown: a, b, c ...
    text: str
    correct: bool
    feedback: str = ""


@dataclass
class Concept:
    id: str
    label: str
    synonyms: list[str]
    weight: float = 1.0


@dataclass
class Misconception:
    id: str
    patterns: list[str]
    feedback: str
    penalty: float = 0.25


@dataclass
class Mechanic:
    type: str
    prompt: str = ""                       # overrides the question prompt for this mechanic
    options: list[Option] = field(default_factory=list)
    items: list[tuple[str, str]] = field(default_factory=list)   # order: (id, text) in the right order
    concepts: list[Concept] = field(default_factory=list)
    misconceptions: list[Misconception] = field(default_factory=list)
    task: str = ""
    requires: list[str] = field(default_factory=list)
    available: bool = True                 # False when the engine lacks a required command
    unavailable_reason: str = ""


@dataclass
class Question:
    id: str
    topic: str
    source: str
    prompt: str
    explanation: str
    mechanics: list[Mechanic]
    file: str = ""
    line: int = 0

    def mechanic(self, type_: str) -> Mechanic | None:
        for m in self.mechanics:
            if m.type == type_:
                return m
        return None

    def available_mechanics(self) -> list[Mechanic]:
        return [m for m in self.mechanics if m.available]


# -------------------------------------------------------------------- validation
class _Checker:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[str] = []

    def err(self, node, key, msg: str) -> None:
        self.problems.append(f"{self.file}:{_line(node, key)}: {msg}")

    def text(self, node, key, required=True) -> str:
        v = node.get(key) if isinstance(node, dict) else None
        if v is None:
            if required:
                self.err(node, None, f"missing '{key}'")
            return ""
        if not isinstance(v, str) or not v.strip():
            self.err(node, key, f"'{key}' must be a non-empty string")
            return ""
        return v.strip()

    def strlist(self, node, key, required=True) -> list[str]:
        v = node.get(key) if isinstance(node, dict) else None
        if v is None:
            if required:
                self.err(node, None, f"missing '{key}'")
            return []
        if isinstance(v, str):
            v = [v]
        if not isinstance(v, list) or not all(isinstance(x, (str, int, float)) for x in v) or not v:
            self.err(node, key, f"'{key}' must be a non-empty list of strings")
            return []
        return [str(x) for x in v]


def _options(c: _Checker, m, multi: bool) -> list[Option]:
    raw = m.get("options")
    if not isinstance(raw, list) or len(raw) < 2:
        c.err(m, "options", "'options' must be a list of at least two options")
        return []
    out = []
    for i, o in enumerate(raw):
        if not isinstance(o, dict):
            c.err(m, "options", f"option {i + 1} must be a mapping with text/correct")
            continue
        corr = o.get("correct", False)
        if not isinstance(corr, bool):
            c.err(o, "correct", "'correct' must be true or false")
        out.append(Option(chr(ord("a") + i), c.text(o, "text"), bool(corr), str(o.get("feedback", "")).strip()))
    n = sum(o.correct for o in out)
    if out and not multi and n != 1:
        c.err(m, "options", f"a choice question needs exactly one correct option (has {n})")
    if out and multi and n < 1:
        c.err(m, "options", "a multi-select question needs at least one correct option")
    return out


def _rubric(c: _Checker, m, mech: Mechanic) -> None:
    raw = m.get("concepts")
    if not isinstance(raw, list) or not raw:
        c.err(m, "concepts", "'concepts' must be a non-empty list")
        raw = []
    for co in raw:
        if not isinstance(co, dict):
            c.err(m, "concepts", "each concept must be a mapping")
            continue
        w = co.get("weight", 1.0)
        if not isinstance(w, (int, float)) or w <= 0:
            c.err(co, "weight", "'weight' must be a positive number")
            w = 1.0
        syns = c.strlist(co, "synonyms")
        for s in syns:
            _check_pattern(c, co, "synonyms", s)
        mech.concepts.append(Concept(c.text(co, "id"), c.text(co, "label"), syns, float(w)))
    for mc in m.get("misconceptions") or []:
        if not isinstance(mc, dict):
            c.err(m, "misconceptions", "each misconception must be a mapping")
            continue
        pats = c.strlist(mc, "patterns")
        for s in pats:
            _check_pattern(c, mc, "patterns", s)
        pen = mc.get("penalty", 0.25)
        if not isinstance(pen, (int, float)) or not 0 <= pen <= 1:
            c.err(mc, "penalty", "'penalty' must be between 0 and 1")
            pen = 0.25
        mech.misconceptions.append(Misconception(c.text(mc, "id"), pats, c.text(mc, "feedback"), float(pen)))


def _check_pattern(c: _Checker, node, key, pat: str) -> None:
    from .grading import compile_phrase  # one definition of the phrase syntax

    try:
        compile_phrase(pat)
    except re.error as e:
        c.err(node, key, f"bad phrase {pat!r}: {e}")


def _mechanic(c: _Checker, m) -> Mechanic | None:
    if not isinstance(m, dict):
        c.problems.append(f"{c.file}:0: each mechanic must be a mapping")
        return None
    t = m.get("type")
    if t not in MECHANIC_TYPES:
        c.err(m, "type", f"unknown mechanic type {t!r} (one of {', '.join(MECHANIC_TYPES)})")
        return None
    mech = Mechanic(type=t, prompt=str(m.get("prompt", "")).strip())
    if t in ("choice", "multi"):
        mech.options = _options(c, m, t == "multi")
    elif t == "order":
        raw = m.get("items")
        if not isinstance(raw, list) or len(raw) < 2:
            c.err(m, "items", "'items' must list at least two steps in the right order")
        else:
            for it in raw:
                if not isinstance(it, dict):
                    c.err(m, "items", "each item needs 'id' and 'text'")
                    continue
                mech.items.append((c.text(it, "id"), c.text(it, "text")))
    elif t == "rubric":
        _rubric(c, m, mech)
    elif t == "task":
        from .tasks import TASKS

        mech.task = c.text(m, "task")
        if mech.task and mech.task not in TASKS:
            c.err(m, "task", f"unknown task {mech.task!r}")
        mech.requires = c.strlist(m, "requires", required=False)
        if mech.task in TASKS:
            mech.requires = sorted(set(mech.requires) | set(TASKS[mech.task].requires))
    return mech


def parse_file(path: Path) -> list[Question]:
    """Questions of one bank file; raises SchemaError listing every problem."""
    c = _Checker(str(path))
    try:
        doc = load_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise SchemaError([f"{path}:{mark.line + 1 if mark else 0}: YAML error: {getattr(e, 'problem', e)}"])
    if not isinstance(doc, dict) or not isinstance(doc.get("questions"), list):
        raise SchemaError([f"{path}:1: a bank file needs a top-level 'questions:' list"])
    out = []
    for q in doc["questions"]:
        if not isinstance(q, dict):
            c.problems.append(f"{path}:0: each question must be a mapping")
            continue
        qid = c.text(q, "id")
        if qid and not ID_RE.match(qid):
            c.err(q, "id", f"id {qid!r} must be lower-case letters, digits, '.', '_' or '-'")
        src = str(q.get("source", "")).strip()
        if not SOURCE_RE.match(src):
            c.err(q, "source", f"source {src!r} must be guide:Q1..Q15, quiz:Q1..Q5 or extra")
        mechs_raw = q.get("mechanics")
        if not isinstance(mechs_raw, list) or not mechs_raw:
            c.err(q, "mechanics", "'mechanics' must be a non-empty list")
            mechs_raw = []
        mechs = [m for m in (_mechanic(c, m) for m in mechs_raw) if m]
        types = [m.type for m in mechs]
        if len(types) != len(set(types)):
            c.err(q, "mechanics", "a question may use each mechanic type once")
        if src != "extra" and len(mechs) < 2:
            c.err(q, "mechanics", "a guide question must be gradable by at least two mechanics")
        out.append(Question(qid, c.text(q, "topic"), src, c.text(q, "prompt"), c.text(q, "explanation"),
                            mechs, str(path), _line(q)))
    if c.problems:
        raise SchemaError(c.problems)
    return out
