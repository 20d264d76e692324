"""Pilot tests of the lesson screen: steps, examples, exercises, grading, undo/reset,
the progress file, and home's status and Continue."""
import json

from textual.widgets import DataTable, Markdown

from redislab.lab import syllabus
from redislab.lab.screens.home import HomeScreen
from redislab.lab.screens.lesson import LessonScreen, state_for
from redislab.lab.widgets.console import CommandInput, Console
from redislab.lab.widgets.exercise import ExerciseView
from redislab.lab.widgets.steps import ExampleLine, StepView

from .helpers import type_line


async def open_strings(pilot) -> LessonScreen:
    """Home -> the 2.1 row -> Enter."""
    await pilot.pause()
    home = pilot.app.screen
    home.query_one(DataTable).move_cursor(row=[e.id for e in home.entries].index("02-1-strings"))
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen) and screen.lesson.id == "02-1-strings"
    return screen


async def goto_exercise(pilot, screen, n: int) -> ExerciseView:
    """Page forward (PgDn works even while typing in the console) to exercise ``n`` (0-based)."""
    target = len(screen.lesson.steps) + n
    while screen.page < target:
        await pilot.press("pagedown")
        await pilot.pause()
    view = screen.view
    assert isinstance(view, ExerciseView) and view.index == n
    return view


def db_of(screen):
    return screen.state.engine.keyspace.dbs[screen.state.dbnum]


def progress_file(home):
    return json.loads((home / "progress.json").read_text())


async def test_read_a_step_and_send_examples_to_the_console(make_app, lab_engine):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_strings(pilot)
        step = screen.view
        assert isinstance(step, StepView) and step.step.title == "Strings hold bytes"
        assert "sequence of bytes" in step.query_one(Markdown).source
        assert screen.state.dbnum != 0           # its own sandbox, not free play's db 0
        await pilot.press("ctrl+l")              # focus the lesson: the first example
        assert isinstance(screen.focused, ExampleLine)
        await pilot.press("r")
        await pilot.pause()
        console = screen.query_one(Console)
        assert console.transcript[-2:] == [f'redislab[{screen.state.dbnum}]> SET user:1:name "Alice"', "OK"]
        await pilot.press("down", "enter")       # the next example, with Enter
        await pilot.pause()
        assert console.transcript[-1] == '"Alice"'
        assert db_of(screen).data[b"user:1:name"] == b"Alice"
        assert b"user:1:name" not in lab_engine.keyspace.dbs[0].data
        await pilot.press("n")                   # letters on the lesson page turn it
        await pilot.pause()
        assert screen.view.step.title == "Counting without races"


async def test_solve_an_exercise_check_it_and_progress_is_saved(make_app, lab_home):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_strings(pilot)
        view = await goto_exercise(pilot, screen, 0)
        env = screen.state.active.env
        assert f"{env['k']} new" in view.query_one("#goal", Markdown).source
        assert db_of(screen).data[b"page:views"] == str(env["n"]).encode()   # the setup ran
        assert isinstance(screen.focused, CommandInput)
        await type_line(pilot, f"INCRBY page:views {env['k']}")
        await pilot.press("f9")
        await pilot.pause()
        assert view.result.passed
        assert view.result_plain.startswith("✓ Passed")
        assert f"INCRBY page:views {env['k']}" in view.solution_plain
        rec = progress_file(lab_home)["lessons"]["02-1-strings"]["exercises"]["count-views"]
        assert rec["passed"] is True and rec["attempts"] == 1
        await pilot.press("escape")
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        row = [e.id for e in home.entries].index("02-1-strings")
        assert str(home.query_one(DataTable).get_row_at(row)[2]) == "in progress 1/3"


