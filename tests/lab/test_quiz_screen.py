"""The quiz screen: practice feedback, free text, a hands-on task, drill boxes and an exam."""
import json

import pytest
from textual.widgets import OptionList, RadioSet, TextArea

from redislab.lab import syllabus
from redislab.lab.screens.quiz import QuizScreen
from redislab.lab.widgets.question import ChoiceView, FreeTextView, OrderView, TaskView, option_feedback
from redislab.progress import Progress
from redislab.quiz import load_bank

from .helpers import type_line


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    """Results go to a throwaway progress file, never the user's."""
    monkeypatch.setenv("REDISLAB_HOME", str(tmp_path / "home"))
    return tmp_path / "home" / "progress.json"


@pytest.fixture(scope="module")
def bank():
    return load_bank()


async def _open(app, pilot, screen: QuizScreen) -> QuizScreen:
    await pilot.pause()
    app.push_screen(screen)
    await pilot.pause()
    await pilot.pause()
    return screen


def _answers(path) -> dict:
    return json.loads(path.read_text())["answers"]


async def test_choice_right_and_wrong_with_per_option_feedback(make_app, bank, _home):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        s = await _open(app, pilot, QuizScreen("quiz", mode="practice", ids=["quiz-q1"], mechanic="choice",
                                               bank=bank))
        assert isinstance(s.view, ChoiceView) and s.state == "asking"
        await pilot.press("b", "ctrl+s")         # NX "no expiry": wrong
        await pilot.pause()
        assert s.state == "feedback"
        text = "\n".join(s.feedback_lines)
        assert text.startswith("score 0.00")
        assert "✗ b)" in text and "• a)" in text and "rightly left out" in text
        assert "why:" in text
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert s.state == "done" and "0/1 right" in s.feedback_lines[0]
        assert _answers(_home)["quiz-q1"][0]["score"] == 0.0

        await pilot.press("escape")
        s = await _open(app, pilot, QuizScreen("quiz", mode="practice", ids=["quiz-q1"], mechanic="choice",
                                               bank=bank))
        await pilot.press("a", "ctrl+s")
        await pilot.pause()
        assert s.feedback_lines[0].startswith("score 1.00") and "✓ a)" in "\n".join(s.feedback_lines)
    tries = _answers(_home)["quiz-q1"]
    assert [t["score"] for t in tries] == [0.0, 1.0] and tries[1]["mode"] == "practice"


async def test_setup_form_starts_the_chosen_mode(make_app, bank):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        s = await _open(app, pilot, QuizScreen("quiz", bank=bank))
        assert s.state == "setup"
        assert s.pool.topics() == sorted({q.topic for q in bank if q.source.startswith("quiz")})
        radios = s.query_one("#mode", RadioSet)
        radios.query("RadioButton")[2].value = True      # exam
        await pilot.pause()
        await pilot.click("#start")
        await pilot.pause()
        assert s.mode == "exam" and s.state == "asking" and len(s.items) == 5


async def test_free_text_partly_right_lists_missing_concepts(make_app, bank, _home):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        s = await _open(app, pilot, QuizScreen("guide", mode="practice", ids=["guide-q12"], mechanic="rubric",
                                               bank=bank))
        assert isinstance(s.view, FreeTextView)
        assert app.focused is s.view.query_one(TextArea)
        await type_line(pilot, "lazy on access and an active cycle", enter=False)
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = "\n".join(s.feedback_lines)
        score = float(s.feedback_lines[0].split()[1])
        assert 0 < score < 0.8
        assert "covered: lazy/passive expiry on access" in text
        assert "missing:" in text and "it samples keys that have a TTL" in text
    rec = _answers(_home)["guide-q12"][0]
    assert rec["mechanic"] == "rubric" and "it samples keys that have a TTL" in rec["missing"]


