"""The progress file: location, atomic writes, corrupt/old files kept as .bak, API,
and the `redislab progress` export/merge commands."""
import csv
import io
import json
import os

import pytest

from redislab import progress as progmod
from redislab.cli import main
from redislab.progress import VERSION, Progress, default_path
from redislab.progress_cli import export, merge, merge_markdown


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("REDISLAB_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_location_follows_env(home):
    assert default_path() == home / "progress.json"


def test_location_defaults_to_platformdirs(monkeypatch):
    import platformdirs

    monkeypatch.delenv("REDISLAB_HOME")
    assert progmod.home() == __import__("pathlib").Path(platformdirs.user_data_dir("redislab"))


def test_round_trip_and_lesson_api(home):
    p = Progress.load()
    assert p.warnings == [] and not default_path().exists()
    p.record_exercise("strings", "incr", False)
    p.record_exercise("strings", "incr", True)
    p.record_exercise("strings", "incr", False)      # once passed, stays passed
    p.lesson("strings").step = 3
    p.lesson("strings").complete()
    p.record_answer("guide-q1", 0.5, ["event loop"], "rubric", "practice")
    p.record_answer("guide-q1", 0.9)
    p.save()
    data = json.loads(default_path().read_text())
    assert data["version"] == VERSION
    q = Progress.load()
    les = q.lesson("strings")
    assert les.passed("incr") and les.exercises["incr"]["attempts"] == 3
    assert les.step == 3 and les.completed
    assert q.best("guide-q1") == 0.9 and q.last("guide-q1")["score"] == 0.9
    assert not q.lesson("lists").passed("x")


def test_save_is_atomic(home, monkeypatch):
    p = Progress.load()
    p.record_answer("a", 1.0)
    p.save()
    before = default_path().read_text()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(progmod.os, "replace", boom)
    p.record_answer("b", 1.0)
    with pytest.raises(OSError):
        p.save()
    assert default_path().read_text() == before          # the old file is intact
    assert [f for f in os.listdir(home) if f.endswith(".tmp")] == []   # no temp file left behind


@pytest.mark.parametrize("content", ["{not json", json.dumps({"version": 0, "answers": {}}), "[1, 2]"])
def test_corrupt_or_old_file_is_kept_as_bak(home, content):
    home.mkdir(parents=True)
    default_path().write_text(content)
    p = Progress.load()
    assert len(p.warnings) == 1 and ".bak" in p.warnings[0]
    baks = [f for f in os.listdir(home) if f.endswith(".bak")]
    assert len(baks) == 1 and (home / baks[0]).read_text() == content
    assert p.data["answers"] == {}
    p.save()
    assert json.loads(default_path().read_text())["version"] == VERSION
    # A second damaged file gets its own .bak, never overwriting the first.
    default_path().write_text(content)
    Progress.load()
    assert len([f for f in os.listdir(home) if f.endswith(".bak")]) == 2


def test_leitner_boxes():
    p = Progress.load()
    p.start_drill_session()
    assert p.is_due("q") and p.box("q") == 1
    assert p.promote("q", True) == 2
    assert not p.is_due("q")                  # box 2 comes back 2 sessions later
    p.start_drill_session()
    assert not p.is_due("q")
    p.start_drill_session()
    assert p.is_due("q")
    for _ in range(5):
        p.promote("q", True)
    assert p.box("q") == 5
    assert p.promote("q", False) == 1
    assert p.leitner["q"]["box"] == 1


def _student(path, user, scores):
    p = Progress.load(path, user=user)
    for qid, (score, missing) in scores.items():
        p.record_answer(qid, score, missing, "rubric")
    p.save()
    return path


def test_export_formats():
    p = Progress.load(user="ana")
    p.record_exercise("strings", "incr", True)
    p.record_answer("guide-q1", 0.5, ["event loop"])
    assert json.loads(export(p, "json"))["user"] == "ana"
    rows = list(csv.reader(io.StringIO(export(p, "csv"))))
    assert rows[0][:3] == ["user", "kind", "id"]
    assert ["ana", "exercise", "strings/incr", "1", "1"] == rows[1][:5]
    assert rows[2][2] == "guide-q1" and rows[2][5] == "event loop"
    md = export(p, "md")
    assert md.startswith("# Progress of ana") and "| question | guide-q1 | 0.50 |" in md


def test_merge_class_report(tmp_path):
    a = _student(tmp_path / "a.json", "ana", {"guide-q1": (1.0, []), "guide-q12": (0.3, ["active expiry", "hz"])})
    b = _student(tmp_path / "b.json", "ben", {"guide-q1": (0.5, ["event loop"]), "guide-q12": (0.0, ["active expiry"])})
    bad = tmp_path / "c.json"
    bad.write_text("{oops")
    rep = merge([a, b, bad])
    assert rep["students"] == ["ana", "ben"]
    assert len(rep["skipped"]) == 1 and bad.read_text() == "{oops"     # students' files are never touched
    q12 = rep["questions"]["guide-q12"]
    assert q12["got"] == [] and q12["partial"] == ["ana"] and q12["missed"] == ["ben"]
    assert q12["common_missed"][0] == {"concept": "active expiry", "students": 2}
    assert rep["questions"]["guide-q1"]["got"] == ["ana"]
    md = merge_markdown(rep)
    assert md.index("guide-q12") < md.index("guide-q1 ")     # hardest first
    assert "active expiry (2)" in md


def test_progress_cli(tmp_path, capsys):
    p = Progress.load()
    p.record_answer("quiz-q3", 1.0)
    p.save()
    assert main(["progress", "export", "--format", "json"]) == 0
    assert "quiz-q3" in json.loads(capsys.readouterr().out)["answers"]
    assert main(["progress", "export", "--format", "csv"]) == 0
    assert "quiz-q3" in capsys.readouterr().out
    a = _student(tmp_path / "a.json", "ana", {"guide-q1": (1.0, [])})
    assert main(["progress", "merge", str(a), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["questions"]["guide-q1"]["got"] == ["ana"]
    assert main(["progress", "merge", str(a)]) == 0
    assert "# Class report (1 students)" in capsys.readouterr().out
