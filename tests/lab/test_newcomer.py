"""What a newcomer walking through the lab ran into, each driven as they drove it:
letters typed on the lesson page, the exercise's keys, the grade's wording, redis-cli's
reply shapes, the way to simulations and code labs, Esc in the code editor, the
quiz's radio buttons and long options, F7 from the console."""
import json

from rich.console import Console as RichConsole
from textual.widgets import DataTable, RadioSet, Static, TextArea

from redislab.lab import syllabus
from redislab.lab.screens.codelab import CodeLabScreen
from redislab.lab.screens.home import HomeScreen
from redislab.lab.screens.lesson import LessonScreen
from redislab.lab.screens.quiz import QuizScreen
from redislab.lab.screens.simulations import SimulationsScreen
from redislab.lab.widgets.console import MORE_HINT, CommandInput, Console
from redislab.lab.widgets.exercise import ExerciseView
from redislab.lab.widgets.keyview import KeyPanel
from redislab.lab.widgets.question import ChoiceView
from redislab.lab.widgets.steps import ExampleLine, StepView

from .helpers import open_free_play, quiz_q4_buttons, type_line


async def open_lesson(pilot, lesson_id: str) -> LessonScreen:
    await pilot.pause()
    home = pilot.app.screen
    home.query_one(DataTable).move_cursor(row=[e.id for e in home.entries].index(lesson_id))
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen) and screen.lesson.id == lesson_id
    return screen


def progress(home) -> dict:
    path = home / "progress.json"
    return json.loads(path.read_text()) if path.exists() else {}


def transcript(screen) -> list[str]:
    return screen.query_one(Console).transcript


def plain(widget: Static, width: int = 100) -> str:
    rc = RichConsole(width=width, force_terminal=False)
    with rc.capture() as cap:
        rc.print(widget.content)
    return cap.get()


# ---------------------------------------------------------------- lesson page keys

async def test_a_command_typed_on_the_lesson_page_lands_in_the_console(make_app, lab_home):
    """Ctrl+L to run examples, then typing `hset ...`: it used to reveal a hint (h),
    check the exercise (c, an attempt on record) and undo (u), and drop the rest."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_lesson(pilot, "02-1-strings")
        await pilot.press("ctrl+l")
        assert isinstance(screen.focused, ExampleLine)
        await type_line(pilot, "hset user:9 cash 5")
        assert transcript(screen)[-2:] == [f"redislab[{screen.state.dbnum}]> hset user:9 cash 5",
                                           "(integer) 1"]
        assert isinstance(screen.focused, CommandInput)
        assert "02-1-strings" not in progress(lab_home).get("lessons", {}) or \
            not progress(lab_home)["lessons"]["02-1-strings"]["exercises"]
        # The page's own letters still act while it has focus and nothing is typed.
        await pilot.press("ctrl+l", "n")
        await pilot.pause()
        assert screen.view.step.title == "Counting without races"


async def test_a_burst_typed_on_the_page_arrives_whole(make_app):
    """Focus moves to the console only after the keys already queued (a paste, tmux, a
    fast typist): the space and the page's own letters (s: simulation) that follow the
    first letter belong to the command too."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_lesson(pilot, "05-invalidation")       # s and l are page keys here
        await pilot.press("ctrl+l")
        page = screen.focused
        assert isinstance(page, ExampleLine)
        for ch in "get sp":
            page.post_message(events.Key({" ": "space"}.get(ch, ch), ch))
        await pilot.pause()
        await pilot.pause()
        assert app.screen is screen                                 # no simulation opened
        assert screen.query_one(CommandInput).value == "get sp"


