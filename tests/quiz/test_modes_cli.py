"""Practice, drill (Leitner, time limit, seeded order), exam report, and the quiz CLI."""
import json

import pytest

from redislab.cli import main
from redislab.progress import Progress
from redislab.quiz import load_bank
from redislab.quiz.cli import grade_answers, run_plain
from redislab.quiz.modes import Drill, Exam, Practice, pick_mechanic


def right_answer(item):
    m = item.mechanic
    if m.type == "choice":
        return next(o.key for o in m.options if o.correct)
    if m.type == "multi":
        return ",".join(o.key for o in m.options if o.correct)
    if m.type == "order":
        return [i for i, _ in m.items]
    if m.type == "rubric":
        return " ".join(c.synonyms[0].replace("*", "").replace("...", "") for c in m.concepts)
    raise AssertionError(m.type)


def test_practice_gives_feedback_and_records(bank):
    prog = Progress.load()
    pr = Practice(bank, prog, topic="expiry", seed=1)
    assert {i.question.topic for i in pr.items} == {"expiry"}
    item = pr.items[0]
    r = pr.answer(item, right_answer(item))
    assert r.score == 1.0 and r.feedback
    assert prog.best(item.question.id) == 1.0


def test_practice_unknown_topic(bank):
    with pytest.raises(ValueError, match="topics:"):
        Practice(bank, topic="astrology")


def test_drill_is_seeded_due_first_and_moves_boxes(bank):
    prog = Progress.load()
    a = [i.question.id for i in Drill(bank, Progress.load(), seed=7, size=8).items]
    b = [i.question.id for i in Drill(bank, Progress.load(), seed=7, size=8).items]
    assert a == b and len(a) == 8
    d = Drill(bank, prog, seed=7, size=5)
    for item in d.items[:3]:
        d.answer(item, right_answer(item))
    d.answer(d.items[3], "zzz")
    assert {prog.box(i.question.id) for i in d.items[:3]} == {2}
    assert prog.box(d.items[3].question.id) == 1
    # Next session: the promoted cards are not due, so they come after the due ones.
    d2 = Drill(bank, prog, seed=7, size=len(bank))
    ids = [i.question.id for i in d2.items]
    promoted = {i.question.id for i in d.items[:3]}
    first_promoted = min(ids.index(q) for q in promoted)
    assert all(prog.is_due(q) for q in ids[:first_promoted])
    assert d.summary()["passed"] == 3


def test_drill_time_limit(bank):
    t = [0.0]
    d = Drill(bank, Progress.load(), seed=1, size=3, time_limit=30, now=lambda: t[0])
    assert d.time_left() == 30
    t[0] = 31
    assert d.expired()
    item = d.items[0]
    r = d.answer(item, right_answer(item))
    assert r.score == 0 and any("time was up" in f for f in r.feedback)


def test_drill_higher_boxes_ask_for_recall(bank):
    prog = Progress.load()
    prog.leitner["guide-q7"] = {"box": 3, "due": 0}
    q = bank.get("guide-q7")
    assert pick_mechanic(q).type == "choice"
    d = Drill(bank, prog, topic="operations", seed=0, size=20)
    item = next(i for i in d.items if i.question.id == "guide-q7")
    assert item.mechanic.type in ("rubric", "task")


def test_drill_asks_the_new_tasks_at_box_four(bank):
    prog = Progress.load()
    ids = ("guide-q1", "guide-q4", "guide-q5", "guide-q14")
    for qid in ids:
        prog.leitner[qid] = {"box": 4, "due": 0}
    picked = {}
    for qid in ids:
        d = Drill(bank, prog, topic=bank.get(qid).topic, seed=0, size=100)
        picked[qid] = next(i.mechanic.task for i in d.items if i.question.id == qid)
        assert not [n for n in d.notes if qid in n]
    assert picked == {"guide-q1": "stall", "guide-q4": "crossslot", "guide-q5": "herd", "guide-q14": "slowlog"}


def test_drill_skips_unavailable_task_with_note(bank):
    bank2 = load_bank()
    q = bank2.get("guide-q4")
    m = q.mechanic("task")
    m.available, m.unavailable_reason = False, "needs NOSUCHCMD, not in this engine yet"
    prog = Progress.load()
    prog.leitner["guide-q4"] = {"box": 4, "due": 0}
    d = Drill(bank2, prog, topic="cluster", seed=0, size=20)
    item = next(i for i in d.items if i.question.id == "guide-q4")
    assert item.mechanic.type != "task"
    assert any("guide-q4" in n and "NOSUCHCMD" in n for n in d.notes)


def test_exam_report(bank):
    ex = Exam(bank)
    assert len(ex.items) == 20 and all(i.question.source != "extra" for i in ex.items)
    for item in ex.items:
        ok = item.question.topic != "caching"
        assert ex.answer(item, right_answer(item) if ok else "nonsense") is None   # no feedback during the exam
    rep = ex.report()
    assert rep.per_topic["caching"]["score"] == 0.0 and "caching" in rep.weaknesses
    assert rep.per_topic["expiry"]["score"] == 1.0 and "expiry" in rep.strengths
    assert 0 < rep.total < 1 and len(rep.results) == 20
    assert json.dumps(rep.to_dict())


