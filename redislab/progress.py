"""The learner's progress file: lessons, exercises, code labs, quiz answers and Leitner boxes.

One JSON file per user under ``platformdirs.user_data_dir("redislab")`` (or
``$REDISLAB_HOME`` — tests and classrooms point it elsewhere). Rules:

* it carries a ``version``; a file from another version, or one that does not parse,
  is renamed to ``progress.json.<timestamp>.bak`` and the rename is reported in
  ``Progress.warnings`` — a learner's history is never silently overwritten;
* writes go to a temp file in the same directory and ``os.replace`` it, so a crash
  mid-write leaves either the old or the new file, never half of one.

The lab and the lessons use ``lesson(id)`` and ``record_exercise``; the code-lab
screen ``record_codelab``; quizzes use ``record_answer`` and ``leitner``.

Code labs (``"codelabs": {lab id: {"attempts", "passed", "passed_at", "last"}}``)
were added without a version bump: the key is optional, so a version-1 file
written before it loads as "no code lab run yet", and an older redislab reading a
newer file keeps the key untouched when it saves. A file whose known sections have
the wrong shape (say ``"codelabs": []``) counts as damaged, like one that does not
parse: it is set aside as ``.bak`` with a warning, never half-read or overwritten.
"""
from __future__ import annotations

import getpass
import json
import os
import tempfile
import time
from pathlib import Path

VERSION = 1
FILENAME = "progress.json"
LEITNER_INTERVALS = {1: 1, 2: 2, 3: 4, 4: 8, 5: 16}   # box -> drill sessions until due again


