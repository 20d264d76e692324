"""The third newcomer walk-through, each problem driven as it was met: a blocking
command with no way out, an exercise that refused the commands it lists, grades
that printed replies with literal \\n, TTL advice that named a command that does not
exist, a boundary the learner's own data never tested, an empty value shown as
nothing, and a lesson headed "playground"."""
from redislab.lab.screens.lesson import LessonScreen
from redislab.lab.screens.playground import PlaygroundScreen
from redislab.lab.widgets.console import BLOCKED_HINT, CommandInput, Console
from redislab.lab.widgets.exercise import ExerciseView

from .helpers import open_free_play, type_line
from .test_newcomer import open_lesson


async def until(pilot, cond, tries: int = 200) -> None:
    """The reply of a blocking command arrives from a worker thread."""
    for _ in range(tries):
        if cond():
            return
        await pilot.pause(0.01)
    assert cond()


async def open_exercise(pilot, lesson_id: str, number: int) -> LessonScreen:
    screen = await open_lesson(pilot, lesson_id)
    screen.show_page(len(screen.lesson.steps) + number - 1)
    await pilot.pause()
    assert isinstance(screen.view, ExerciseView)
    screen.query_one(CommandInput).focus()
    return screen


async def check(pilot, screen) -> str:
    await pilot.press("f9")
    await pilot.pause()
    return screen.view.result_plain


# ---------------------------------------------------------------- blocking commands

async def test_a_blocking_command_stops_on_ctrl_c_or_esc(make_app):
    """`BLPOP q 0` waits for ever. Enter did nothing, Ctrl+C offered to quit the lab
    and Esc left free play: now both keys stop the wait, as Ctrl+C does in redis-cli,
    and a line typed meanwhile waits for Enter."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        screen = app.screen
        console = screen.query_one(Console)
        hint = console.query_one(".hint")
        await type_line(pilot, "BLPOP q 0")
        assert console.transcript[-1].startswith("(blocked")
        assert str(hint.content) == BLOCKED_HINT
        await type_line(pilot, "GET x")                 # held back: the session waits
        assert console.transcript[-1].startswith("(blocked")
        assert str(hint.content) == BLOCKED_HINT      # typing keeps the way out shown
        await pilot.press("ctrl+c")
        await until(pilot, lambda: console.transcript[-1].startswith("(stopped waiting"))
        assert app.screen is screen and not app._notifications   # no "quit the app?"
        await pilot.press("enter")                      # the held line runs now
        await pilot.pause()
        assert console.transcript[-2:] == ["redislab> GET x", "(nil)"]
        await type_line(pilot, "BRPOP q 0")
        await pilot.press("escape")
        await until(pilot, lambda: console.transcript[-1].startswith("(stopped waiting"))
        assert app.screen is screen                     # Esc did not leave free play
        assert app.engine.run("LPUSH", "q", "job") == 1
        assert app.engine.run("LLEN", "q") == 1         # no cancelled pop took it


async def test_a_stopped_wait_in_a_lesson_is_not_graded(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "02-2-lists", 1)
        console = screen.query_one(Console)
        await type_line(pilot, "BLPOP nothing 0")
        await pilot.press("escape")
        await until(pilot, lambda: console.transcript[-1].startswith("(stopped waiting"))
        assert isinstance(app.screen, LessonScreen)
        assert all(e.name != "BLPOP" for e in screen.state.active.log.entries)


# ---------------------------------------------------------------- exercises

async def test_the_oldest_job_may_be_taken_with_brpop(make_app):
    """The check lists BRPOP and LMPOP as ways to pop, and the lesson teaches
    BRPOP, but their reply (list name and job) failed 'should be "report-3"'."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "02-2-lists", 1)
        await type_line(pilot, "BRPOP queue:jobs 0")
        assert (await check(pilot, screen)).startswith("✓ Passed")
        await pilot.press("ctrl+o")                     # the same data again
        await pilot.pause()
        await type_line(pilot, "LMPOP 1 queue:jobs RIGHT")
        assert (await check(pilot, screen)).startswith("✓ Passed")
        await pilot.press("ctrl+o")
        await pilot.pause()
        await type_line(pilot, "RPOP queue:jobs")
        await type_line(pilot, "LRANGE queue:jobs 0 -1")
        oldest = screen.view.env["jobs"][0]
        assert f"should hand you the oldest job, {oldest}" in await check(pilot, screen)


async def test_a_multi_line_reply_is_shown_on_lines_not_with_backslash_n(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "12-client-libraries", 1)
        env = screen.view.env
        for line in ("MULTI", f"SET key1 {env['v1']}", f"SET key2 {env['v2']}", "GET key2", "EXEC"):
            await type_line(pilot, line)
        text = await check(pilot, screen)
        assert "\\n" not in text
        assert f'should be:\n1) OK\n2) OK\n3) "{env["v1"]}"\nbut it was:' in text


