"""The curriculum: the lesson format, its loader and validator, checks and grading.

* ``schema``   - YAML with line numbers -> Lesson / Step / Exercise / Check objects
* ``loader``   - every lesson in a folder; broken files become error objects
* ``variants`` - randomised exercise data and ``{{placeholders}}``
* ``checks``   - state, reply and method check kinds
* ``grading``  - sandboxes, command logs, grading with hidden variants
* ``checker``  - ``redislab lessons check`` / ``redislab lessons new``

The format is documented for instructors in docs/LESSONS.md.
"""
from __future__ import annotations

from .grading import CommandLog, GradeResult, grade, grade_live, prepare_live, values_for
from .loader import LoadResult, load_lessons
from .schema import Exercise, Lesson, LessonError, parse_lesson

__all__ = ["CommandLog", "Exercise", "GradeResult", "Lesson", "LessonError", "LoadResult",
           "grade", "grade_live", "load_lessons", "parse_lesson", "prepare_live", "values_for"]
