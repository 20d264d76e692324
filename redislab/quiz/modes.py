"""Practice, drill and exam: which questions come, in what order, and what is told when.

The modes hold no I/O: a runner (the plain CLI, the lab) asks for the next question,
collects an answer however it likes and hands it back. That keeps the selection and
scoring rules testable without a terminal.

* practice — one question at a time, immediate feedback and the explanation;
* drill    — a seeded shuffle, due Leitner cards first, a time limit; right answers
             move a card up a box (seen less often), wrong ones back to box 1;
* exam     — a fixed set, no feedback until ``report()``, then per-topic strengths
             and weaknesses.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from ..progress import Progress
from .bank import Bank
from .grading import PASS, Result, grade
from .schema import Mechanic, Question

EASY = ("choice", "multi", "order")
HARD = ("rubric", "task")


def pick_mechanic(q: Question, prefer: tuple[str, ...] = EASY + HARD) -> Mechanic | None:
    """The first available mechanic in order of preference, or None."""
    avail = {m.type: m for m in q.available_mechanics()}
    for t in prefer:
        if t in avail:
            return avail[t]
    return next(iter(avail.values()), None)


@dataclass
class Item:
    question: Question
    mechanic: Mechanic


class _Mode:
    name = ""

    def __init__(self, bank: Bank, progress: Progress | None = None, topic: str | None = None):
        self.bank = bank
        self.progress = progress
        self.topic = topic
        self.results: list[Result] = []
        self.notes: list[str] = []

    def _pool(self) -> list[Question]:
        qs = self.bank.select(topic=self.topic)
        if not qs:
            raise ValueError(f"no questions for topic {self.topic!r}; topics: {', '.join(self.bank.topics())}")
        return qs

    def _record(self, item: Item, r: Result) -> None:
        self.results.append(r)
        if self.progress is not None and r.note != "unavailable":
            self.progress.record_answer(item.question.id, r.score, r.missing, item.mechanic.type, self.name)


class Practice(_Mode):
    """Questions in a seeded random order, never-answered ones first."""

    name = "practice"

    def __init__(self, bank, progress=None, topic=None, seed: int | None = None, prefer=EASY + HARD):
        super().__init__(bank, progress, topic)
        qs = self._pool()
        random.Random(seed).shuffle(qs)
        if progress is not None:
            qs.sort(key=lambda q: progress.best(q.id) is not None)    # stable: unseen first
        self.items = [Item(q, m) for q in qs if (m := pick_mechanic(q, prefer))]

    def answer(self, item: Item, answer) -> Result:
        r = grade(item.question, answer, item.mechanic.type)
        self._record(item, r)
        return r


class Drill(_Mode):
    """A timed run over due cards. ``now`` is injectable so tests need no real time."""

    name = "drill"

    def __init__(self, bank, progress: Progress, topic=None, seed: int = 0, size: int = 10,
                 time_limit: float | None = None, now=time.monotonic, prefer: tuple[str, ...] = ()):
        super().__init__(bank, progress, topic)
        self.prefer = tuple(prefer)
        self.session = progress.start_drill_session()
        self.now = now
        self.started = now()
        self.time_limit = time_limit
        rng = random.Random(seed)
        due, later = [], []
        for q in self._pool():
            (due if progress.is_due(q.id) else later).append(q)
        rng.shuffle(due)
        rng.shuffle(later)
        # Due cards first, lower boxes (weaker knowledge) before higher ones.
        due.sort(key=lambda q: progress.box(q.id))
        self.items: list[Item] = []
        for q in due + later:
            if len(self.items) >= size:
                break
            # A card climbs from recognition (boxes 1-2) to explaining (3) to doing (4-5).
            box = progress.box(q.id)
            prefer = self.prefer + (EASY + HARD if box <= 2 else HARD + EASY if box == 3 else ("task", "rubric") + EASY)
            m = pick_mechanic(q, prefer)
            skipped = [x for x in q.mechanics if not x.available]
            for x in skipped:
                if x.type == prefer[0] or x.type in self.prefer:
                    self.notes.append(f"{q.id}: {x.type} skipped ({x.unavailable_reason})")
            if m is None:
                self.notes.append(f"{q.id}: skipped, no available mechanic")
                continue
            self.items.append(Item(q, m))

    def time_left(self) -> float | None:
        if self.time_limit is None:
            return None
        return max(0.0, self.time_limit - (self.now() - self.started))

    def expired(self) -> bool:
        left = self.time_left()
        return left is not None and left <= 0

    def answer(self, item: Item, answer) -> Result:
        r = grade(item.question, answer, item.mechanic.type)
        if self.expired():
            r.feedback.append("time was up: counted as not known")
            r.score = 0.0
        self._record(item, r)
        box = self.progress.promote(item.question.id, r.passed)
        r.feedback.append(f"Leitner box {box}")
        return r

    def summary(self) -> dict:
        return {"session": self.session, "answered": len(self.results),
                "passed": sum(r.passed for r in self.results), "skipped": list(self.notes),
                "boxes": {i.question.id: self.progress.box(i.question.id) for i in self.items}}


@dataclass
class ExamReport:
    total: float
    per_topic: dict = field(default_factory=dict)     # topic -> {"score", "answered"}
    strengths: list[str] = field(default_factory=list)
    weaknesses: list[str] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"total": self.total, "per_topic": self.per_topic, "strengths": self.strengths,
                "weaknesses": self.weaknesses, "results": [r.to_dict() for r in self.results]}


class Exam(_Mode):
    """A fixed set: the guide's 15 interview and 5 quiz questions, or every question of
    ``topic``; each asked with its first recognition mechanic so every sitting is the
    same exam."""

    name = "exam"

    def __init__(self, bank, progress=None, topic=None, ids: list[str] | None = None):
        super().__init__(bank, progress, topic)
        if ids:
            qs = [bank.get(i) for i in ids if bank.get(i)]
        else:
            # A topic exam covers everything on the topic; the general exam is the guide's own 20.
            qs = self._pool() if topic else [q for q in bank if q.source != "extra"]
        self.items = [Item(q, m) for q in qs if (m := pick_mechanic(q))]
        self._answers: dict[str, object] = {}

    def answer(self, item: Item, answer) -> None:
        """Store the answer; nothing is revealed until ``report``."""
        self._answers[item.question.id] = answer

    def report(self) -> ExamReport:
        self.results = []
        topics: dict[str, list[float]] = {}
        for item in self.items:
            a = self._answers.get(item.question.id, "")
            r = grade(item.question, a, item.mechanic.type) if a != "" else \
                Result(item.question.id, item.mechanic.type, 0.0, ["not answered"])
            self._record(item, r)
            topics.setdefault(item.question.topic, []).append(r.score)
        per = {t: {"score": round(sum(v) / len(v), 3), "answered": len(v)} for t, v in sorted(topics.items())}
        total = round(sum(r.score for r in self.results) / len(self.results), 3) if self.results else 0.0
        return ExamReport(total, per,
                          [t for t, v in per.items() if v["score"] >= PASS],
                          [t for t, v in per.items() if v["score"] < 0.5], self.results)
