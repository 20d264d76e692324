"""A lesson's status as the lab shows it, computed from the progress file.

Kept apart from the screens so home, the lesson screen and tests agree on what
"done" means: every exercise passed (a lesson without exercises is done once it
was marked complete). "In progress" is anything short of that after the learner
has touched the lesson (an attempt, a passed exercise, or a step beyond the first).
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

NOT_STARTED, IN_PROGRESS, DONE = "not started", "in progress", "done"
_STYLE = {NOT_STARTED: "dim", IN_PROGRESS: "yellow", DONE: "green"}


@dataclass(frozen=True)
class LessonStatus:
    state: str
    passed: int
    total: int

    @property
    def done(self) -> bool:
        return self.state == DONE

    def label(self) -> str:
        """``in progress 1/3`` (exercises passed of total), plain text."""
        return f"{self.state} {self.passed}/{self.total}" if self.total else self.state

    def text(self) -> Text:
        mark = "✓ " if self.done else ""
        return Text(mark + self.label(), style=_STYLE[self.state])


def lesson_status(progress, lesson) -> LessonStatus:
    """Status of ``lesson`` (a curriculum Lesson) in ``progress`` (a Progress), read-only:
    ``Progress.lesson()`` would create an empty record, so the raw data is read."""
    rec = progress.data.get("lessons", {}).get(lesson.id) or {}
    done_ex = rec.get("exercises", {})
    ids = [ex.id for ex in lesson.exercises]
    passed = sum(1 for i in ids if done_ex.get(i, {}).get("passed"))
    total = len(ids)
    if (total and passed == total) or (not total and rec.get("completed")):
        state = DONE
    elif passed or any(done_ex.get(i, {}).get("attempts") for i in ids) or rec.get("step", 0) > 0:
        state = IN_PROGRESS
    else:
        state = NOT_STARTED
    return LessonStatus(state, passed, total)


def codelab_counts(progress, lab_ids) -> tuple[int, int, int]:
    """(passed, tried, total) over ``lab_ids``, read-only."""
    recs = progress.data.get("codelabs", {})
    passed = sum(1 for i in lab_ids if recs.get(i, {}).get("passed"))
    tried = sum(1 for i in lab_ids if recs.get(i, {}).get("attempts"))
    return passed, tried, len(lab_ids)


def codelab_summary(progress, lab_ids) -> Text:
    """Home's "Code labs" status: ``3/16 passed`` once any lab was run, else a dash."""
    passed, tried, total = codelab_counts(progress, lab_ids)
    if not tried:
        return Text("—", style="dim")
    if total and passed == total:
        return Text(f"✓ {passed}/{total} passed", style=_STYLE[DONE])
    return Text(f"{passed}/{total} passed", style=_STYLE[IN_PROGRESS])


def codelab_mark(progress, lab_id: str) -> tuple[str, str]:
    """(mark, style) for one lab in the code-lab list: ✓ passed, · run but not yet."""
    rec = progress.data.get("codelabs", {}).get(lab_id) or {}
    if rec.get("passed"):
        return "✓", _STYLE[DONE]
    if rec.get("attempts"):
        return "·", _STYLE[IN_PROGRESS]
    return " ", _STYLE[NOT_STARTED]


def first_unfinished(lessons, progress):
    """The lesson "Continue" opens (None: all done): the first one in progress, so a
    learner who started with lists returns to lists ("c continues where you left
    off", home says) instead of the untouched first lesson; else the first not done."""
    open_ = [(lesson, lesson_status(progress, lesson)) for lesson in lessons]
    open_ = [(lesson, st) for lesson, st in open_ if not st.done]
    started = next((lesson for lesson, st in open_ if st.state == IN_PROGRESS), None)
    return started or (open_[0][0] if open_ else None)


def learner_seed(progress) -> str:
    """The seed a learner's exercise data is drawn from: stable across sessions (so an
    exercise shows the same numbers when reopened) and different between learners."""
    return f"lab/{progress.user}"
