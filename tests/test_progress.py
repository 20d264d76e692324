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


# ------------------------------------------------------------------ code labs
def test_codelab_round_trip(home):
    p = Progress.load()
    assert p.codelabs == {} and not p.codelab_passed("cache-aside")
    p.record_codelab("cache-aside", False)
    p.record_codelab("cache-aside", True)
    p.record_codelab("cache-aside", False)          # once passed, stays passed
    p.record_codelab("leaderboard", False)
    p.save()
    data = json.loads(default_path().read_text())
    assert data["version"] == VERSION                # an addition, not a new format
    q = Progress.load()
    assert q.warnings == []
    assert q.codelab_passed("cache-aside") and q.codelab_attempts("cache-aside") == 3
    rec = q.codelabs["cache-aside"]
    assert rec["passed_at"] <= rec["last"]           # when it was first passed is kept
    assert not q.codelab_passed("leaderboard") and q.codelab_attempts("leaderboard") == 1
    assert q.codelab_attempts("job-queue") == 0 and "job-queue" not in q.codelabs


def test_a_file_from_before_code_labs_loads_and_keeps_everything(home):
    """A version-1 file written before code labs were recorded: no "codelabs" key."""
    home.mkdir(parents=True)
    old = {"version": 1, "user": "ana", "drill_session": 2,
           "lessons": {"strings": {"exercises": {"incr": {"attempts": 2, "passed": True, "last": "x"}}, "step": 4}},
           "answers": {"guide-q1": [{"score": 1.0, "missing": [], "mechanic": "", "mode": "", "at": "x"}]},
           "leitner": {"guide-q1": {"box": 2, "due": 4}}}
    default_path().write_text(json.dumps(old))
    p = Progress.load()
    assert p.warnings == [] and not [f for f in os.listdir(home) if f.endswith(".bak")]
    assert p.lesson("strings").passed("incr") and p.lesson("strings").step == 4
    assert p.best("guide-q1") == 1.0 and p.box("guide-q1") == 2 and p.drill_session == 2
    assert p.codelabs == {}
    p.record_codelab("safe-lock", True)
    p.save()
    data = json.loads(default_path().read_text())
    for key in ("lessons", "answers", "leitner", "drill_session", "user"):
        assert data[key] == old[key]
    assert data["codelabs"]["safe-lock"]["passed"] is True


def test_a_newer_file_keeps_sections_this_version_does_not_know(home):
    home.mkdir(parents=True)
    default_path().write_text(json.dumps({"version": 1, "user": "ana", "badges": {"x": 1}}))
    p = Progress.load()
    p.record_codelab("leaderboard", True)
    p.save()
    assert json.loads(default_path().read_text())["badges"] == {"x": 1}


@pytest.mark.parametrize("content", [json.dumps({"version": 1, "codelabs": []}),
                                     json.dumps({"version": 1, "codelabs": {"cache-aside": True}}),
                                     json.dumps({"version": 1, "codelabs": {"cache-aside": {"attempts": "2"}}}),
                                     json.dumps({"version": 1, "lessons": "strings"})])
def test_a_damaged_section_is_a_clear_error_and_loses_nothing(home, content):
    home.mkdir(parents=True)
    default_path().write_text(content)
    p = Progress.load()
    assert len(p.warnings) == 1 and "damaged" in p.warnings[0] and ".bak" in p.warnings[0]
    baks = [f for f in os.listdir(home) if f.endswith(".bak")]
    assert len(baks) == 1 and (home / baks[0]).read_text() == content    # kept byte for byte
    assert p.codelabs == {}
    p.record_codelab("cache-aside", True)                                  # and usable again
    p.save()
    assert Progress.load().codelab_passed("cache-aside")


def test_export_includes_code_labs(monkeypatch):
    from redislab import progress_cli

    monkeypatch.setattr(progress_cli, "known_codelabs", lambda: ["cache-aside", "leaderboard", "safe-lock"])
    p = Progress.load(user="ana")
    p.record_codelab("cache-aside", False)
    p.record_codelab("cache-aside", True)
    p.record_codelab("leaderboard", False)
    assert json.loads(export(p, "json"))["codelabs"]["cache-aside"]["passed"] is True
    rows = list(csv.reader(io.StringIO(export(p, "csv"))))
    assert ["ana", "codelab", "cache-aside", "1", "2"] == rows[1][:5]
    assert ["ana", "codelab", "leaderboard", "0", "1"] == rows[2][:5]
    md = export(p, "md")
    assert "Code labs passed: 1 of 3 (2 tried)" in md
    assert "| codelab | cache-aside | 1 | 2 |" in md


