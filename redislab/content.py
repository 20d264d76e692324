"""Where the lesson and quiz YAML files live.

The top-level ``lessons/`` and ``quizzes/`` folders are reached through the
symlinks ``redislab/lessons`` and ``redislab/quizzes``; building a wheel follows the
links, so an installed package carries real copies at the same place. One path
works for a checkout, an editable install and a wheel.
"""
from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def lessons_dir() -> Path:
    return _PKG / "lessons"


def quizzes_dir() -> Path:
    return _PKG / "quizzes"
