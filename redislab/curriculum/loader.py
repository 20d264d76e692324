"""Load every lesson in a folder. A broken file yields errors, never an exception,
and never stops the other files from loading: the lab still opens with the lessons
that work, and the checker reports all broken files at once."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .schema import Lesson, LessonError, parse_lesson


@dataclass
class LoadResult:
    lessons: list = field(default_factory=list)     # [Lesson], in section order
    errors: list = field(default_factory=list)      # [LessonError]
    broken: dict = field(default_factory=dict)      # path -> [LessonError] for files not loaded

    def by_id(self) -> dict:
        return {lesson.id: lesson for lesson in self.lessons}

    def by_section(self, section: str) -> list:
        return [lesson for lesson in self.lessons if lesson.section == section]


def section_key(section) -> tuple:
    """"7.1" -> (7, 1): numeric parts compare as numbers; anything else sorts last."""
    parts = []
    for p in str(section).split("."):
        parts.append((0, int(p), "") if p.isdigit() else (1, 0, p))
    return tuple(parts)


def lesson_files(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).glob("*.yaml") if p.is_file())


def load_file(path: Path, display: str | None = None) -> tuple[Lesson | None, list[LessonError]]:
    shown = display or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        return None, [LessonError(shown, 1, f"cannot read the file: {e}")]
    try:
        return parse_lesson(text, shown)
    except Exception as e:  # noqa: BLE001 - one bad file must not take the others down
        return None, [LessonError(shown, 1, f"internal error while reading this lesson: {e!r}")]


def load_lessons(folder: Path | None = None, strict: bool = True) -> LoadResult:
    """All lessons in ``folder`` (default: the shipped ones). With ``strict``, a file
    with any error is left out, so the lab never shows a half-valid lesson."""
    if folder is None:
        from ..content import lessons_dir

        folder = lessons_dir()
    res = LoadResult()
    ids: dict[str, str] = {}
    for path in lesson_files(folder):
        lesson, errors = load_file(path)
        if lesson is not None and lesson.id in ids:
            errors.append(LessonError(str(path), lesson.line,
                                      f"lesson id '{lesson.id}' is also used by {ids[lesson.id]}"))
        res.errors += errors
        if lesson is None or (errors and strict):
            res.broken[str(path)] = errors
            continue
        ids[lesson.id] = str(path)
        res.lessons.append(lesson)
    # Section order, not file-name order: a section's overview ("7", file 07-redis-stack)
    # comes before its parts ("7.1", file 07-1-redisjson), as in the guide's contents.
    res.lessons.sort(key=lambda lesson: (section_key(lesson.section), lesson.path))
    known = set(ids)
    for lesson in res.lessons:
        for p in lesson.prerequisites:
            if p not in known:
                res.errors.append(LessonError(lesson.path, lesson.line,
                                              f"prerequisite '{p}' is not a lesson in {folder}"))
    return res
