"""The lesson format: YAML with line numbers, typed lesson objects, validation.

Instructors write YAML by hand, so every mistake must point at a line. The loader
below builds ordinary dicts and lists but remembers, for each mapping key and list
item, the line it came from; validation then reports ``file:line: message``. It also
rejects duplicate keys (PyYAML silently keeps the last) and keeps the source text
of numbers, so ``section: 2.10`` stays "2.10" and ``equals: 007`` stays "007". Only
``true``/``false`` are booleans: the YAML 1.1 surprise that ``on``/``no`` are bools
would otherwise corrupt values such as ``choice [yes, no]``.

The format itself is documented for instructors in ``docs/LESSONS.md``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import variants as V


@dataclass(frozen=True)
class LessonError:
    """One problem in a lesson file; ``str()`` is the ``file:line: message`` form."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


# ------------------------------------------------------ YAML with line numbers

class LDict(dict):
    line = 0

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.lines: dict = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class LList(list):
    line = 0

    def __init__(self, *a):
        super().__init__(*a)
        self.lines: list = []

    def line_of(self, i: int) -> int:
        return self.lines[i] if i < len(self.lines) else self.line


class YInt(int):
    src = ""


class YFloat(float):
    src = ""


# libyaml's parser when PyYAML has it (about 8x faster: home parses every lesson at
# start-up); the constructors and the resolver below are Python either way, so line
# numbers, booleans and duplicate-key errors come out the same.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


