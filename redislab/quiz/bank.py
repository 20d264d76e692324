"""The question bank: every ``quizzes/*.yaml`` file, validated and indexed.

Loading also decides which hands-on tasks can run: a task mechanic whose
``requires`` names a command this engine lacks is kept (so the bank documents
it) but marked unavailable, and the modes skip it with a note.
"""
from __future__ import annotations

from pathlib import Path

from ..content import quizzes_dir
from .schema import Question, SchemaError, parse_file
from .tasks import missing_commands


class Bank:
    def __init__(self, questions: list[Question]):
        self.questions = questions
        self.by_id = {q.id: q for q in questions}

    def __len__(self) -> int:
        return len(self.questions)

    def __iter__(self):
        return iter(self.questions)

    def get(self, qid: str) -> Question | None:
        return self.by_id.get(qid)

    def topics(self) -> list[str]:
        return sorted({q.topic for q in self.questions})

    def select(self, topic: str | None = None, source: str | None = None) -> list[Question]:
        """Questions of a topic and/or a source prefix ("guide", "quiz", "extra")."""
        out = self.questions
        if topic:
            out = [q for q in out if q.topic == topic]
        if source:
            out = [q for q in out if q.source.startswith(source)]
        return out


def mark_availability(questions: list[Question]) -> None:
    for q in questions:
        for m in q.mechanics:
            gone = missing_commands(m.requires) if m.requires else []
            m.available = not gone
            m.unavailable_reason = f"needs {', '.join(gone)}, not in this engine yet" if gone else ""


def load(directory: Path | None = None) -> Bank:
    """Load and validate every bank file; raises SchemaError listing all problems."""
    directory = Path(directory) if directory else quizzes_dir()
    questions: list[Question] = []
    problems: list[str] = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            questions.extend(parse_file(path))
        except SchemaError as e:
            problems.extend(e.problems)
    seen: dict[str, Question] = {}
    for q in questions:
        if q.id in seen:
            problems.append(f"{q.file}:{q.line}: duplicate id {q.id!r} (first at {seen[q.id].file}:{seen[q.id].line})")
        seen.setdefault(q.id, q)
    if problems:
        raise SchemaError(problems)
    mark_availability(questions)
    return Bank(questions)
