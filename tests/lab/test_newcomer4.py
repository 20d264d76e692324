"""The fourth newcomer walk-through, over the least walked parts: the Lua, cluster,
in-practice and invalidation exercises (answers a Redis user would really type that
were refused), the interview drill (a form with no way to start, feedback cut off at
80x24, fair rubric scores, progress not shown) and the new state checks of the
Redis Stack lessons."""
import pytest
from textual.containers import VerticalScroll
from textual.widgets import Label, TextArea

from redislab.lab.screens.quiz import QuizScreen
from redislab.progress import Progress

from .helpers import screen_lines, type_line
from .test_newcomer3 import check, open_exercise
from .test_quiz_screen import _open as _quiz, bank  # noqa: F401 - bank is a fixture


# ------------------------------------------------------------- 08: Lua scripting

LOCK_SCRIPT = ("EVAL \"if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('del', KEYS[1]) "
               "return 'released' end return 'not yours'\" 1 lock:report {token}")


async def test_looking_at_the_lock_first_and_a_script_of_ones_own_pass(make_app):
    """`GET lock:report` to see who holds it was refused ("does not use GET"), and a
    script returning its own words failed "your last reply should be (integer) 1":
    neither is wrong, the goal asks for neither. A DEL still fails."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "08-lua-scripting", 1)
        await type_line(pilot, "GET lock:report")
        await type_line(pilot, LOCK_SCRIPT.format(token=screen.view.env["token"]))
        assert (await check(pilot, screen)).startswith("✓ Passed")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await type_line(pilot, "GET lock:report")
        await type_line(pilot, "DEL lock:report")
        assert "A separate GET and DEL" in await check(pilot, screen)


async def test_a_redis7_function_releases_the_lock_too(make_app):
    """FUNCTION LOAD + FCALL is Redis 7's way to keep a script on the server; it was
    told to "use one of EVAL, EVALSHA"."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "08-lua-scripting", 1)
        await type_line(pilot, "FUNCTION LOAD \"#!lua name=locks\\nredis.register_function('release', "
                               "function(keys, args) if redis.call('get', keys[1]) == args[1] then "
                               "return redis.call('del', keys[1]) end return 0 end)\"")
        await type_line(pilot, f"FCALL release 1 lock:report {screen.view.env['token']}")
        assert (await check(pilot, screen)).startswith("✓ Passed")


# ------------------------------------------------------------ 10: in practice

async def test_a_script_that_counts_and_sets_the_ttl_is_atomic(make_app):
    """A Lua script (the previous lesson's tool) that INCRs and EXPIREs in one step was
    told "no command set a TTL"; it is as atomic as MULTI. A script that only counts,
    followed by EXPIRE, still fails for the gap."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "10-in-practice", 2)
        key = f"rate:{screen.view.env['user']}:{screen.view.env['win']}"
        await type_line(pilot, "EVAL \"local c = redis.call('INCR', KEYS[1]) if redis.call('TTL', KEYS[1]) < 0 "
                               f"then redis.call('EXPIRE', KEYS[1], 60) end return c\" 1 {key}")
        assert (await check(pilot, screen)).startswith("✓ Passed")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await type_line(pilot, f"EVAL \"return redis.call('INCR', KEYS[1])\" 1 {key}")
        await type_line(pilot, f"EXPIRE {key} 60")
        assert "set the TTL in a second command" in await check(pilot, screen)


async def test_zadd_incr_adds_points_like_zincrby(make_app):
    """`ZADD key INCR n member` adds and creates, exactly as ZINCRBY; it was told "this
    exercise is about ZINCRBY". A plain ZADD, which replaces, still fails."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "10-in-practice", 3)
        env = screen.view.env
        await type_line(pilot, f"ZADD leaderboard:weekly INCR {env['pts']} {env['player']}")
        assert (await check(pilot, screen)).startswith("✓ Passed")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await type_line(pilot, f"ZADD leaderboard:weekly {env['pts']} {env['player']}")
        assert not (await check(pilot, screen)).startswith("✓ Passed")


# ------------------------------------------------------------ 05: invalidation