# Only true/false are booleans (drop YAML 1.1's yes/no/on/off).
_Loader.yaml_implicit_resolvers = {k: [r for r in v if r[0] != "tag:yaml.org,2002:bool"]
                                   for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def _map(loader, node):
    d = LDict()
    d.line = node.start_mark.line + 1
    yield d
    loader.flatten_mapping(node)
    for knode, vnode in node.value:
        key = loader.construct_object(knode, deep=True)
        if isinstance(key, (YInt, YFloat)):
            key = key.src          # mapping keys are names: keep "1.0" as written
        if key in d:
            loader.dup_errors.append((knode.start_mark.line + 1, f"duplicate key '{key}'"))
        d[key] = loader.construct_object(vnode, deep=True)
        d.lines[key] = knode.start_mark.line + 1


def _seq(loader, node):
    lst = LList()
    lst.line = node.start_mark.line + 1
    yield lst
    for item in node.value:
        lst.append(loader.construct_object(item, deep=True))
        lst.lines.append(item.start_mark.line + 1)


def _int(loader, node):
    v = YInt(yaml.SafeLoader.construct_yaml_int(loader, node))
    v.src = node.value
    return v


def _float(loader, node):
    v = YFloat(yaml.SafeLoader.construct_yaml_float(loader, node))
    v.src = node.value
    return v


_Loader.add_constructor("tag:yaml.org,2002:map", _map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _seq)
_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:float", _float)


def load_yaml(text: str, path: str = "<lesson>"):
    """(data, errors): the document with line info, or None and the YAML error."""
    loader = _Loader(text)
    loader.dup_errors = []
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(e, "problem", None) or str(e)
        return None, [LessonError(path, line, f"YAML syntax: {problem}")]
    finally:
        loader.dispose()
    return data, [LessonError(path, ln, msg) for ln, msg in loader.dup_errors]


def text_of(v) -> str:
    """A scalar as the instructor wrote it."""
    if isinstance(v, bool):
        return "true" if v else "false"
    return getattr(v, "src", None) or ("" if v is None else str(v))


# ------------------------------------------------------------ lesson model

@dataclass
class Cmd:
    """One command line as written (may hold placeholders)."""
    text: str
    line: int


@dataclass
class Wait:
    """Move the lesson's virtual clock forward (TTL demonstrations)."""
    seconds: float
    line: int


@dataclass
class Batch:
    """Commands sent together as one pipeline (what a client's pipeline() does)."""
    commands: list
    line: int


@dataclass
class Example:
    command: Cmd | Wait
    reply: str | None = None      # redis-cli text the step shows
    random: bool = False          # the reply is one possible outcome: only its shape is checked
    line: int = 0


@dataclass
class Step:
    title: str
    text: str
    examples: list
    corrects_guide: str | None
    line: int


@dataclass
class Check:
    kind: str                     # a key of checks.KINDS
    category: str                 # state | reply | method
    params: dict
    line: int
    hint: int | None = None       # index into the exercise's hints
    message: str | None = None    # replaces the generated failure reason


@dataclass
class Exercise:
    id: str
    title: str
    goal: str
    vars: list                    # [VarSpec]
    variants: int                 # hidden re-runs after the visible run passes
    setup: list                   # [Cmd | Wait | Batch]
    hints: list
    solution: list
    checks: list                  # [Check]
    reveal_after: int             # failed attempts before the solution may be shown
    line: int
    engine_config: dict | None = None   # Engine(config=...) for its sandboxes (the lesson's `engine:`)

    def goal_names(self) -> set[str]:
        """Variables the learner is told (named in the title or goal): kept in variants."""
        names: set = set()
        for text in (self.title, self.goal):
            for expr in V.placeholders(text):
                names |= V.names_in(expr)
        return names

    def hidden_names(self) -> set[str]:
        """Drawn variables the learner is not told; derived (=) ones follow them."""
        told = self.goal_names()
        return {s.name for s in self.vars if s.kind != "expr" and s.name not in told}


@dataclass
class Lesson:
    id: str
    title: str
    section: str
    prerequisites: list
    minutes: int
    summary: str
    seed: int
    steps: list
    exercises: list
    path: str = ""
    line: int = 1
    engine_config: dict | None = None   # from `engine:` (e.g. cluster: true -> cluster-enabled)


# ------------------------------------------------------------ validation

LESSON_KEYS = {"id": True, "title": True, "section": True, "minutes": True, "steps": True,
               "prerequisites": False, "summary": False, "seed": False, "exercises": False,
               "engine": False}
# lesson `engine:` option -> engine config parameter. "own" is no parameter: it asks the
# lab for an engine of the lesson's own (database 0), as RediSearch indexes only db 0.
OWN_ENGINE = "own-engine"
ENGINE_KEYS = {"cluster": "cluster-enabled", "own": OWN_ENGINE}


def engine_params(config: dict | None) -> dict | None:
    """A lesson's engine options as an Engine's config (``own`` dropped)."""
    out = {k: v for k, v in (config or {}).items() if k != OWN_ENGINE}
    return out or None
STEP_KEYS = {"title": True, "text": True, "examples": False, "corrects_guide": False}
EXERCISE_KEYS = {"id": True, "title": True, "goal": True, "solution": True, "checks": True,
                 "vars": False, "variants": False, "setup": False, "hints": False,
                 "reveal_after": False}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SECTION_RE = re.compile(r"^\d+(\.\d+)?$")
DEFAULT_VARIANTS = 3


class _V:
    """Collects errors for one file while building the lesson objects."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[LessonError] = []

    def err(self, line: int, msg: str) -> None:
        self.errors.append(LessonError(self.path, line, msg))

    def keys(self, d: LDict, spec: dict, what: str) -> None:
        for k in d:
            if k not in spec:
                self.err(d.line_of(k), f"unknown field '{k}' in {what} (allowed: {', '.join(spec)})")
        for k, required in spec.items():
            if required and k not in d:
                self.err(d.line, f"{what} is missing the required field '{k}'")

    def string(self, d: LDict, key: str, what: str, default: str = "") -> str:
        v = d.get(key)
        if v is None:
            return default
        if isinstance(v, (dict, list)):
            self.err(d.line_of(key), f"{what} '{key}' must be text")
            return default
        return text_of(v)

    def integer(self, d: LDict, key: str, what: str, default: int, lo: int = 0) -> int:
        v = d.get(key, default)
        if isinstance(v, bool) or not isinstance(v, int) or v < lo:
            self.err(d.line_of(key), f"{what} '{key}' must be a whole number >= {lo}, got {text_of(v)!r}")
            return default
        return int(v)

    def lst(self, d: LDict, key: str, what: str) -> LList:
        v = d.get(key)
        if v is None:
            return LList()
        if not isinstance(v, list):
            self.err(d.line_of(key), f"{what} '{key}' must be a list")
            return LList()
        return v

    def placeholders_ok(self, text: str, line: int, names: set | None) -> None:
        for expr in V.placeholders(text):
            try:
                used = V.names_in(expr)
            except V.VarError as e:
                self.err(line, str(e))
                continue
            if names is not None:
                for n in sorted(used - names):
                    self.err(line, f"placeholder {{{{{expr}}}}} uses '{n}', which is not declared in vars")


def _solution_writes(solution: list) -> bool:
    """Whether the exercise's own solution changes data: then `max_commands` counts
    only the learner's commands that change data (looking first is free)."""
    from ..engine import registry
    from .checks import changes_data
    registry.load_all()     # a lesson may be parsed before any engine exists
    cmds = [c for item in solution for c in (item.commands if isinstance(item, Batch) else [item])]
    for c in cmds:
        if isinstance(c, Cmd) and changes_data(c.text.split()[:2]):
            return True
    return False


def parse_commands(v: _V, items, what: str, names: set | None, allow_batch: bool = True) -> list:
    """A list of command lines, ``{wait: N}`` and ``{pipeline: [...]}`` items."""
    out = []
    for i, item in enumerate(items):
        line = items.line_of(i)
        if isinstance(item, dict):
            if set(item) == {"wait"}:
                secs = item["wait"]
                if isinstance(secs, bool) or not isinstance(secs, (int, float)) or secs <= 0:
                    v.err(line, f"{what}: wait needs a positive number of seconds")
                    continue
                out.append(Wait(float(secs), line))
            elif set(item) == {"pipeline"} and allow_batch:
                inner = item["pipeline"]
                if not isinstance(inner, list) or not inner:
                    v.err(line, f"{what}: pipeline needs a non-empty list of commands")
                    continue
                cmds = parse_commands(v, inner, what, names, allow_batch=False)
                if any(not isinstance(c, Cmd) for c in cmds):
                    v.err(line, f"{what}: a pipeline holds only commands")
                out.append(Batch([c for c in cmds if isinstance(c, Cmd)], line))
            else:
                v.err(line, f"{what}: expected a command line, {{wait: SECONDS}} or {{pipeline: [...]}}"
                            f", got keys {', '.join(map(str, item))}")
        elif isinstance(item, (list, type(None))) or not text_of(item).strip():
            v.err(line, f"{what}: expected a command line")
        else:
            text = text_of(item)
            v.placeholders_ok(text, line, names)
            out.append(Cmd(text, line))
    return out


def _one(item, line: int) -> LList:
    """A one-item list that reports ``line`` for its item."""
    lst = LList([item])
    lst.line = line
    lst.lines = [line]
    return lst


def _steps(v: _V, items) -> list:
    steps = []
    for i, d in enumerate(items):
        if not isinstance(d, dict):
            v.err(items.line_of(i), "each step must be a mapping with title and text")
            continue
        v.keys(d, STEP_KEYS, "step")
        examples = []
        ex_items = v.lst(d, "examples", "step")
        for j, ex in enumerate(ex_items):
            line = ex_items.line_of(j)
            if isinstance(ex, dict) and "command" in ex:
                for k in ex:
                    if k not in ("command", "reply", "random"):
                        v.err(ex.line_of(k), f"unknown field '{k}' in example (allowed: command, reply, random)")
                cmds = parse_commands(v, _one(ex["command"], ex.line_of("command")), "example", set(),
                                      allow_batch=False)
                if cmds:
                    cmds[0].line = ex.line_of("command")
                    reply = ex.get("reply")
                    examples.append(Example(cmds[0], None if reply is None else text_of(reply),
                                            bool(ex.get("random", False)), line))
            else:
                cmds = parse_commands(v, _one(ex, line), "example", set(), allow_batch=False)
                for c in cmds:
                    c.line = line
                    examples.append(Example(c, None, False, line))
        steps.append(Step(v.string(d, "title", "step"), v.string(d, "text", "step"), examples,
                          d.get("corrects_guide") and v.string(d, "corrects_guide", "step"), d.line))
    return steps


def _exercise(v: _V, d: LDict) -> Exercise | None:
    from . import checks as C  # late: checks imports this module for Check and LDict

    v.keys(d, EXERCISE_KEYS, "exercise")
    ex_id = v.string(d, "id", "exercise")
    if ex_id and not ID_RE.match(ex_id):
        v.err(d.line_of("id"), f"exercise id '{ex_id}' must be lower-case letters, digits and dashes")
    specs = []
    raw_vars = d.get("vars") or LDict()
    if not isinstance(raw_vars, dict):
        v.err(d.line_of("vars"), "vars must be a mapping of name: generator")
        raw_vars = LDict()
    for name, raw in raw_vars.items():
        line = raw_vars.line_of(name) if isinstance(raw_vars, LDict) else d.line
        if not re.match(r"^[A-Za-z_]\w*$", str(name)):
            v.err(line, f"variable name '{name}' must be a Python-style identifier")
            continue
        try:
            spec = V.parse_spec(str(name), raw)
            if spec.kind == "expr":
                for n in sorted(V.names_in(spec.expr) - {s.name for s in specs}):
                    v.err(line, f"variable '{name}' uses '{n}', which is not declared above it")
            specs.append(spec)
        except V.VarError as e:
            v.err(line, str(e))
    names = {s.name for s in specs}
    title = v.string(d, "title", "exercise")
    goal = v.string(d, "goal", "exercise")
    v.placeholders_ok(title, d.line_of("title"), names)
    v.placeholders_ok(goal, d.line_of("goal"), names)
    hints_raw = v.lst(d, "hints", "exercise")
    hints = []
    for i, h in enumerate(hints_raw):
        v.placeholders_ok(text_of(h), hints_raw.line_of(i), names)
        hints.append(text_of(h))
    setup = parse_commands(v, v.lst(d, "setup", "exercise"), "setup", names)
    solution = parse_commands(v, v.lst(d, "solution", "exercise"), "solution", names)
    if "solution" in d and not solution:
        v.err(d.line_of("solution"), "solution must list at least one command")
    checks = []
    raw_checks = v.lst(d, "checks", "exercise")
    if "checks" in d and not raw_checks:
        v.err(d.line_of("checks"), "checks must list at least one check")
    for i, c in enumerate(raw_checks):
        line = raw_checks.line_of(i)
        chk, msgs = C.parse_check(c, line)
        for ln, msg in msgs:
            v.err(ln, msg)
        if chk is not None:
            if chk.hint is not None and not 0 <= chk.hint < len(hints):
                v.err(line, f"check points at hint {chk.hint}, but the exercise has {len(hints)} hints (0-based)")
            for text in C.texts_in(chk.params):
                v.placeholders_ok(text, line, names)
            if chk.kind == "max_commands" and "of" not in chk.params:
                chk.params["of"] = "writes" if _solution_writes(solution) else "all"
            checks.append(chk)
    ex = Exercise(ex_id, title, goal, specs, 0, setup, hints, solution, checks,
                  v.integer(d, "reveal_after", "exercise", len(hints) + 1, lo=0), d.line)
    try:
        hidden = ex.hidden_names()
    except V.VarError:        # already reported by placeholders_ok
        hidden = set()
    if "variants" in d:
        ex.variants = v.integer(d, "variants", "exercise", 0)
        if ex.variants and not hidden:
            v.err(d.line_of("variants"), "variants > 0, but every variable is named in the goal "
                                         "(or there are none), so a variant would be the learner's own data")
    else:
        ex.variants = DEFAULT_VARIANTS if hidden else 0
    return ex


def build_lesson(data, path: str) -> tuple[Lesson | None, list[LessonError]]:
    """Validate a loaded YAML document and build the Lesson (None if unusable)."""
    v = _V(path)
    if not isinstance(data, dict):
        v.err(1, "a lesson file must be a mapping (id, title, section, minutes, steps, ...)")
        return None, v.errors
    v.keys(data, LESSON_KEYS, "lesson")
    lesson_id = v.string(data, "id", "lesson")
    stem = Path(path).stem
    if lesson_id and not ID_RE.match(lesson_id):
        v.err(data.line_of("id"), f"lesson id '{lesson_id}' must be lower-case letters, digits and dashes")
    elif lesson_id and stem != lesson_id and not path.startswith("<"):
        v.err(data.line_of("id"), f"lesson id '{lesson_id}' must match the file name '{stem}.yaml'")
    section = v.string(data, "section", "lesson")
    if "section" in data and not SECTION_RE.match(section):
        v.err(data.line_of("section"), f"section '{section}' must be a guide section number such as \"2\" or \"2.1\"")
    prereq_raw = data.get("prerequisites") or LList()
    if isinstance(prereq_raw, str):
        prereq_raw = LList([prereq_raw])
    prereqs = [text_of(p) for p in prereq_raw] if isinstance(prereq_raw, list) else []
    steps_raw = v.lst(data, "steps", "lesson")
    if "steps" in data and not steps_raw:
        v.err(data.line_of("steps"), "a lesson needs at least one step")
    steps = _steps(v, steps_raw)
    exercises = []
    ex_raw = v.lst(data, "exercises", "lesson")
    seen = {}
    for i, d in enumerate(ex_raw):
        if not isinstance(d, dict):
            v.err(ex_raw.line_of(i), "each exercise must be a mapping")
            continue
        ex = _exercise(v, d)
        if ex.id in seen:
            v.err(d.line, f"exercise id '{ex.id}' is used twice (first at line {seen[ex.id]})")
        seen[ex.id] = d.line
        exercises.append(ex)
    lesson = Lesson(lesson_id, v.string(data, "title", "lesson"), section, prereqs,
                    v.integer(data, "minutes", "lesson", 0, lo=1), v.string(data, "summary", "lesson"),
                    v.integer(data, "seed", "lesson", 0), steps, exercises, path, data.line)
    lesson.engine_config = _engine_options(v, data)
    for ex in exercises:
        ex.engine_config = lesson.engine_config
    return lesson, v.errors


def _engine_options(v: _V, data: LDict) -> dict | None:
    """``engine: {cluster: true}`` -> the config the lesson's engines are built with."""
    raw = data.get("engine")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        v.err(data.line_of("engine"), "engine must be a mapping such as {cluster: true}")
        return None
    out = {}
    for k, val in raw.items():
        line = raw.line_of(k) if isinstance(raw, LDict) else data.line_of("engine")
        if k not in ENGINE_KEYS:
            v.err(line, f"unknown field '{k}' in engine (allowed: {', '.join(ENGINE_KEYS)})")
        elif not isinstance(val, bool):
            v.err(line, f"engine '{k}' must be true or false")
        elif val:
            out[ENGINE_KEYS[k]] = True
    return out or None


def parse_lesson(text: str, path: str = "<lesson>") -> tuple[Lesson | None, list[LessonError]]:
    data, errors = load_yaml(text, path)
    if data is None:
        return None, errors
    lesson, more = build_lesson(data, path)
    return lesson, errors + more
