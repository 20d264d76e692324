"""Quizzes: the question bank, grading, hands-on tasks and the practice/drill/exam modes.

    from redislab.quiz import load_bank, grade
    bank = load_bank()
    result = grade(bank.get("guide-q7"), ["SCAN 0", "SCARD followers:celebrity", "UNLINK followers:celebrity"])
"""
from __future__ import annotations

from .bank import Bank
from .bank import load as load_bank
from .grading import PASS, Result, grade
from .schema import Question, SchemaError

__all__ = ["Bank", "PASS", "Question", "Result", "SchemaError", "grade", "load_bank"]