async def test_ttl_advice_fits_the_command_and_the_transaction(make_app):
    """INCR then EXPIRE was told to 'set the value and the TTL in one command'
    (INCR has no TTL option; the exercise wants MULTI), and SET + EXPIRE inside
    MULTI was told the key 'existed without one' (it never did)."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "10-in-practice", 2)
        key = f"rate:{screen.view.env['user']}:{screen.view.env['win']}"
        await type_line(pilot, f"INCR {key}")
        await type_line(pilot, f"EXPIRE {key} 60")
        text = await check(pilot, screen)
        assert "wrap both commands in one MULTI ... EXEC" in text
        assert "in one command or one MULTI" in text
        assert "set the value and the TTL in one command" not in text

        screen.show_page(len(screen.lesson.steps))      # leave, then strings' session-ttl
        await pilot.press("escape")
        await pilot.pause()
        screen = await open_exercise(pilot, "02-1-strings", 2)
        env = screen.view.env
        for line in ("MULTI", f"SET session:{env['sid']} {env['user']}",
                     f"EXPIRE session:{env['sid']} {env['ttl']}", "EXEC"):
            await type_line(pilot, line)
        text = await check(pilot, screen)
        assert "inside MULTI ... EXEC is safe" in text and "existed without one" not in text


async def test_an_inclusive_cut_fails_on_the_learners_own_data(make_app):
    """A reading sat at the cut only in hidden variants, so `-inf cut` (no "(")
    passed on screen and then failed with 'did you type in a value you read?'."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "07-redis-stack", 2)
        cut = screen.view.env["cut"]
        await type_line(pilot, f"ZREMRANGEBYSCORE sensor:temperature:1 -inf {cut}")
        text = await check(pilot, screen)
        assert f"exactly the 3 readings at or after {cut} should be left" in text
        assert "variant" not in text
        await pilot.press("ctrl+o")
        await pilot.pause()
        await type_line(pilot, f"ZREMRANGEBYSCORE sensor:temperature:1 -inf ({cut}")
        assert (await check(pilot, screen)).startswith("✓ Passed")


async def test_an_empty_value_is_named_in_the_grade(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "04-caching-patterns", 2)
        uid = screen.view.env["uid"]
        await type_line(pilot, f"SET user:{uid} null EX 60")
        text = await check(pilot, screen)
        assert f'user:{uid} should be "" (an empty string), it is null' in text


# ---------------------------------------------------------------- titles

async def test_a_lesson_is_never_headed_playground(make_app):
    """The lesson fixed its title after a refresh, racing the playground's on_mount;
    the first lesson opened in a session now and then read '— playground'."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_lesson(pilot, "04-caching-patterns")
        assert screen.sub_title.startswith("lesson · ")
        PlaygroundScreen.on_mount(screen)       # the base handler, whenever it runs
        assert screen.sub_title.startswith("lesson · ") and screen.title.startswith("4. Caching")


# ---------------------------------------------------------------- cluster

async def test_the_cluster_lesson_draws_each_keys_slot_and_keeps_tags_whole(make_app):
    """No picture anywhere said which slot a key is in, and the key list split
    `{user:1}:profile` at the colon inside its hash tag ("{user:", "1}:")."""
    from redislab.lab.widgets.keybrowser import KeyBrowser
    from redislab.lab.widgets.keyview import KeyPanel

    from .helpers import screen_lines

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_lesson(pilot, "09-cluster")
        screen.query_one(CommandInput).focus()
        await type_line(pilot, "SET {user:1}:profile data")
        await pilot.pause()
        panel = "\n".join(screen_lines(app, screen.query_one(KeyPanel)))
        assert "hash slot 10778 · tag {user:1}" in panel
        tree = "\n".join(screen_lines(app, screen.query_one(KeyBrowser)))
        assert "{user:1}: (1)" in tree and "1}:" not in tree.replace("{user:1}:", "")
        await type_line(pilot, "SET user:2 x")
        await pilot.pause()
        panel = "\n".join(screen_lines(app, screen.query_one(KeyPanel)))
        assert "hash slot 6777" in panel and "tag" not in panel

        await pilot.press("escape")
        await open_free_play(pilot)                     # not a cluster: no slot line
        await type_line(pilot, "SET {user:1}:profile data")
        await pilot.pause()
        assert "hash slot" not in "\n".join(screen_lines(app, app.screen.query_one(KeyPanel)))


# ---------------------------------------------------------------- code labs

async def test_start_over_asks_first_and_clears_the_old_verdict(make_app):
    """F8 is Hint in a lesson; in a code lab one press threw the program away, and
    the last run's "SyntaxError on line 2" stayed under "Back to the starting program"."""
    from textual.widgets import Static, TextArea

    from redislab.lab.screens.codelab import CodeLabScreen

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.open_codelab("cache-aside")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodeLabScreen)
        editor = screen.query_one(TextArea)
        start = editor.text
        await pilot.press(*"x = 1import")               # a syntax error on line 1
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "SyntaxError" in str(screen.query_one("#cl-checks", Static).render())
        typed = editor.text
        await pilot.press("f8")
        await pilot.pause()
        assert editor.text == typed                     # nothing lost yet
        assert "Press F8 again" in str(screen.query_one("#cl-status", Static).render())
        await pilot.press("f8")
        await pilot.pause()
        assert editor.text == start
        assert "SyntaxError" not in str(screen.query_one("#cl-checks", Static).render())
        assert str(screen.query_one("#cl-output", Static).render()) == ""
        await pilot.press("f8")                         # nothing to lose: no question
        await pilot.pause()
        assert "Back to the starting program" in str(screen.query_one("#cl-status", Static).render())


