"""Code-lab files: finding, parsing, validating and checking ``codelabs/*.yaml``.

Split from codelab.py (which runs a lab) so each module stays small; import these
names from ``redislab.curriculum.codelab``, which re-exports them.
"""
from __future__ import annotations

from pathlib import Path

from . import checks as C  # noqa: F401  (used by parse_check through the schema)
from .codelab import CALL_KEYS, LAB_KEYS, CodeLab, _lesson_check, run_lab
from .schema import LDict, LessonError, load_yaml, text_of  # noqa: F401


# ------------------------------------------------------------ loading and checking

def codelabs_dir() -> Path:
    pkg = Path(__file__).resolve().parent.parent
    for cand in (pkg / "codelabs", pkg.parent / "codelabs"):
        if cand.is_dir():
            return cand
    return pkg.parent / "codelabs"


def parse_codelab(text: str, path: str = "<codelab>") -> tuple[CodeLab | None, list]:
    data, errs = load_yaml(text, path)
    if data is None:
        return None, errs
    if not isinstance(data, dict):
        return None, errs + [LessonError(path, 1, "a code lab file must be a mapping")]
    err = lambda ln, msg: errs.append(LessonError(path, ln, msg))  # noqa: E731
    for k in data:
        if k not in LAB_KEYS:
            err(data.line_of(k), f"unknown field '{k}' in code lab (allowed: {', '.join(LAB_KEYS)})")
    for k, req in LAB_KEYS.items():
        if req and k not in data:
            err(data.line, f"code lab is missing the required field '{k}'")
    if errs:
        return None, errs
    checks = data["checks"] if isinstance(data["checks"], list) else []
    if not checks:
        err(data.line_of("checks"), "checks must list at least one check")
    for i, c in enumerate(checks):
        line = data["checks"].line_of(i)
        if not isinstance(c, dict):
            err(line, "a code-lab check is a mapping (call, run, wait, printed, or a lesson check kind)")
            continue
        c.line = line
        kinds = [k for k in c if k in C.KINDS]
        if kinds:
            _, msgs = C.parse_check(_lesson_check(c), line)
            for ln, msg in msgs:
                err(ln, msg)
            continue
        actions = [k for k in ("call", "run", "wait", "printed") if k in c]
        if len(actions) != 1:
            err(line, "a code-lab check needs exactly one of call, run, wait, printed, or a lesson check kind")
        for k in c:
            if k not in CALL_KEYS:
                err(c.line_of(k), f"unknown field '{k}' in a code-lab check (allowed: {', '.join(sorted(CALL_KEYS))})")
        for k in ("call", "run"):
            if k in c:
                try:
                    compile(text_of(c[k]), "<check>", "eval" if k == "call" else "exec")
                except SyntaxError as e:
                    err(line, f"{k}: not valid Python: {e.msg}")
    db = data.get("db") or {}
    timeout = data.get("timeout", 5.0)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= 60:
        err(data.line_of("timeout"), "timeout must be a number of seconds between 0 and 60")
        timeout = 5.0
    lab = CodeLab(text_of(data["id"]), text_of(data["title"]), text_of(data["section"]), text_of(data["goal"]),
                  text_of(data["start"]), text_of(data["solution"]), checks,
                  text_of(data["lesson"]) if data.get("lesson") else None,
                  [text_of(h) for h in data.get("hints") or []], db if isinstance(db, dict) else {},
                  float(timeout), path, data.line)
    if Path(path).suffix == ".yaml" and Path(path).stem != lab.id:
        err(data.line_of("id"), f"code lab id '{lab.id}' must match the file name '{Path(path).stem}.yaml'")
    return lab, errs


def load_codelabs(folder: Path | None = None) -> tuple[list, list]:
    """(labs, errors): every valid code lab in ``folder`` (default: the shipped ones)."""
    folder = Path(folder) if folder else codelabs_dir()
    labs, errors = [], []
    for p in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        lab, errs = parse_codelab(p.read_text(encoding="utf-8"), str(p))
        errors += errs
        if lab is not None and not errs:
            labs.append(lab)
    # Guide order (4.1 before 12.3), not file-name order: the code-lab screen opens
    # on the first one and F3/F4 walk them, so a newcomer starts with cache-aside.
    labs.sort(key=lambda lab: _section_key(lab.section))
    return labs, errors


def _section_key(section: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 10**6 for p in str(section).split("."))


def lab_ids_by_lesson(folder: Path | None = None) -> dict[str, list[str]]:
    """{lesson id: [code lab ids]} from each file's top-level ``lesson:`` line only,
    without parsing: cheap enough for a screen to ask whether a lesson has labs."""
    folder = Path(folder) if folder else codelabs_dir()
    out: dict[str, list[str]] = {}
    for p in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.startswith("lesson:"):
                out.setdefault(line.split(":", 1)[1].strip().strip("'\""), []).append(p.stem)
                break
    return out


def lab_ids(folder: Path | None = None) -> list[str]:
    """Every code lab's id (its file name), without parsing: what home and the
    progress reports count passes against. A broken file still counts; the lab
    screen lists it nowhere, and ``redislab lessons check`` reports it."""
    folder = Path(folder) if folder else codelabs_dir()
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def codelabs_for(lesson_id: str, folder: Path | None = None) -> list:
    """The code labs a lesson offers (their ``lesson:`` field), for the lesson screen."""
    return [lab for lab in load_codelabs(folder)[0] if lab.lesson == lesson_id]


def check_codelab(lab: CodeLab) -> list:
    """The reference solution must pass every check; the starting program must not."""
    errs = []
    ref = run_lab(lab, lab.solution)
    if not ref.passed:
        line = next((c.line for c in ref.checks if not c.passed), lab.line)
        errs.append(LessonError(lab.path, line, f"code lab '{lab.id}': the reference solution fails: {ref.reason}"))
    start = run_lab(lab, lab.start)
    if start.passed:
        errs.append(LessonError(lab.path, lab.line, f"code lab '{lab.id}': the starting program already passes "
                                                    "every check, so the lab grades nothing"))
    return errs


def is_codelab_path(path: Path) -> bool:
    path = Path(path)
    return path.name == "codelabs" or path.parent.name == "codelabs"


def check_path(path: Path) -> list:
    """``redislab lessons check codelabs/`` (or one file): schema, solutions, starts."""
    path = Path(path)
    if not path.exists():
        return [LessonError(str(path), 1, "no such file or folder")]
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    errs = []
    for p in files:
        lab, e = parse_codelab(p.read_text(encoding="utf-8"), str(p))
        errs += e
        if lab is not None and not e:
            errs += check_codelab(lab)
    return errs


def check_beside(lessons_folder: Path) -> list:
    """Checking the lessons folder also checks the code labs next to it."""
    sib = Path(lessons_folder).resolve().parent / "codelabs"
    if not sib.is_dir():
        return []
    from .loader import lesson_files

    known = {p.stem for p in lesson_files(lessons_folder)}
    errs = check_path(sib)
    for lab in load_codelabs(sib)[0]:
        if lab.lesson and lab.lesson not in known:
            errs.append(LessonError(lab.path, lab.line, f"code lab '{lab.id}': lesson '{lab.lesson}' "
                                                        f"is not a lesson in {lessons_folder}"))
    return errs