async def test_a_wrong_method_fails_with_its_reason_then_undo_and_reset(make_app, lab_home):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_strings(pilot)
        view = await goto_exercise(pilot, screen, 0)
        env = screen.state.active.env
        start = str(env["n"]).encode()
        # The right number, the wrong way: read, add in your head, write back.
        await type_line(pilot, "GET page:views")
        await type_line(pilot, f"SET page:views {env['n'] + env['k']}")
        await pilot.press("f9")
        await pilot.pause()
        assert not view.result.passed
        assert "✗ Not yet" in view.result_plain
        assert "Reading the counter and writing a new number back" in view.result_plain
        assert view.solution_plain == ""           # only after success
        assert progress_file(lab_home)["lessons"]["02-1-strings"]["exercises"]["count-views"] == \
            {"attempts": 1, "passed": False, "last": progress_file(lab_home)["lessons"]["02-1-strings"]
             ["exercises"]["count-views"]["last"]}

        # Undo the SET: the value is back and the SET no longer counts.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert db_of(screen).data[b"page:views"] == start
        assert [e.name for e in screen.state.active.log.entries] == ["GET"]
        assert screen.query_one(Console).transcript[-1].startswith("(undone: SET page:views")

        # Reset: data as at the start, empty log; then solve it properly.
        await type_line(pilot, "INCR page:views")
        await pilot.press("ctrl+o")
        await pilot.pause()
        view = screen.view
        assert db_of(screen).data[b"page:views"] == start
        assert screen.state.active.log.entries == []
        await type_line(pilot, f"INCRBY page:views {env['k']}")
        await pilot.press("f9")
        await pilot.pause()
        assert view.result.passed


async def test_hints_come_one_at_a_time(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_strings(pilot)
        view = await goto_exercise(pilot, screen, 1)
        assert view.hints_text == ""
        await pilot.press("f8")
        await pilot.pause()
        assert view.hints_text == view.hints[0] and "EX seconds" in view.hints_text
        await pilot.press("f8")
        await pilot.pause()
        assert view.shown_hints == 2
        await pilot.press("f8")                   # none left: nothing changes
        assert view.shown_hints == 2


async def test_whole_lesson_done_shows_on_home_and_continue_moves_on(make_app, lab_home):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_strings(pilot)
        answers = [lambda e: f"INCRBY page:views {e['k']}",
                   lambda e: f"SET session:{e['sid']} {e['user']} EX {e['ttl']}",
                   lambda e: f"SET lock:report {e['me']} NX EX 10"]
        for i, answer in enumerate(answers):
            view = await goto_exercise(pilot, screen, i)
            await type_line(pilot, answer(screen.state.active.env))
            await pilot.press("f9")
            await pilot.pause()
            assert view.result.passed, view.result_plain
        assert progress_file(lab_home)["lessons"]["02-1-strings"].get("completed")
        await pilot.press("escape")
        await pilot.pause()
        home = app.screen
        row = [e.id for e in home.entries].index("02-1-strings")
        assert str(home.query_one(DataTable).get_row_at(row)[2]) == "✓ done 3/3"
        await pilot.press("c")                    # Continue: the first lesson not done
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen) and app.screen.lesson.id == "01-overview"