def test_answers_file_json(tmp_path, capsys):
    f = tmp_path / "answers.yaml"
    f.write_text(
        "guide-q1: b\n"
        "guide-q12: Keys are deleted lazily when accessed.\n"
        "guide-q13: [time, acquire, count, decide, cleanup]\n"
        "quiz-q1:\n  - SET lock:a me NX\n  - SET lock:a you NX\n  - SET missing v XX\n"
        "guide-q8:\n  multi: a,b,c,e\n  choice: a\n"
        "nope: a\n")
    assert main(["quiz", "--answers", str(f), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = {(r["id"], r["mechanic"]): r for r in out["questions"]}
    assert rows[("guide-q1", "choice")]["score"] == 1.0
    q12 = rows[("guide-q12", "rubric")]
    assert 0 < q12["score"] < 0.8 and q12["missing"]
    assert rows[("guide-q13", "order")]["score"] == 1.0
    assert rows[("quiz-q1", "task")]["score"] == 1.0
    assert rows[("guide-q8", "multi")]["score"] == 1.0 and rows[("guide-q8", "choice")]["score"] == 0.0
    assert rows[("nope", None)]["feedback"] == ["unknown question id"]
    assert out["max"] == 7 and out["total"] == pytest.approx(sum(r["score"] for r in out["questions"]))


def test_answers_file_json_format_and_record(tmp_path, capsys):
    f = tmp_path / "answers.json"
    f.write_text(json.dumps({"answers": {"quiz-q3": "b"}}))
    assert main(["quiz", "--answers", str(f), "--record"]) == 0
    assert "total 1.0/1" in capsys.readouterr().out
    assert Progress.load().best("quiz-q3") == 1.0


def test_grade_answers_api(bank):
    rep = grade_answers(bank, {"quiz-q2": "b"})
    assert rep["percent"] == 100.0


def feed(lines):
    it = iter(lines)

    def inp(prompt=""):
        try:
            return next(it)
        except StopIteration:
            raise EOFError

    return inp


def test_plain_practice_session(bank):
    out = []
    prog = Progress.load()
    pr = Practice(bank, None, topic="transactions", seed=3)
    first = pr.items[0]
    run_plain("practice", bank, prog, topic="transactions", seed=3, count=1,
              inp=feed([right_answer(first)]), out=out.append)
    text = "\n".join(out)
    assert "score 1.00" in text and "why:" in text
    assert Progress.load().best(first.question.id) == 1.0      # saved to disk


def test_plain_task_in_runner(bank):
    out = []
    lines = ["SET lock:a me NX", "SET lock:a you NX", "SET missing v XX", "done"]
    run_plain("practice", bank, Progress.load(), topic="strings", seed=0, count=1,
              inp=feed(lines), out=out.append, mechanic="task")
    text = "\n".join(out)
    assert "hands-on: SET NX and XX" in text and "(nil)" in text and "score 1.00" in text
    assert Progress.load().best("quiz-q1") == 1.0


def test_plain_drill(bank):
    out = []
    d = Drill(bank, Progress.load(), topic="expiry", seed=0, size=2)
    answers = [right_answer(i) for i in d.items]
    run_plain("drill", bank, Progress.load(), topic="expiry", seed=0, count=2,
              inp=feed([a if isinstance(a, str) else " ".join(a) for a in answers]), out=out.append)
    text = "\n".join(out)
    assert "box 1" in text and "drill 1: 2/2 right" in text
    assert Progress.load().box(d.items[0].question.id) == 2


def test_plain_exam_and_quit(bank):
    out = []
    run_plain("exam", bank, None, inp=feed(["b", "q"]), out=out.append)
    text = "\n".join(out)
    assert "exam: 20 questions" in text and "stopped" in text and "exam score" in text


def test_plain_task_loop_direct():
    from redislab.quiz.cli import collect_answer
    from redislab.quiz.modes import Item

    from redislab.quiz import load_bank

    q = load_bank().get("quiz-q4")
    out = []
    lines = collect_answer(Item(q, q.mechanic("task")), feed(["WATCH balance", "MULTI", "", "done"]), out.append)
    assert lines == ["WATCH balance", "MULTI"]
    assert any("INCRBY balance 50" in o for o in out)
    assert "OK" in out


def test_quiz_list(capsys):
    assert main(["quiz", "--list"]) == 0
    text = capsys.readouterr().out
    line = next(x for x in text.splitlines() if x.startswith("guide-q4 "))
    assert "choice" in line and "rubric" in line and "task" in line


def test_topic_exam_covers_the_topic(bank):
    ex = Exam(bank, topic="expiry")
    assert {i.question.id for i in ex.items} == {q.id for q in bank.select(topic="expiry")}
    assert len(ex.items) > 1
