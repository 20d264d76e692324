"""`redislab progress`: export one learner's progress, merge a class's files.

    redislab progress export [--format json|csv|md] [--file PATH]
    redislab progress merge FILES... [--format md|json]

``merge`` is the instructor's view: per student, lessons completed, exercises
passed, questions got and code labs passed; per lesson exercise and per code lab,
who passed it, who tried it without passing yet and who has not tried it; per
question, who got it (best score at or above the pass mark), who got part of it,
who missed it, and which rubric concepts the class missed most often. Students'
files are only read here, never renamed or rewritten, even when one is damaged: it
is listed as skipped instead.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter
from pathlib import Path

from .cli import subcommand
from .progress import VERSION, Progress, shape_problem

PASS = 0.8   # same pass mark as redislab.quiz.grading.PASS, without importing the quiz bank


def known_codelabs() -> list[str]:
    """The shipped code labs' ids (file names only, nothing parsed): reports count
    passes against them and list the labs nobody has tried."""
    try:
        from .curriculum.codelab import lab_ids

        return lab_ids()
    except Exception:  # noqa: BLE001 - a report must not fail for want of the lab files
        return []


# -------------------------------------------------------------------- export
def export(progress: Progress, fmt: str) -> str:
    d = progress.data
    if fmt == "json":
        return json.dumps(d, indent=2, sort_keys=True)
    rows = []
    for lid, rec in sorted(d["lessons"].items()):
        for eid, ex in sorted(rec.get("exercises", {}).items()):
            rows.append(["exercise", f"{lid}/{eid}", "1" if ex.get("passed") else "0", ex.get("attempts", 0), "", ex.get("last", "")])
    for lab_id, rec in sorted(d.get("codelabs", {}).items()):
        rows.append(["codelab", lab_id, "1" if rec.get("passed") else "0", rec.get("attempts", 0), "", rec.get("last", "")])
    for qid, tries in sorted(d["answers"].items()):
        if not tries:
            continue
        best = max(t["score"] for t in tries)
        rows.append(["question", qid, f"{best:.2f}", len(tries), "; ".join(tries[-1].get("missing", [])), tries[-1].get("at", "")])
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["user", "kind", "id", "score", "attempts", "last_missing", "last_at"])
        for r in rows:
            w.writerow([progress.user] + r)
        return buf.getvalue()
    lines = [f"# Progress of {progress.user}", ""]
    done = sum(1 for r in d["lessons"].values() if r.get("completed"))
    labs = d.get("codelabs", {})
    passed = sum(1 for r in labs.values() if r.get("passed"))
    total = len(set(known_codelabs()) | set(labs))
    lines.append(f"Lessons completed: {done} of {len(d['lessons'])} started.  "
                 f"Code labs passed: {passed} of {total} ({len(labs)} tried).  "
                 f"Questions answered: {len(d['answers'])}.")
    lines += ["", "| kind | id | score | attempts | last missing |", "|---|---|---|---|---|"]
    lines += [f"| {k} | {i} | {s} | {a} | {m} |" for k, i, s, a, m, _ in rows]
    if d["leitner"]:
        boxes = Counter(v["box"] for v in d["leitner"].values())
        lines += ["", "Leitner boxes: " + ", ".join(f"box {b}: {n}" for b, n in sorted(boxes.items()))]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------- merge
def _read(path: Path) -> tuple[dict | None, str]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return None, f"{path}: unreadable ({e.__class__.__name__})"
    problem = shape_problem(data)
    if problem:
        return None, f"{path}: not a usable version {VERSION} progress file ({problem})"
    return data, ""


def merge(paths: list[Path]) -> dict:
    """The class report: per question, who got it and the commonly missed concepts;
    per code lab, who passed it, who tried; per student, the totals."""
    students: dict[str, dict] = {}
    skipped = []
    for p in paths:
        data, err = _read(p)
        if data is None:
            skipped.append(err)
            continue
        name = data.get("user") or Path(p).stem
        if name in students:                     # two files from the same login: tell them apart
            name = f"{name} ({Path(p).name})"
        students[name] = data
    questions: dict[str, dict] = {}
    for name, data in sorted(students.items()):
        for qid, tries in data.get("answers", {}).items():
            if not tries:
                continue
            q = questions.setdefault(qid, {"got": [], "partial": [], "missed": [], "missed_concepts": Counter()})
            best = max(t["score"] for t in tries)
            q["got" if best >= PASS else "partial" if best > 0 else "missed"].append(name)
            if best < PASS:
                # What the student still lacked on their best try is what to reteach.
                top = max(tries, key=lambda t: t["score"])
                q["missed_concepts"].update(top.get("missing", []))
    out = {"students": sorted(students), "skipped": skipped, "questions": {},
           "exercises": _exercise_report(students), "codelabs": _codelab_report(students),
           "per_student": {}}
    for name, data in sorted(students.items()):
        labs = data.get("codelabs", {})
        lessons = data.get("lessons", {})
        exercises = [ex for rec in lessons.values() for ex in rec.get("exercises", {}).values()]
        out["per_student"][name] = {
            "lessons_completed": sum(1 for rec in lessons.values() if rec.get("completed")),
            "exercises_passed": sum(1 for ex in exercises if ex.get("passed")),
            "exercises_tried": len(exercises),
            "questions_got": sum(1 for tries in data.get("answers", {}).values()
                                 if tries and max(t["score"] for t in tries) >= PASS),
            "questions_answered": sum(1 for tries in data.get("answers", {}).values() if tries),
            "codelabs_passed": sum(1 for r in labs.values() if r.get("passed")),
            "codelabs_tried": len(labs),
        }
    for qid, q in sorted(questions.items()):
        n = len(q["got"]) + len(q["partial"]) + len(q["missed"])
        out["questions"][qid] = {
            "answered": n, "got": q["got"], "partial": q["partial"], "missed": q["missed"],
            "got_rate": round(len(q["got"]) / n, 3),
            "common_missed": [{"concept": c, "students": k} for c, k in q["missed_concepts"].most_common(5)],
        }
    return out


def _exercise_report(students: dict) -> dict:
    """"lesson/exercise" -> who passed it, who tried without passing yet, attempts per
    student. Only exercises someone has tried are listed: the lessons themselves are
    not loaded for a report (an instructor's class may use its own lesson folder)."""
    out: dict[str, dict] = {}
    for name, data in sorted(students.items()):
        for lid, rec in data.get("lessons", {}).items():
            for eid, ex in rec.get("exercises", {}).items():
                row = out.setdefault(f"{lid}/{eid}", {"passed": [], "tried": [], "attempts": {}})
                row["passed" if ex.get("passed") else "tried"].append(name)
                row["attempts"][name] = int(ex.get("attempts", 0))
    return dict(sorted(out.items()))


def _who_table(title: str, unit: str, rows: dict, students: list) -> list:
    """A markdown table of who passed / tried / has not tried each row, least
    passed first (where the class needs help), as the questions are ordered."""
    lines = ["", f"| {title} | passed | tried, not yet | not tried |", "|---|---|---|---|"]
    for rid, row in sorted(rows.items(), key=lambda kv: (len(kv[1]["passed"]), kv[0])):
        untried = [s for s in students if s not in row["attempts"]]
        tried = [f"{s} ({row['attempts'][s]} {unit})" for s in row["tried"]]
        lines.append(f"| {rid} | {', '.join(row['passed']) or '-'} | {', '.join(tried) or '-'} | "
                     f"{', '.join(untried) or '-'} |")
    return lines


def _codelab_report(students: dict) -> dict:
    """code lab id -> who passed it, who ran it without passing yet, runs per student."""
    ids = set(known_codelabs())
    for data in students.values():
        ids |= set(data.get("codelabs", {}))
    out = {}
    for lab_id in sorted(ids):
        row = {"passed": [], "tried": [], "attempts": {}}
        for name, data in sorted(students.items()):
            rec = data.get("codelabs", {}).get(lab_id)
            if not rec:
                continue
            row["passed" if rec.get("passed") else "tried"].append(name)
            row["attempts"][name] = int(rec.get("attempts", 0))
        out[lab_id] = row
    return out


def merge_markdown(rep: dict) -> str:
    lines = [f"# Class report ({len(rep['students'])} students)", ""]
    for s in rep["skipped"]:
        lines.append(f"- skipped {s}")
    if rep["skipped"]:
        lines.append("")
    labs = rep.get("codelabs", {})
    if rep.get("per_student"):
        lines += ["| student | lessons completed | exercises passed | questions got | code labs passed |",
                  "|---|---|---|---|---|"]
        for name, s in rep["per_student"].items():
            lines.append(f"| {name} | {s['lessons_completed']} | "
                         f"{s['exercises_passed']} of {s['exercises_tried']} tried | "
                         f"{s['questions_got']} of {s['questions_answered']} answered | "
                         f"{s['codelabs_passed']} of {len(labs)} ({s['codelabs_tried']} tried) |")
        lines.append("")
    lines += ["| question | got it | partly | missed | commonly missed |", "|---|---|---|---|---|"]
    # Hardest first: that is where the next lesson should start.
    for qid, q in sorted(rep["questions"].items(), key=lambda kv: (kv[1]["got_rate"], kv[0])):
        common = "; ".join(f"{c['concept']} ({c['students']})" for c in q["common_missed"]) or "-"
        lines.append(f"| {qid} | {', '.join(q['got']) or '-'} | {', '.join(q['partial']) or '-'} | "
                     f"{', '.join(q['missed']) or '-'} | {common} |")
    if rep.get("exercises"):
        lines += _who_table("lesson exercise", "tries", rep["exercises"], rep["students"])
    if labs:
        lines += _who_table("code lab", "runs", labs, rep["students"])
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------- command
@subcommand("progress", "export your progress, or merge a class's progress files into a report")
def _progress(p):
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ex = sub.add_parser("export", help="print your progress as json, csv or markdown")
    ex.add_argument("--format", choices=("json", "csv", "md"), default="md")
    ex.add_argument("--file", type=Path, default=None, help="a progress file (default: yours)")
    mg = sub.add_parser("merge", help="a class report from several progress files")
    mg.add_argument("files", nargs="+", type=Path)
    mg.add_argument("--format", choices=("md", "json"), default="md")

    def run(args) -> int:
        if args.action == "export":
            prog = Progress.load(args.file)
            for w in prog.warnings:
                print(f"warning: {w}", file=sys.stderr)
            sys.stdout.write(export(prog, args.format))
            return 0
        rep = merge(args.files)
        if args.format == "json":
            print(json.dumps(rep, indent=2))
        else:
            sys.stdout.write(merge_markdown(rep))
        return 0 if rep["students"] else 1

    return run