async def test_paging_from_the_page_to_an_exercise_hands_the_keys_to_the_console(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_lesson(pilot, "01-overview")
        await pilot.press("ctrl+l")
        for _ in screen.lesson.steps:
            await pilot.press("pagedown")
            await pilot.pause()
        view = screen.view
        assert isinstance(view, ExerciseView)
        assert isinstance(screen.focused, CommandInput)        # typing goes where it should
        keys_help = str(view.query_one("#keys-help", Static).content)
        assert "Ctrl+O reset" in keys_help and "Ctrl+R" not in keys_help
        assert "was emptied for it" in "\n".join(transcript(screen))
        # Stepping back from the page: a step without examples keeps the page focused,
        # one with examples focuses its first, ready for r.
        await pilot.press("ctrl+l", "p")
        await pilot.pause()
        assert isinstance(screen.view, StepView) and not screen.view.examples
        assert screen.focused.id == "lesson"
        await pilot.press("p")
        await pilot.pause()
        assert screen.view.examples and isinstance(screen.focused, ExampleLine)


async def test_lesson_console_greets_with_its_sandbox_not_free_play(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_lesson(pilot, "02-1-strings")
        first = transcript(screen)[0]
        assert f"database {screen.state.dbnum}: this lesson's own sandbox" in first
        assert "user:1:name Alice" not in first


# ---------------------------------------------------------------- grading

async def test_the_grade_names_what_each_check_looks_at_and_the_hint_shows_once(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_lesson(pilot, "01-overview")
        while not isinstance(screen.view, ExerciseView):
            await pilot.press("pagedown")
            await pilot.pause()
        await type_line(pilot, "SET home:city quito")
        await pilot.press("f8", "f9")
        await pilot.pause()
        text = screen.view.result_plain
        assert "✗ data · value of home:city — home:city should be Quito, it is quito" in text
        assert "✗ reply · reply of GET — you did not run GET" in text
        assert "method · uses SET and GET" in text
        assert "state:" not in text and "used_one_of" not in text
        hints = str(screen.view.query_one("#hints", Static).content)
        assert "Hint 1/1" in hints and "\nHint:" not in text      # not repeated under the grade
        # Passing the last exercise while others are open says which are left.
        await type_line(pilot, "SET home:city Quito")
        await type_line(pilot, "GET home:city")
        await pilot.press("f9")
        await pilot.pause()
        assert screen.view.result.passed
        assert any("PgDn: next exercise" in n.message for n in app._notifications)


async def test_a_finished_lesson_says_where_to_go_next(make_app, lab_home):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_lesson(pilot, "01-overview")
        last = len(screen.pages) - 1
        screen.show_page(last)
        await pilot.pause()
        await type_line(pilot, "TYPE mystery")
        await pilot.press("f9")
        await pilot.pause()
        assert any("Still to do: exercises 1, 2" in n.message for n in app._notifications)


async def test_guide_corrections_do_not_stutter(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_lesson(pilot, "01-overview")
        await pilot.press("pagedown")
        await pilot.pause()
        note = plain(screen.view.query_one(".corrects", Static), 200)
        assert "Correcting the guide: The guide says memory storage" in note
        assert "The guide says: The guide" not in note


async def test_a_new_exercise_draws_its_own_data_not_the_last_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_lesson(pilot, "01-overview")
        await type_line(pilot, "SET greeting hi")
        panel = screen.query_one(KeyPanel)
        assert panel.shown_key == b"greeting"
        screen.show_page(len(screen.lesson.steps) + 1)          # "remove two keys": session:*
        await pilot.pause()
        data = screen.state.engine.keyspace.dbs[screen.state.dbnum].data
        assert panel.shown_key == min(data) and b"greeting" not in data
        assert "no such key" not in plain(panel.query_one("#picture-body", Static))


# ---------------------------------------------------------------- console

async def test_replies_look_like_redis_cli_over_resp2_until_hello_3(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        console = app.screen.query_one(Console)
        for line in ("SADD s a b", "SMEMBERS s", "HSET h f 1", "HGETALL h", "ZADD z 1.5 m", "ZSCORE z m"):
            await type_line(pilot, line)
        text = "\n".join(console.transcript)
        assert '1) "a"\n2) "b"' in text and "1~" not in text
        assert '1) "f"\n2) "1"' in text and "1#" not in text
        assert text.endswith('"1.5"') and "(double)" not in text
        await type_line(pilot, "HELLO 3")
        await type_line(pilot, "HGETALL h")
        assert console.transcript[-1] == '1# "f" => "1"'               # as redis-cli -3 shows it


async def test_f7_switches_the_picture_while_typing_in_the_console(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        await type_line(pilot, "ZADD board 10 ann 20 bob")
        panel = app.screen.query_one(KeyPanel)
        assert panel.view.picture == "zset"
        assert "F7: show as skiplist levels" in plain(panel.query_one("#picture-body", Static))
        await pilot.press("f7")                       # focus is still in the console
        await pilot.pause()
        assert isinstance(app.screen.focused, CommandInput)
        assert panel.view.picture == "zset_levels"


async def test_the_multi_line_hint_says_how_to_get_out_first(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_free_play(pilot)
        await type_line(pilot, 'SET "unterminated')
        hint = str(app.screen.query_one(Console).query_one(".hint", Static).content)
        assert hint == MORE_HINT and hint.startswith("multi-line · Esc cancels")


# ---------------------------------------------------------------- finding things

async def test_home_lists_simulations_and_code_labs_as_rows(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        ids = [e.id for e in home.entries]
        for row_id, screen_cls in (("simulations", SimulationsScreen), ("codelabs", CodeLabScreen)):
            home.query_one(DataTable).move_cursor(row=ids.index(row_id))
            await pilot.pause()
            assert "Enter opens it" in plain(home.query_one("#about", Static))
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, screen_cls)
            await pilot.press("escape")               # at once, even from the code editor
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, CodeLabScreen)
        assert app.screen.lab.id == "cache-aside"          # guide order: 4.1 comes first
        assert isinstance(app.screen.focused, TextArea)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert {syllabus.SIMULATIONS, syllabus.CODELABS} <= {e.kind for e in syllabus.entries()}


async def test_a_lesson_leads_to_its_code_labs(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_lesson(pilot, "05-invalidation")
        extras = plain(screen.query_one(".extras", Static), 200)
        assert "s: its simulation" in extras and "l: its code labs" in extras
        await pilot.press("ctrl+l", "l")
        await pilot.pause()
        lab = app.screen
        assert isinstance(lab, CodeLabScreen)
        assert {x.lesson for x in lab.labs} == {"05-invalidation"} and len(lab.labs) == 3
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        # A lesson without code labs offers none, and its l is typed into the console.
        await pilot.press("escape")
        screen = await open_lesson(pilot, "02-1-strings")
        assert not screen.query(".extras")
        await pilot.press("ctrl+l", "l")
        await pilot.pause()
        assert app.screen is screen and screen.query_one(CommandInput).value == "l"


# ---------------------------------------------------------------- quiz

async def test_quiz_arrows_choose_the_mode_and_the_answer(make_app):
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        app.push_screen(QuizScreen("quiz"))
        await pilot.pause()
        quiz = app.screen
        modes = quiz.query_one("#mode", RadioSet)
        assert app.screen.focused is modes
        await pilot.press("down", "down")                  # to "exam", as a newcomer would
        assert modes.pressed_index == 2
        quiz.query_one("#start").press()
        await pilot.pause()
        assert quiz.mode == "exam"
        view = quiz.view
        assert isinstance(view, ChoiceView)
        await pilot.press("down")                          # arrows pick, like letters do
        assert view.answer() is not None


async def test_long_quiz_options_wrap_instead_of_being_cut(make_app):
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        buttons = await quiz_q4_buttons(app, pilot)
        longest = max(buttons, key=lambda b: len(b.label.plain))
        assert len(longest.label.plain) > 80 and longest.size.height >= 2
        assert all(b.size.height == 1 for b in buttons if len(b.label.plain) < 60)


async def test_home_shows_how_many_quiz_questions_were_answered(make_app):
    app = make_app()
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        home = app.screen
        row = [e.id for e in home.entries].index("quiz")
        assert str(home.query_one(DataTable).get_row_at(row)[2]) == "—"
        app.push_screen(QuizScreen("quiz", mode="practice", ids=["quiz-q1"], mechanic="choice"))
        await pilot.pause()
        await pilot.pause()
        await pilot.press("a", "ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home
        assert str(home.query_one(DataTable).get_row_at(row)[2]) == "1 answered"


async def test_the_pubsub_lesson_shows_a_message_arrive(make_app):
    """One console cannot be subscriber and publisher over RESP2; the lesson's RESP3
    step lets a newcomer see delivery instead of only reading about it."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_lesson(pilot, "06-pubsub-vs-streams")
        step = next(i for i, s in enumerate(screen.lesson.steps) if s.title == "Watching a message arrive")
        screen.show_page(step)
        await pilot.pause()
        await pilot.press("ctrl+l", "r", "down", "r", "down", "r")
        await pilot.pause()
        tail = transcript(screen)[-5:]
        assert tail == [f'redislab[{screen.state.dbnum}]> PUBLISH news:flash "hello, subscriber"',
                        '1) "message"', '2) "news:flash"', '3) "hello, subscriber"', "(integer) 1"]
        assert "news:flash" in plain(screen.query_one(KeyPanel).query_one("#picture-body", Static))
        await pilot.press("down", "r", "down", "r")         # UNSUBSCRIBE, HELLO 2: back to RESP2
        await pilot.pause()
        assert screen.backend.session.resp == 2


async def test_a_simulation_parameter_explains_itself_in_full_when_edited(make_app):
    """At 80 columns each parameter's hint is cut to a few words ("≥ 0 · distinc…")."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, SimulationsScreen)
        await pilot.press("f3", "tab", "tab", "tab", "tab")        # strategies, then keys, dist, zipf_s
        await pilot.pause()
        assert app.screen.focused.name == "zipf_s"
        assert str(app.screen.query_one("#param-help", Static).content) == \
            "zipf_s: Zipf exponent (higher = hotter hot keys) · ≥ 0"