# ---------------------------------------------------------------- home

async def test_continue_returns_to_the_lesson_in_progress(make_app):
    """A learner who started with lists, pressed c ("continues where you left off")
    and landed on the untouched first lesson."""
    from redislab.progress import Progress

    p = Progress.load()
    p.record_exercise("02-2-lists", "next-job", True)
    p.lesson("02-2-lists").step = 5
    p.save()
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.lesson.id == "02-2-lists"
        assert screen.state.page == 5                   # where the learner was


# ---------------------------------------------------------------- simulations

async def test_a_run_at_80x24_brings_its_charts_into_view(make_app):
    """The form fills an 80x24 pane: Ctrl+R ran, the status said done, and the
    charts sat below the fold with nothing to say so."""
    from redislab.lab.screens.simulations import SimulationsScreen
    from redislab.lab.widgets.charts import ChartGrid

    from .helpers import screen_lines

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(SimulationsScreen(animate=False))
        await pilot.pause()
        screen = app.screen
        await pilot.press("ctrl+r")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        main = screen.query_one("#sim-main")
        grid = screen.query_one(ChartGrid)
        assert main.scroll_y > 0
        assert grid.region.y < main.region.bottom         # on screen, not below it
        assert any("cache-aside" in line for line in screen_lines(app, main))


async def test_a_key_made_inside_multi_is_drawn_after_exec(make_app):
    """MULTI, SET session:x bob, EXEC: the key panel kept saying "Run a command, or
    pick a key" because EXEC names no key and the SET had only queued."""
    from redislab.lab.widgets.keyview import KeyPanel

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        for line in ("MULTI", "SET session:x bob", "HSET cart:1 book 1", "EXEC"):
            await type_line(pilot, line)
        assert app.screen.query_one(KeyPanel).shown_key == b"cart:1"
        await type_line(pilot, "GET session:x")
        assert app.screen.query_one(KeyPanel).shown_key == b"session:x"


async def test_the_lesson_footer_keeps_quit_and_help_with_an_example_focused(make_app):
    """At 80x24, Ctrl+L (to run examples) added "r Run example", "s Simulation" and
    "l Code lab" and the footer lost "^q Quit f1 Help", ending in "^p paletted"."""
    from .helpers import screen_lines

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "08-lua-scripting")     # has a simulation and code labs
        await pilot.press("ctrl+l")
        await pilot.pause()
        footer = screen_lines(app)[-1]
        assert footer.startswith("r Run pgdn Next") and footer.rstrip().endswith("^q Quit f1 Help")
        await pilot.press("down", "down")              # same keys: the footer is not rebuilt
        await pilot.pause()
        assert screen_lines(app)[-1] == footer
        await pilot.press("f2")                          # the console: no "r Run" any more
        await pilot.pause()
        assert screen_lines(app)[-1].startswith("pgdn Next")
        await pilot.press("ctrl+l")
        await pilot.pause()
        await pilot.press("s")                          # still works, named on the page
        await pilot.pause()
        assert type(app.screen).__name__ == "SimulationsScreen"


async def test_checking_after_select_names_the_database_not_the_commands(make_app):
    """SELECT 0 in a lesson, then the right INCRBY: the grade said "page:views should
    be 336, it is 327" and hinted at INCRBY, which the learner had used."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_exercise(pilot, "02-1-strings", 1)
        k = screen.view.env["k"]
        await type_line(pilot, "SELECT 0")
        await type_line(pilot, f"INCRBY page:views {k}")
        await pilot.press("f9")
        await pilot.pause()
        assert screen.view.result_plain == ""                   # no attempt graded
        note = app._notifications
        assert any(f"this exercise's data is in database {screen.state.dbnum}" in n.message for n in note)
        await type_line(pilot, f"SELECT {screen.state.dbnum}")
        await type_line(pilot, f"INCRBY page:views {k}")
        assert (await check(pilot, screen)).startswith("✓ Passed")


async def test_help_says_how_to_leave_the_lab_console(make_app):
    # redis-cli's HELP ends with '"quit" to exit'; in the lab, QUIT goes to Redis and
    # leaves nothing, so the line must name the lab's own way out.
    from .helpers import screen_lines

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        await type_line(pilot, "HELP")
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        assert "Esc to leave this screen" in shown and '"quit" to exit' not in shown


async def test_a_command_held_by_client_pause_says_so_and_runs_when_it_ends(make_app, lab_engine):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        console = app.screen.query_one(Console)
        await type_line(pilot, "CLIENT PAUSE 300 WRITE")
        await type_line(pilot, "SET k v")
        assert console.transcript[-1].startswith("(held by CLIENT PAUSE")
        lab_engine.clock.advance(0.4)                 # the tests' clock moves only when told
        await until(pilot, lambda: console.transcript[-1] == "OK")