def home() -> Path:
    env = os.environ.get("REDISLAB_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("redislab"))


def default_path() -> Path:
    return home() / FILENAME


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _empty(user: str | None = None) -> dict:
    try:
        who = user or getpass.getuser()
    except Exception:  # no login name in some containers
        who = "learner"
    return {"version": VERSION, "user": who, "lessons": {}, "answers": {}, "leitner": {}, "drill_session": 0,
            "codelabs": {}}


# The sections a progress file holds, and the JSON type each must have (absent is fine).
_SHAPES = {"lessons": dict, "answers": dict, "leitner": dict, "codelabs": dict}


def shape_problem(data) -> str | None:
    """Why ``data`` is not a usable version-``VERSION`` progress file, or None."""
    if not isinstance(data, dict):
        return "not a JSON object"
    if data.get("version") != VERSION:
        return f"format version {data.get('version')!r}, expected {VERSION}"
    for key, kind in _SHAPES.items():
        if key in data and not isinstance(data[key], kind):
            return f"damaged (its {key!r} section is a {type(data[key]).__name__}, not an object)"
    for lid, rec in data.get("lessons", {}).items():
        # The lab and the class report read these records field by field.
        if not isinstance(rec, dict) or not isinstance(rec.get("exercises", {}), dict):
            return f"damaged (lesson {lid!r} is not an object with an exercises object)"
        for eid, ex in rec["exercises"].items() if "exercises" in rec else ():
            if (not isinstance(ex, dict) or not isinstance(ex.get("attempts", 0), int)
                    or not isinstance(ex.get("passed", False), bool)):
                return f"damaged (exercise {lid}/{eid} has attempts or passed of the wrong type)"
    for lab_id, rec in data.get("codelabs", {}).items():
        if not isinstance(rec, dict):
            return f"damaged (code lab {lab_id!r} is a {type(rec).__name__}, not an object)"
        if not isinstance(rec.get("attempts", 0), int) or not isinstance(rec.get("passed", False), bool):
            return f"damaged (code lab {lab_id!r} has attempts or passed of the wrong type)"
    return None


class LessonProgress:
    """A view on one lesson's record; changes go straight into the Progress data."""

    def __init__(self, data: dict):
        self.data = data

    @property
    def exercises(self) -> dict:
        return self.data["exercises"]

    def passed(self, exercise_id: str) -> bool:
        return bool(self.exercises.get(exercise_id, {}).get("passed"))

    @property
    def completed(self) -> bool:
        return bool(self.data.get("completed"))

    def complete(self) -> None:
        self.data["completed"] = _now()

    @property
    def step(self) -> int:
        return int(self.data.get("step", 0))

    @step.setter
    def step(self, value: int) -> None:
        self.data["step"] = int(value)


class Progress:
    def __init__(self, data: dict, path: Path | None = None, warnings: list[str] | None = None):
        self.data = data
        self.path = path
        self.warnings = warnings or []

    # ------------------------------------------------------------- load / save
    @classmethod
    def load(cls, path: Path | str | None = None, user: str | None = None) -> "Progress":
        path = Path(path) if path else default_path()
        warnings: list[str] = []
        if not path.exists():
            return cls(_empty(user), path, warnings)
        problem = None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            problem = shape_problem(data)
        except (OSError, ValueError) as e:
            problem = f"unreadable ({e.__class__.__name__}: {e})"
        if problem:
            bak = path.with_name(f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}.bak")
            n = 1
            while bak.exists():
                bak = path.with_name(f"{path.name}.{time.strftime('%Y%m%d-%H%M%S')}-{n}.bak")
                n += 1
            os.replace(path, bak)
            warnings.append(f"progress file {path} was {problem}; kept it as {bak.name} and started afresh")
            return cls(_empty(user), path, warnings)
        for key, default in _empty().items():
            data.setdefault(key, default)
        return cls(data, path, warnings)

    def save(self) -> None:
        path = self.path or default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self.data, f, indent=1, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise

    # ---------------------------------------------------------------- lessons
    @property
    def user(self) -> str:
        return self.data.get("user", "learner")

    def lesson(self, lesson_id: str) -> LessonProgress:
        rec = self.data["lessons"].setdefault(lesson_id, {"exercises": {}})
        rec.setdefault("exercises", {})
        return LessonProgress(rec)

    def record_exercise(self, lesson_id: str, exercise_id: str, passed: bool) -> None:
        ex = self.lesson(lesson_id).exercises.setdefault(exercise_id, {"attempts": 0, "passed": False})
        ex["attempts"] += 1
        ex["passed"] = bool(ex["passed"] or passed)    # once passed, stays passed
        ex["last"] = _now()

    # -------------------------------------------------------------- code labs
    @property
    def codelabs(self) -> dict:
        """code lab id -> {"attempts": runs, "passed": bool, "passed_at", "last"}."""
        return self.data["codelabs"]

    def record_codelab(self, lab_id: str, passed: bool) -> dict:
        """One run of a code lab's checks. Like an exercise, once passed it stays passed."""
        rec = self.codelabs.setdefault(lab_id, {"attempts": 0, "passed": False})
        rec["attempts"] = int(rec.get("attempts", 0)) + 1
        rec["last"] = _now()
        if passed and not rec.get("passed"):
            rec["passed_at"] = rec["last"]
        rec["passed"] = bool(rec.get("passed") or passed)
        return rec

    def codelab_passed(self, lab_id: str) -> bool:
        return bool(self.data.get("codelabs", {}).get(lab_id, {}).get("passed"))

    def codelab_attempts(self, lab_id: str) -> int:
        return int(self.data.get("codelabs", {}).get(lab_id, {}).get("attempts", 0))

    # ---------------------------------------------------------------- quizzes
    def record_answer(self, question_id: str, score: float, missing: list[str] | None = None,
                      mechanic: str = "", mode: str = "") -> None:
        self.data["answers"].setdefault(question_id, []).append({
            "score": round(float(score), 3), "missing": list(missing or []),
            "mechanic": mechanic, "mode": mode, "at": _now()})

    def best(self, question_id: str) -> float | None:
        tries = self.data["answers"].get(question_id)
        return max(t["score"] for t in tries) if tries else None

    def last(self, question_id: str) -> dict | None:
        tries = self.data["answers"].get(question_id)
        return tries[-1] if tries else None

    @property
    def leitner(self) -> dict:
        """question id -> {"box": 1..5, "due": drill session number}."""
        return self.data["leitner"]

    @property
    def drill_session(self) -> int:
        return int(self.data.get("drill_session", 0))

    def start_drill_session(self) -> int:
        self.data["drill_session"] = self.drill_session + 1
        return self.data["drill_session"]

    def box(self, question_id: str) -> int:
        return int(self.leitner.get(question_id, {}).get("box", 1))

    def is_due(self, question_id: str) -> bool:
        rec = self.leitner.get(question_id)
        return rec is None or rec.get("due", 0) <= self.drill_session

    def promote(self, question_id: str, passed: bool) -> int:
        """Leitner rule: right moves a card up one box (max 5), wrong sends it to box 1.
        Higher boxes come back less often (LEITNER_INTERVALS drill sessions)."""
        box = min(5, self.box(question_id) + 1) if passed else 1
        self.leitner[question_id] = {"box": box, "due": self.drill_session + LEITNER_INTERVALS[box]}
        return box
