"""Grading: one function per mechanic, all returning a ``Result``.

Everything here is deterministic (no clocks, no randomness) so the same answer
always gets the same score, which is what lets tests pin right, partly right and
wrong answers for every guide question.

Free text is graded against a rubric: each concept lists phrases that count as
naming it; misconceptions list phrases that cost points unless negated ("streams
are *not* kept forever" must not be punished as "streams are kept forever").
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .schema import Mechanic, Question

PASS = 0.8          # a score at or above this counts as "got it" (Leitner promotion, class report)


@dataclass
class Result:
    question: str
    mechanic: str
    score: float
    feedback: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)        # concept labels or unmet task checks
    misconceptions: list[str] = field(default_factory=list)
    note: str = ""                                          # e.g. how a task measured something

    @property
    def passed(self) -> bool:
        return self.score >= PASS

    def to_dict(self) -> dict:
        d = asdict(self)
        d["passed"] = self.passed
        return d


def _clamp(x: float) -> float:
    return round(max(0.0, min(1.0, x)), 3)


# ------------------------------------------------------------------ text matching
_NON_WORD = re.compile(r"[^a-z0-9+]+")


def normalize(text: str) -> str:
    """Lower case, punctuation to spaces: 'O(log N)' and 'o log n' compare equal."""
    return " " + _NON_WORD.sub(" ", text.lower()).strip() + " "


def compile_phrase(phrase: str) -> re.Pattern:
    """A rubric phrase: words in order; ``word*`` matches any ending; ``...`` allows up
    to five words in between ("evict ... least recently")."""
    parts = []
    for w in phrase.lower().split():
        if w == "...":
            parts.append(r"(?:\S+ ){0,5}")
            continue
        star = w.endswith("*")
        w = normalize(w.rstrip("*")).strip()
        if not w:
            continue
        tokens = w.split()
        pat = r" ".join(re.escape(t) for t in tokens)
        parts.append(pat + (r"\S*" if star else "") + " ")
    if not parts:
        raise re.error("empty phrase")
    return re.compile(" " + "".join(parts))


_NEGATORS = {"not", "never", "no", "nor", "isn", "aren", "doesn", "don", "won", "cannot", "without", "neither"}


def _negated(text: str, start: int) -> bool:
    before = text[:start].split()[-3:]
    return any(w in _NEGATORS for w in before)


def find(phrases: list[str], text: str, allow_negated: bool = True) -> str | None:
    """The first phrase found in the normalized ``text``, or None. With
    ``allow_negated=False`` a match preceded by a negation, or with one inside a
    ``...`` gap ("pipelines do *not* run atomically"), does not count."""
    for p in phrases:
        own = set(normalize(p).split())
        for m in compile_phrase(p).finditer(text):
            if allow_negated:
                return p
            inside = set(text[m.start():m.end()].split()) - own
            if not _negated(text, m.start() + 1) and not (inside & _NEGATORS):
                return p
    return None


# ------------------------------------------------------------------------ grading
def _letters(answer) -> list[str]:
    if isinstance(answer, str):
        answer = re.split(r"[\s,;]+", answer.strip())
    return sorted({str(a).strip().lower() for a in answer if str(a).strip()})


def grade_choice(q: Question, m: Mechanic, answer) -> Result:
    picked = _letters(answer)
    keys = {o.key for o in m.options}
    r = Result(q.id, m.type, 0.0)
    unknown = [p for p in picked if p not in keys]
    if unknown:
        r.feedback.append(f"no option {', '.join(unknown)} (options are {', '.join(sorted(keys))})")
    correct = [o for o in m.options if o.correct]
    if m.type == "choice":
        if len(picked) != 1:
            r.feedback.append("pick exactly one option")
        for o in m.options:
            if o.key in picked:
                mark = "right" if o.correct else "not quite"
                r.feedback.append(f"({o.key}) {mark}: {o.feedback or o.text}")
        if len(picked) == 1 and picked[0] in {o.key for o in correct}:
            r.score = 1.0
        else:
            r.missing = [f"({o.key}) {o.text}" for o in correct]
        return r
    hits = wrong = 0
    for o in m.options:
        chosen = o.key in picked
        if chosen and o.correct:
            hits += 1
            r.feedback.append(f"({o.key}) right: {o.feedback or o.text}")
        elif chosen:
            wrong += 1
            r.feedback.append(f"({o.key}) should not be picked: {o.feedback or o.text}")
        elif o.correct:
            r.missing.append(f"({o.key}) {o.text}")
            r.feedback.append(f"({o.key}) missed: {o.feedback or o.text}")
    # A wrong pick cancels a right one, so ticking everything scores nothing.
    r.score = _clamp((hits - wrong) / len(correct))
    return r


def grade_order(q: Question, m: Mechanic, answer) -> Result:
    if isinstance(answer, str):
        answer = re.split(r"[\s,;>]+", answer.strip())
    given = [str(a).strip() for a in answer if str(a).strip()]
    want = [i for i, _ in m.items]
    text = dict(m.items)
    r = Result(q.id, m.type, 0.0)
    if sorted(given) != sorted(want):
        r.feedback.append(f"list every step exactly once: {', '.join(want)}")
        r.missing = [text[i] for i in want if i not in given]
        return r
    pos = {s: k for k, s in enumerate(given)}
    pairs = [(a, b) for k, a in enumerate(want) for b in want[k + 1:]]
    good = sum(pos[a] < pos[b] for a, b in pairs)
    r.score = _clamp(good / len(pairs))
    if r.score < 1:
        r.score = _clamp(r.score * 0.8)     # partial credit never reaches a pass
        for a, b in zip(want, want[1:]):
            if pos[a] > pos[b]:
                r.feedback.append(f"'{text[a]}' comes before '{text[b]}'")
        r.missing = ["order: " + " > ".join(want)]
    else:
        r.feedback.append("right order")
    return r


def grade_rubric(q: Question, m: Mechanic, answer) -> Result:
    if isinstance(answer, list):
        answer = " ".join(str(a) for a in answer)
    text = normalize(str(answer or ""))
    r = Result(q.id, m.type, 0.0)
    total = sum(c.weight for c in m.concepts)
    got = 0.0
    for c in m.concepts:
        if find(c.synonyms, text):
            got += c.weight
            r.feedback.append(f"covered: {c.label}")
        else:
            r.missing.append(c.label)
    penalty = 0.0
    for mc in m.misconceptions:
        if find(mc.patterns, text, allow_negated=False):
            penalty += mc.penalty
            r.misconceptions.append(mc.id)
            r.feedback.append(f"misconception: {mc.feedback}")
    r.score = _clamp(got / total - penalty) if total else 0.0
    if r.missing:
        r.feedback.append("missing: " + "; ".join(r.missing))
    return r


def grade(q: Question, answer, mechanic: str | None = None) -> Result:
    """Grade ``answer`` to ``q``; the mechanic is named or guessed from the answer's shape."""
    m = q.mechanic(mechanic) if mechanic else guess_mechanic(q, answer)
    if m is None:
        return Result(q.id, mechanic or "?", 0.0, [f"{q.id} has no {mechanic or 'matching'} mechanic"])
    if not m.available:
        return Result(q.id, m.type, 0.0, [f"skipped: {m.unavailable_reason}"], note="unavailable")
    if m.type in ("choice", "multi"):
        return grade_choice(q, m, answer)
    if m.type == "order":
        return grade_order(q, m, answer)
    if m.type == "rubric":
        return grade_rubric(q, m, answer)
    from .tasks import run_task

    lines = answer if isinstance(answer, list) else str(answer).splitlines()
    return run_task(m.task, [str(x) for x in lines], question=q.id)


_LETTERS = re.compile(r"^\s*[a-h](\s*[,; ]\s*[a-h])*\s*$", re.I)


def guess_mechanic(q: Question, answer) -> Mechanic | None:
    """Letters -> choice/multi; a list of step ids -> order; other lists -> a task's
    command lines; other text -> the rubric."""
    types = {m.type: m for m in q.mechanics}
    if isinstance(answer, list):
        order = types.get("order")
        if order and {str(a) for a in answer} <= {i for i, _ in order.items}:
            return order
        if "task" in types:
            return types["task"]
        if all(isinstance(a, str) and len(a) == 1 for a in answer):
            return types.get("multi") or types.get("choice")
        return order or types.get("rubric")
    s = str(answer)
    if _LETTERS.match(s):
        return types.get("choice") or types.get("multi") or types.get("rubric")
    if "\n" in s.strip() and "task" in types and "rubric" not in types:
        return types["task"]
    return types.get("rubric") or types.get("order") or types.get("task")