async def test_the_rebuild_lock_may_be_released_with_the_token_script(make_app):
    """The step just before the exercise says to release a lock with a token check in
    a Lua script; doing so failed "this exercise is about DEL"."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "05-invalidation", 3)
        env = screen.view.env
        await type_line(pilot, f"SET lock:report:daily {env['me']} NX EX 10")
        await type_line(pilot, f"SET report:daily {env['total']} EX 3700")
        await type_line(pilot, "EVAL \"if redis.call('GET', KEYS[1]) == ARGV[1] then return "
                               f"redis.call('DEL', KEYS[1]) end return 0\" 1 lock:report:daily {env['me']}")
        assert (await check(pilot, screen)).startswith("✓ Passed")


# ------------------------------------------------------------- the quiz screen

async def test_the_quiz_form_says_how_to_start_and_ctrl_s_starts_it(make_app, bank):
    """Enter on the mode list did nothing, Ctrl+S (the footer's "Check") did nothing,
    and nothing said to Tab down to Start."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        s = await _quiz(app, pilot, QuizScreen("guide", bank=bank))
        shown = "\n".join(screen_lines(app))
        assert "Enter on Start (or Ctrl+S) begins" in shown
        assert s.state == "setup"
        footer = screen_lines(app)[-1]
        assert "^s Start" in footer and "Check" not in footer     # the footer names what it does
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert s.state == "asking" and s.mode == "practice"
        footer = screen_lines(app)[-1]
        assert "^s Check" in footer and "Start" not in footer


async def test_a_hands_on_question_started_from_the_form_does_not_crash(make_app, bank):
    """"any way of asking" set to task, then Start: the lab died with NoMatches
    ('CommandInput' on TaskConsole), focusing a console not composed yet."""
    from textual.widgets import Button, Select

    from redislab.lab.widgets.console import CommandInput
    from redislab.lab.widgets.question import TaskView

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        s = await _quiz(app, pilot, QuizScreen("guide", bank=bank))
        s.query_one("#mechanic", Select).value = "task"
        await pilot.pause()
        s.query_one("#start", Button).press()
        for _ in range(4):
            await pilot.pause()
        assert isinstance(s.view, TaskView) and isinstance(app.focused, CommandInput)
        await type_line(pilot, "PING")
        assert s.view.query_one("#task-console").transcript[-1] == "PONG"


async def test_the_quiz_form_shows_what_was_kept_from_earlier(make_app, bank, lab_home):
    """Answers are saved after each one, but coming back nothing said so: the form now
    counts them (and what a drill would bring back), on screen at 80x24."""
    p = Progress.load()
    p.record_answer("guide-q1", 1.0)
    p.record_answer("guide-q2", 0.4)
    p.save()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        s = await _quiz(app, pilot, QuizScreen("guide", bank=bank))
        line = "So far: 2/15 answered, 1 right; 15 due in a drill."
        assert str(s.query_one("#quiz-so-far", Label).content) == line
        assert any(line in row for row in screen_lines(app))


async def test_a_fresh_quiz_form_says_how_many_a_run_asks(make_app, bank, lab_home):
    """The form said "15 questions" while a practice run asks 10 of them."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        s = await _quiz(app, pilot, QuizScreen("guide", bank=bank))
        line = "15 questions (10 a run), none answered yet; every answer is saved."
        assert str(s.query_one("#quiz-so-far", Label).content) == line


async def test_quiz_feedback_scrolls_at_80x24_and_says_how_to_go_on(make_app, bank):
    """At 80x24 the feedback of a choice question ran under the footer: the
    explanation ("why: ...") and the way on could not be read. It scrolls now, with
    the keys on its first line."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        s = await _quiz(app, pilot, QuizScreen("guide", mode="practice", ids=["guide-q4"],
                                               mechanic="choice", bank=bank))
        await pilot.press("b", "ctrl+s")
        await pilot.pause()
        box = s.query_one("#quiz-feedback-box", VerticalScroll)
        rows = "\n".join(screen_lines(app, box))
        assert "Ctrl+N: next question" in rows
        assert "Ctrl+N (or Ctrl+S) for the next question" not in rows    # below the fold
        assert app.focused is box and box.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert "Ctrl+N (or Ctrl+S) for the next question" in "\n".join(screen_lines(app, box))
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert s.state == "done"


