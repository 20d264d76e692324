"""`redislab quiz`: a plain line-based runner, and non-interactive grading of a file.

    redislab quiz [--mode practice|drill|exam] [--topic T] [--plain]
    redislab quiz --answers FILE [--json] [--record]

The runner reads from ``inp`` and writes to ``out`` (``input``/``print`` by default),
so tests drive it with a list of lines. Answers typed: option letters (``b`` or
``a,c``), step ids in order (``time acquire count``), free text ending with an empty
line, or Redis commands for a hands-on task ending with ``done``.
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import yaml

from ..cli import subcommand
from ..cliformat import format_reply
from ..progress import Progress
from .bank import load as load_bank
from .grading import Result, grade
from .modes import EASY, HARD, Drill, Exam, Item, Practice
from .tasks import TASKS, TaskRun


# ------------------------------------------------------------- answers file
def load_answers(path: Path) -> dict:
    """YAML or JSON (JSON is YAML): question id -> answer, or -> {mechanic: answer}."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of question id -> answer")
    return data.get("answers", data) if isinstance(data.get("answers"), dict) else data


def grade_answers(bank, answers: dict) -> dict:
    """Grade every answer; a question may carry one answer per mechanic type."""
    rows: list[dict] = []
    for qid, ans in answers.items():
        q = bank.get(str(qid))
        if q is None:
            rows.append({"id": str(qid), "score": 0.0, "passed": False, "feedback": ["unknown question id"],
                         "missing": [], "mechanic": None})
            continue
        pairs = ans.items() if isinstance(ans, dict) and set(ans) <= {m.type for m in q.mechanics} \
            else [(None, ans)]
        for mech, a in pairs:
            r = grade(q, a, mech)
            row = r.to_dict()
            row["id"] = row.pop("question")
            rows.append(row)
    total = round(sum(r["score"] for r in rows), 3)
    return {"questions": rows, "total": total, "max": len(rows),
            "percent": round(100 * total / len(rows), 1) if rows else 0.0}


# ---------------------------------------------------------------- the runner
class Stop(Exception):
    pass


def _ask(inp, prompt: str) -> str:
    try:
        line = inp(prompt)
    except EOFError:
        raise Stop
    if line.strip().lower() in ("q", "quit", "exit"):
        raise Stop
    return line


def collect_answer(item: Item, inp, out, seed: int = 0):
    """Show one question and read the learner's answer in the mechanic's form."""
    q, m = item.question, item.mechanic
    out(f"\n[{q.topic}] {m.prompt or q.prompt}")
    if m.type in ("choice", "multi"):
        for o in m.options:
            out(f"  {o.key}) {o.text}")
        hint = "one letter" if m.type == "choice" else "all letters that apply, e.g. a,c"
        return _ask(inp, f"answer ({hint}): ")
    if m.type == "order":
        shown = list(m.items)
        random.Random(seed).shuffle(shown)
        for i, t in shown:
            out(f"  [{i}] {t}")
        return _ask(inp, "order (ids, first to last): ")
    if m.type == "rubric":
        out("answer in your own words; an empty line ends it")
        lines = []
        while True:
            line = _ask(inp, "> " if not lines else ". ")
            if not line.strip():
                if not lines:
                    continue          # an empty first line is a stray Enter, not an answer
                return " ".join(lines)
            lines.append(line)
    task = TASKS[m.task]
    kinds = "Redis commands" + (f" or {'/'.join(d.lower() for d in task.directives)} lines" if task.directives else "")
    out(f"hands-on: {task.title}\n  {task.instructions}\n  type {kinds}; 'done' to finish")
    run, lines = TaskRun(task), []
    while True:
        line = _ask(inp, "task> ")
        if line.strip().lower() == "done":
            return lines
        if not line.strip():
            continue
        lines.append(line)
        reply, notes = run.send(line)
        out(format_reply(reply).rstrip("\n"))
        for n in notes:
            out(n)


def show_result(r: Result, out, explanation: str = "") -> None:
    out(f"score {r.score:.2f}{'  ✓' if r.passed else ''}")
    for f in r.feedback:
        out(f"  - {f}")
    if r.note and r.note != "unavailable":
        out(f"  ({r.note})")
    if explanation:
        out(f"why: {explanation.strip()}")


