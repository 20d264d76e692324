"""The fifth newcomer walk-through: "in one command" exercises that refused a learner
who looked first, a RediSearch prefix refused for its spelling, the quiz speaking its
bank's jargon ("rubric", "task") to the learner, simulation knobs that crashed the run
at 0, and Home/End on the home list."""
from textual.widgets import Select

from redislab.lab.screens.quiz import QuizScreen

from .helpers import screen_lines, type_line
from .test_newcomer3 import check, open_exercise
from .test_quiz_screen import _open as _quiz, bank  # noqa: F401 - bank is a fixture


async def test_looking_first_then_one_write_passes_one_command(make_app):
    """10-in-practice "points-for-anyone": ZSCORE to see the score, then ZINCRBY, failed
    "it can be done in 1 command; you used 2". Only commands that change data count
    now, and the check's label says so; two ZINCRBYs still fail, naming both."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "10-in-practice", 3)
        v = screen.view.env
        await type_line(pilot, f"ZSCORE leaderboard:weekly {v['player']}")
        await type_line(pilot, f"ZINCRBY leaderboard:weekly {v['pts']} {v['player']}")
        result = await check(pilot, screen)
        assert result.startswith("✓ Passed"), result
        assert "at most 1 command changing data (reads to look first are free)" in result


async def test_two_writes_fail_the_one_command_check(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "10-in-practice", 3)
        v = screen.view.env
        await type_line(pilot, f"ZINCRBY leaderboard:weekly 1 {v['player']}")
        await type_line(pilot, f"ZINCRBY leaderboard:weekly {v['pts'] - 1} {v['player']}")
        result = await check(pilot, screen)
        assert "✗ method · at most 1 command changing data" in result
        assert "you made 2: ZINCRBY leaderboard:weekly 1" in result


async def test_an_index_prefix_without_the_colon_passes(make_app):
    """7.2 "Index the movies": `PREFIX 1 movie` indexes movie:1..4 exactly as `movie:`
    does, but the check compared the text and refused it."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "07-2-redisearch", 1)
        await type_line(pilot, "FT.CREATE idx:movies ON HASH PREFIX 1 movie SCHEMA title TEXT "
                               "year NUMERIC SORTABLE genre TAG")
        result = await check(pilot, screen)
        assert result.startswith("✓ Passed"), result


async def test_the_quiz_names_ways_of_answering_in_plain_words(make_app, bank):
    """The form offered "choice, multi, order, rubric, task" and the status line read
    "question 1/10 · rubric": the bank's vocabulary, not the learner's."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        s = await _quiz(app, pilot, QuizScreen("guide", bank=bank))
        sel = s.query_one("#mechanic", Select)
        sel.focus()
        await pilot.press("enter")                 # open the list, as a learner does
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "answer in your own words" in shown and "do it in a live Redis" in shown
        assert "rubric" not in shown
        await pilot.press("escape")
        await pilot.pause()
        sel.value = "rubric"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.pause()
        status = screen_lines(app)[1]
        assert "answer in your own words" in status and "rubric" not in status



async def test_a_simulation_knob_below_what_the_model_runs_with_is_refused(make_app):
    """read-patterns with keys 0 (the form said "≥ 0") ended in "IndexError: list index
    out of range"; rate 0 in a ZeroDivisionError, ttl 0 in SET's own error. The form
    now shows each knob's real minimum and refuses less, naming the knob."""
    from textual.widgets import Static

    from .test_simulations_screen import open_sims, set_field

    async with make_app().run_test(size=(120, 36)) as pilot:
        screen = await open_sims(pilot, scenario="read-patterns")
        assert any("keys" in line and "≥ 1" in line for line in screen_lines(app=pilot.app))
        await set_field(pilot, screen, "keys", "0")
        await pilot.press("ctrl+r")
        await pilot.pause()
        status = str(screen.query_one("#sim-status", Static).render())
        assert screen.result is None and "keys" in status and "Error" not in status


async def test_home_and_end_go_to_the_first_and_last_row(make_app):
    """On the home list End did nothing (the table's End scrolls sideways), so the
    quiz and code labs at the bottom took twenty-odd presses of ↓."""
    from textual.widgets import DataTable

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0


async def test_a_failed_grade_at_80x24_shows_the_verdict_and_what_failed(make_app):
    """5 "rebuild under a lock", report written before the lock was taken: at 80x24 the
    pane was scrolled to the end of the grade, showing only ✓ lines and a hint (it
    looked like a pass), and that wrong order was even accepted. Now the verdict, the
    failing check with its reason and the hint are what the screen shows."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_exercise(pilot, "05-invalidation", 3)
        v = screen.view.env
        await type_line(pilot, f"SET report:daily {v['total']} EX 3700")
        await type_line(pilot, f"SET lock:report:daily {v['me']} NX EX 10")
        await type_line(pilot, "DEL lock:report:daily")
        await check(pilot, screen)
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "✗ Not yet" in shown
        assert "✗ method · the first command that" in shown and "Take the lock first" in shown