async def test_leaving_and_coming_back_keeps_the_sandbox(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_strings(pilot)
        await goto_exercise(pilot, screen, 0)
        await type_line(pilot, "INCR page:views")
        db, log_len = screen.state.dbnum, len(screen.state.active.log.entries)
        await pilot.press("escape")
        await pilot.pause()
        screen = await open_strings(pilot)
        assert screen.state.dbnum == db and len(screen.state.active.log.entries) == log_len
        assert isinstance(screen.view, ExerciseView)


async def test_simulation_key_only_in_sections_with_one(make_app):
    app = make_app()
    opened = []
    app.open_simulation = opened.append
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_strings(pilot)
        assert screen.check_action("simulation", ()) is False
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(LessonScreen(syllabus.by_id("04-caching-patterns"), app.engine))
        await pilot.pause()
        await pilot.press("ctrl+l", "s")
        await pilot.pause()
        assert opened == ["read-patterns"]


async def test_cluster_lesson_gets_its_own_engine(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.push_screen(LessonScreen(syllabus.by_id("09-cluster"), app.engine))
        await pilot.pause()
        screen = app.screen
        assert screen.state.engine is not app.engine and screen.state.dbnum == 0
        await type_line(pilot, "MSET a 1 b 2")
        assert screen.query_one(Console).transcript[-1].startswith("(error) CROSSSLOT")


def test_lessons_get_distinct_dbs_and_the_oldest_gives_its_db_up(lab_engine):
    class L:
        engine_config = None

        def __init__(self, i):
            self.id = f"l{i}"

    states = [state_for(lab_engine, L(i)) for i in range(15)]
    assert sorted(s.dbnum for s in states) == list(range(1, 16))
    lab_engine.keyspace.dbs[1].data[b"left"] = b"over"
    extra = state_for(lab_engine, L(99))       # 16 lessons, 15 dbs: l0 (least recent) yields
    assert extra.dbnum == 1 and not lab_engine.keyspace.dbs[1].data
    assert state_for(lab_engine, L(5)) is states[5]


async def test_broken_lesson_is_listed_with_its_error(make_app, tmp_path):
    from redislab.content import lessons_dir

    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "02-1-strings.yaml").write_text((lessons_dir() / "02-1-strings.yaml").read_text())
    (folder / "99-bad.yaml").write_text("id: 99-bad\ntitle: Bad\nsection: '9'\nminutes: x\nsteps: []\n")
    app = make_app()
    app.lessons_dir = folder
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        home = app.screen
        kinds = [e.kind for e in home.entries]
        assert kinds.count(syllabus.LESSON) == 1 and kinds[-1] == syllabus.BROKEN
        bad = home.entries[-1]
        assert any("99-bad.yaml:" in err for err in bad.errors)
        table = home.query_one(DataTable)
        assert str(table.get_row_at(len(home.entries) - 1)[2]) == "error"
        table.move_cursor(row=len(home.entries) - 1)
        await pilot.pause()
        assert "99-bad.yaml:" in str(home.query_one("#about").content)
        await pilot.press("enter")                 # says what is wrong, opens nothing
        await pilot.pause()
        assert app.screen is home


async def test_one_undo_takes_back_a_whole_transaction(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_strings(pilot)
        await goto_exercise(pilot, screen, 0)
        start = db_of(screen).data[b"page:views"]
        for line in ("MULTI", "INCR page:views", "INCR page:views"):
            await type_line(pilot, line)
        await pilot.press("ctrl+z")              # refused: nothing has run yet
        assert screen.backend.queued == 2
        await type_line(pilot, "EXEC")
        assert db_of(screen).data[b"page:views"] == str(int(start) + 2).encode()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert db_of(screen).data[b"page:views"] == start
        assert screen.state.active.log.entries == [] and screen.state.undo == []


async def test_a_wait_example_fast_forwards_and_is_logged_in_an_open_exercise(make_app, lab_engine):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_strings(pilot)
        await goto_exercise(pilot, screen, 0)       # an exercise is open: time jumps count
        while screen.page != 3:                     # "Values with a lifetime"
            await pilot.press("pageup")
            await pilot.pause()
        before = lab_engine.clock.time_ms()
        await pilot.press("ctrl+l", "down", "down", "r")
        await pilot.pause()
        assert lab_engine.clock.time_ms() - before == 10_000
        assert [getattr(e, "seconds", None) for e in screen.state.active.log.events] == [10.0]


def test_lesson_status_from_the_progress_file(tmp_path):
    from redislab.lab.progress_view import first_unfinished, lesson_status
    from redislab.progress import Progress

    lessons = syllabus.lessons()
    strings = next(lesson for lesson in lessons if lesson.id == "02-1-strings")
    p = Progress.load(tmp_path / "p.json")
    assert lesson_status(p, strings).label() == "not started 0/3"
    assert "02-1-strings" not in p.data["lessons"]     # reading does not create records
    p.record_exercise("02-1-strings", "count-views", False)
    assert lesson_status(p, strings).label() == "in progress 0/3"
    for ex in strings.exercises:
        p.record_exercise("02-1-strings", ex.id, True)
    assert lesson_status(p, strings).done
    assert first_unfinished(lessons, p).id == lessons[0].id
    assert first_unfinished([strings], p) is None


async def test_end_takes_the_focus_to_the_last_example_so_r_runs_what_is_shown(make_app, lab_engine):
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_strings(pilot)
        await pilot.press("ctrl+l")
        examples = list(screen.view.query(ExampleLine))
        assert screen.focused is examples[0] and len(examples) > 1
        await pilot.press("end")
        await pilot.pause()
        assert screen.focused is examples[-1]
        await pilot.press("r")
        await pilot.pause()
        console = screen.query_one(Console)
        assert any(examples[-1].example.command.text in line for line in console.transcript)
        await pilot.press("home")
        await pilot.pause()
        assert screen.focused is examples[0]