def run_plain(mode: str, bank, progress: Progress | None, topic=None, seed=0, count=10,
              time_limit=None, inp=input, out=print, mechanic: str | None = None) -> int:
    prefer = (mechanic,) if mechanic else ()
    if mode == "drill":
        runner = Drill(bank, progress, topic, seed=seed, size=count, time_limit=time_limit, prefer=prefer)
        for n in runner.notes:
            out(f"note: {n}")
    elif mode == "exam":
        runner = Exam(bank, progress, topic)
        out(f"exam: {len(runner.items)} questions, results at the end")
    else:
        runner = Practice(bank, progress, topic, seed=seed, prefer=prefer + EASY + HARD)
    items = runner.items
    if mode == "practice":
        # Asking for a mechanic in practice means "give me those": keep only matching questions.
        items = [i for i in items if not mechanic or i.mechanic.type == mechanic] or items
        items = items[:count]
    try:
        for k, item in enumerate(items, 1):
            if mode == "drill":
                left = runner.time_left()
                if left is not None and left <= 0:
                    out("time is up")
                    break
                out(f"\n({k}/{len(items)}, box {progress.box(item.question.id)}"
                    + (f", {left:.0f}s left" if left is not None else "") + ")")
            answer = collect_answer(item, inp, out, seed)
            if mode == "exam":
                runner.answer(item, answer)
                continue
            r = runner.answer(item, answer)
            show_result(r, out, item.question.explanation if mode == "practice" else "")
            if progress is not None:
                progress.save()
    except Stop:
        out("stopped")
    if mode == "exam":
        rep = runner.report()
        out(f"\nexam score {rep.total:.0%}")
        for t, v in rep.per_topic.items():
            out(f"  {t:<16} {v['score']:.0%} ({v['answered']})")
        out("strengths: " + (", ".join(rep.strengths) or "-"))
        out("to work on: " + (", ".join(rep.weaknesses) or "-"))
        for r in rep.results:
            if r.missing:
                out(f"  {r.question}: missing {'; '.join(r.missing)}")
    elif mode == "drill":
        s = runner.summary()
        out(f"\ndrill {s['session']}: {s['passed']}/{s['answered']} right")
    if progress is not None:
        progress.save()
    return 0


# ------------------------------------------------------------------ command
@subcommand("quiz", "interview questions and quizzes: practice, drill (Leitner), exam, or grade a file")
def _quiz(p):
    p.add_argument("--mode", choices=("practice", "drill", "exam"), default="practice")
    p.add_argument("--topic", default=None, help="only questions of this topic")
    p.add_argument("--plain", action="store_true", help="line-based runner (the default outside the lab)")
    p.add_argument("--seed", type=int, default=None, help="shuffle seed (drill/practice)")
    p.add_argument("--count", type=int, default=10, help="questions per practice/drill run")
    p.add_argument("--time-limit", type=float, default=None, help="drill time limit in seconds")
    p.add_argument("--answers", type=Path, default=None, help="grade a YAML/JSON answers file")
    p.add_argument("--json", action="store_true", help="with --answers: print JSON")
    p.add_argument("--record", action="store_true", help="with --answers: store the scores in the progress file")
    p.add_argument("--mechanic", choices=("choice", "multi", "order", "rubric", "task"), default=None,
                   help="ask this way when a question allows it (task = hands-on on the engine)")
    p.add_argument("--list", action="store_true", help="list question ids, topics and mechanics")

    def run(args) -> int:
        bank = load_bank()
        if args.list:
            for q in bank:
                mechs = ",".join(m.type + ("" if m.available else "(n/a)") for m in q.mechanics)
                print(f"{q.id:<28} {q.topic:<14} {q.source:<9} {mechs}")
            return 0
        progress = Progress.load()
        for w in progress.warnings:
            print(f"warning: {w}", file=sys.stderr)
        if args.answers:
            report = grade_answers(bank, load_answers(args.answers))
            if args.record:
                for row in report["questions"]:
                    if bank.get(row["id"]) and row.get("note") != "unavailable":
                        progress.record_answer(row["id"], row["score"], row["missing"], row["mechanic"], "answers")
                progress.save()
            if args.json:
                print(json.dumps(report, indent=2, ensure_ascii=False))
            else:
                for row in report["questions"]:
                    print(f"{row['id']:<28} {row['mechanic'] or '?':<7} {row['score']:.2f}"
                          + (f"  missing: {'; '.join(row['missing'])}" if row["missing"] else ""))
                print(f"total {report['total']}/{report['max']} ({report['percent']}%)")
            return 0
        seed = args.seed if args.seed is not None else random.randrange(1 << 30)
        return run_plain(args.mode, bank, progress, args.topic, seed, args.count, args.time_limit,
                         mechanic=args.mechanic)

    return run