def test_merge_reports_code_labs(tmp_path, monkeypatch):
    from redislab import progress_cli

    monkeypatch.setattr(progress_cli, "known_codelabs", lambda: ["cache-aside", "leaderboard", "safe-lock"])
    a = Progress.load(tmp_path / "a.json", user="ana")
    a.record_codelab("cache-aside", True)
    a.record_codelab("leaderboard", False)
    a.record_codelab("leaderboard", False)
    a.record_answer("guide-q1", 1.0)
    a.save()
    b = Progress.load(tmp_path / "b.json", user="ben")
    b.record_codelab("cache-aside", False)
    b.record_codelab("cache-aside", True)
    b.save()
    # a student's file from before code labs were recorded still merges
    c = tmp_path / "c.json"
    c.write_text(json.dumps({"version": 1, "user": "cy", "lessons": {}, "answers": {}, "leitner": {}}))
    rep = merge([tmp_path / "a.json", tmp_path / "b.json", c])
    assert rep["students"] == ["ana", "ben", "cy"] and rep["skipped"] == []
    labs = rep["codelabs"]
    assert set(labs) == {"cache-aside", "leaderboard", "safe-lock"}      # untried labs are listed too
    assert labs["cache-aside"]["passed"] == ["ana", "ben"] and labs["cache-aside"]["attempts"] == {"ana": 1, "ben": 2}
    assert labs["leaderboard"] == {"passed": [], "tried": ["ana"], "attempts": {"ana": 2}}
    assert labs["safe-lock"] == {"passed": [], "tried": [], "attempts": {}}
    assert rep["per_student"]["ana"] == {"questions_got": 1, "questions_answered": 1,
                                         "codelabs_passed": 1, "codelabs_tried": 2,
                                         "lessons_completed": 0, "exercises_passed": 0,
                                         "exercises_tried": 0}
    assert rep["per_student"]["cy"]["codelabs_passed"] == 0
    md = merge_markdown(rep)
    assert "| student | lessons completed | exercises passed | questions got | code labs passed |" in md
    assert "| ana | 0 | 0 of 0 tried | 1 of 1 answered | 1 of 3 (2 tried) |" in md
    assert "| leaderboard | - | ana (2 runs) | ben, cy |" in md
    assert "| cache-aside | ana, ben | - | cy |" in md
    assert md.index("| safe-lock |") < md.index("| cache-aside |")      # least passed first
    # a damaged code-lab section is skipped with the reason, the file untouched
    bad = tmp_path / "d.json"
    bad.write_text(json.dumps({"version": 1, "user": "dee", "codelabs": []}))
    rep = merge([tmp_path / "a.json", bad])
    assert rep["students"] == ["ana"] and "codelabs" in rep["skipped"][0]
    assert json.loads(bad.read_text())["codelabs"] == []


def test_progress_cli_merge_shows_code_labs(tmp_path, capsys):
    a = Progress.load(tmp_path / "a.json", user="ana")
    a.record_codelab("cache-aside", True)
    a.save()
    assert main(["progress", "merge", str(tmp_path / "a.json")]) == 0
    out = capsys.readouterr().out
    assert "| code lab | passed | tried, not yet | not tried |" in out and "| cache-aside | ana | - | - |" in out
    assert main(["progress", "export", "--file", str(tmp_path / "a.json"), "--format", "csv"]) == 0
    assert "ana,codelab,cache-aside,1,1" in capsys.readouterr().out


def test_merge_reports_lesson_exercises(tmp_path):
    # The instructor's first question: who is stuck on which exercise.
    a = Progress.load(tmp_path / "a.json", user="ana")
    a.record_exercise("02-1-strings", "counter", True)
    a.record_exercise("02-1-strings", "ttl", False)
    a.record_exercise("02-1-strings", "ttl", False)
    a.lesson("02-1-strings").complete()
    a.save()
    b = Progress.load(tmp_path / "b.json", user="ben")
    b.record_exercise("02-1-strings", "counter", False)
    b.record_exercise("02-1-strings", "counter", True)
    b.save()
    rep = merge([tmp_path / "a.json", tmp_path / "b.json"])
    ex = rep["exercises"]
    assert ex["02-1-strings/counter"] == {"passed": ["ana", "ben"], "tried": [], "attempts": {"ana": 1, "ben": 2}}
    assert ex["02-1-strings/ttl"] == {"passed": [], "tried": ["ana"], "attempts": {"ana": 2}}
    assert rep["per_student"]["ana"]["lessons_completed"] == 1
    assert rep["per_student"]["ana"]["exercises_passed"] == 1 and rep["per_student"]["ana"]["exercises_tried"] == 2
    md = merge_markdown(rep)
    assert "| lesson exercise | passed | tried, not yet | not tried |" in md
    assert "| 02-1-strings/ttl | - | ana (2 tries) | ben |" in md
    assert md.index("| 02-1-strings/ttl |") < md.index("| 02-1-strings/counter |")     # least passed first
    assert "| ana | 1 | 1 of 2 tried |" in md


@pytest.mark.parametrize("lessons", [{"x": []}, {"x": {"exercises": []}},
                                     {"x": {"exercises": {"e": {"attempts": "2", "passed": False}}}}])
def test_a_damaged_lesson_record_is_skipped_not_a_crash(tmp_path, lessons):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": 1, "user": "dee", "lessons": lessons}))
    rep = merge([bad])
    assert rep["students"] == [] and "damaged" in rep["skipped"][0]
    assert json.loads(bad.read_text())["lessons"] == lessons