async def test_the_exam_report_can_be_read_to_the_end_at_80x24(make_app, bank):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        s = await _quiz(app, pilot, QuizScreen("guide", mode="exam", bank=bank))
        for _ in s.items:
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert s.state == "done"
        box = s.query_one("#quiz-feedback-box", VerticalScroll)
        assert app.focused is box and box.max_scroll_y > 0
        assert not any("Escape goes back" in row for row in screen_lines(app, box))
        await pilot.press("end")
        await pilot.pause()
        assert any("Escape goes back" in row for row in screen_lines(app, box))


@pytest.mark.parametrize("qid, answer, passes", [
    ("guide-q11", "Pipelining sends multiple commands without waiting for each reply, so it saves "
                  "round trips. It is not atomic: other clients' commands can interleave; use "
                  "MULTI/EXEC for that.", True),
    ("guide-q11", "Pipelining sends multiple commands at once.", False),
    ("guide-q7", "Deleting or reading a big key blocks the single thread and causes latency "
                 "spikes, and in a cluster one node gets uneven memory. Find them with redis-cli "
                 "--bigkeys or MEMORY USAGE, and delete them with UNLINK.", True),
    ("guide-q7", "Deleting a big key blocks the server. Find them with --bigkeys.", False),
])
async def test_a_solid_interview_answer_passes_and_a_thin_one_does_not(make_app, bank, qid, answer, passes):
    """A textbook answer to "what is pipelining and what does it not give you?" scored
    0.75, "not yet", because system calls and batch sizes (extras) weighed as much as
    half a core point each; big keys failed without "network" and "split"."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        s = await _quiz(app, pilot, QuizScreen("guide", mode="practice", ids=[qid], mechanic="rubric", bank=bank))
        s.query_one(TextArea).text = answer
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert ("✓ got it" in s.feedback_lines[0]) is passes


async def test_write_through_always_up_to_date_is_named_a_misconception(make_app, bank):
    """"The cache is always up to date" with write-through is the guide's own mistake;
    it counted for nothing and was not pointed out."""
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        s = await _quiz(app, pilot, QuizScreen("guide", mode="practice", ids=["guide-q2"], mechanic="rubric",
                                               bank=bank))
        s.query_one(TextArea).text = (
            "With cache-aside the application checks the cache and on a miss loads from the database "
            "and fills the cache. With write-through every write goes to the cache and the database "
            "synchronously, so the cache is always up to date, but writes are slower.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = "\n".join(s.feedback_lines)
        assert "misconception: Two separate writes are not atomic" in text
        assert "missing" not in text



# ---------------------------------------------------------- 07-2 / 07-3: Stack state

async def test_a_series_created_by_ts_add_passes_without_a_ts_info(make_app):
    """create-meter was graded on the learner's own TS.INFO reply: `TS.ADD ... RETENTION
    ... LABELS ...`, which creates the series and adds the reading in one command, failed
    unless a TS.INFO followed. It now reads the series itself."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "07-3-timeseries", 1)
        env = screen.view.env
        await type_line(pilot, f"TS.ADD meter:{env['m']} * {env['v']} RETENTION {env['hours'] * 3600000} "
                               f"LABELS site {env['site']} kind power")
        assert (await check(pilot, screen)).startswith("✓ Passed")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await type_line(pilot, f"TS.ADD meter:{env['m']} * {env['v']} RETENTION {env['hours'] * 3600000} "
                               f"LABELS site {env['site']}")
        text = await check(pilot, screen)
        assert f"✗ data · time series meter:{env['m']}: labels — meter:{env['m']} should carry the label " \
               "kind = power" in text


async def test_the_movie_index_is_graded_on_its_definition(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "07-2-redisearch", 1)
        await type_line(pilot, "FT.CREATE idx:movies ON HASH PREFIX 1 movie: SCHEMA title TEXT "
                               "year NUMERIC SORTABLE genre TAG")
        assert (await check(pilot, screen)).startswith("✓ Passed")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await type_line(pilot, "FT.CREATE idx:movies ON HASH PREFIX 1 movie: SCHEMA title TEXT "
                               "year NUMERIC genre TAG")
        await type_line(pilot, "FT.INFO idx:movies")
        text = await check(pilot, screen)
        assert ("✗ data · index idx:movies: attributes — year should be NUMERIC SORTABLE in idx:movies "
                "(it is not SORTABLE)") in text