async def test_hands_on_set_nx_xx_task(make_app, bank, _home):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        s = await _open(app, pilot, QuizScreen("quiz", mode="practice", ids=["quiz-q1"], mechanic="task",
                                               bank=bank))
        assert isinstance(s.view, TaskView)
        console = s.view.query_one("#task-console")
        await type_line(pilot, "SET lock:1 me NX")
        await type_line(pilot, "SET lock:1 you NX")
        await type_line(pilot, "SET ghost 1 XX")
        assert console.transcript[-6:] == ["task> SET lock:1 me NX", "OK", "task> SET lock:1 you NX", "(nil)",
                                           "task> SET ghost 1 XX", "(nil)"]
        await pilot.press("ctrl+s")               # the check key
        await pilot.pause()
        assert s.feedback_lines[0].startswith("score 1.00")
        assert any("second SET NX answered nil" in f for f in s.feedback_lines)
    assert _answers(_home)["quiz-q1"][0] == {**_answers(_home)["quiz-q1"][0], "score": 1.0, "mechanic": "task"}


async def test_hands_on_partial_lists_what_is_missing(make_app, bank):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        s = await _open(app, pilot, QuizScreen("quiz", mode="practice", ids=["quiz-q1"], mechanic="task",
                                               bank=bank))
        await type_line(pilot, "SET lock:1 me NX")
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = "\n".join(s.feedback_lines)
        assert "score 0.33" in text and "SET XX on a key that does not exist" in text


async def test_order_question_moves_steps(make_app, bank):
    q = next(q for q in bank if q.mechanic("order"))
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        s = await _open(app, pilot, QuizScreen(None, mode="practice", ids=[q.id], mechanic="order", bank=bank))
        view = s.view
        assert isinstance(view, OrderView)
        want = [i for i, _ in q.mechanic("order").items]
        assert view.answer() != want
        ol = view.query_one(OptionList)
        ol.focus()
        # Sort by selection: bring each right step up to its place with Shift+Up.
        for pos, sid in enumerate(want):
            cur = view.answer().index(sid)
            ol.highlighted = cur
            for _ in range(cur - pos):
                await pilot.press("shift+up")
        assert view.answer() == want
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert s.feedback_lines[0].startswith("score 1.00")


async def test_drill_shows_box_and_timer_and_promotes(make_app, bank, _home):
    clock = [100.0]
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        s = await _open(app, pilot, QuizScreen("quiz", mode="drill", ids=["quiz-q1", "quiz-q2"], mechanic="choice",
                                               time_limit=90, now=lambda: clock[0], bank=bank))
        status = str(s.query_one("#quiz-status").render())
        assert "Leitner box 1" in status and "1:30 left" in status
        first = s.item.question.id
        right = next(o.key for o in s.item.mechanic.options if o.correct)
        await pilot.press(right, "ctrl+s")
        await pilot.pause()
        assert any("Leitner box 2" in f for f in s.feedback_lines)
        await pilot.press("ctrl+n")
        clock[0] += 95                               # time runs out on the second card
        s._update_status()
        await pilot.pause()
        assert s.state == "done"
    p = Progress.load()
    assert p.box(first) == 2 and p.drill_session == 1


async def test_short_exam_reports_per_topic(make_app, bank, _home):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        s = await _open(app, pilot, QuizScreen("quiz", mode="exam", bank=bank))
        assert len(s.items) == 5
        first = s.item
        right = next(o.key for o in first.mechanic.options if o.correct)
        await pilot.press(right, "ctrl+s")
        await pilot.pause()
        assert s.index == 1 and not s.feedback_lines      # nothing told until the end
        for _ in range(4):
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert s.state == "done"
        assert s.report.total == 0.2
        text = "\n".join(s.feedback_lines)
        assert text.startswith("exam score 20% over 5 questions")
        assert f"{first.question.topic}" in text and "to work on:" in text and "not answered" in text
    assert set(_answers(_home)) == {i.question.id for i in s.items}


async def test_home_entries_open_the_quiz_with_a_source(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        app.open_entry(syllabus.by_id("interview"))
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.source == "guide"
        assert {q.source for q in app.screen.pool} == {f"guide:Q{i}" for i in range(1, 16)}
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen("quiz")
        await pilot.pause()
        assert isinstance(app.screen, QuizScreen) and app.screen.source is None


def test_option_feedback_marks_every_option(bank):
    m = bank.get("quiz-q1").mechanic("choice")
    lines = [t for t, _ in option_feedback(m, "b")]
    assert len(lines) == len(m.options)
    assert lines[0].startswith("• a)") and lines[1].startswith("✗ b)")
