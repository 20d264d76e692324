"""Console highlighting, Ctrl+R history search, multi-line EVAL, the key browser's
memory figure, and F1 listing every screen's keys."""
from rich.text import Text
from textual.widgets import RichLog, Static

from redislab.lab.screens.help import HelpScreen, binding_rows
from redislab.lab.widgets.console import CommandInput, Console, needs_more, one_line
from redislab.lab.widgets.highlight import STYLES, highlight, roles
from redislab.lab.widgets.history_search import HistorySearch
from redislab.lab.widgets.keybrowser import KeyBrowser, human_bytes
from redislab.repl.tokenize import split_args

from .helpers import open_free_play, type_line


def styled(text, style: str) -> list[str]:
    return [text.plain[s.start:s.end] for s in text.spans if str(s.style) == style]


def test_roles_follow_the_grammar():
    line = 'SET user:1 "hi there" EX 10 NX'
    got = {line[s:e]: r for s, e, r in roles(line)}
    assert got == {"SET": "command", "user:1": "key", '"hi there"': "string",
                   "EX": "option", "10": "number", "NX": "option"}
    assert roles("FROB x")[0][2] == "unknown"
    assert [r for *_, r in roles("CONFIG GET maxmemory")][:2] == ["command", "subcommand"]
    assert [r for *_, r in roles("EVAL 'return 1' 1 k")] == ["command", "string", "number", "key"]
    t = highlight("ZADD board 1.5 alice")
    assert styled(t, STYLES["key"]) == ["board"] and styled(t, STYLES["number"]) == ["1.5"]


def test_history_search_narrows_and_goes_older():
    s = HistorySearch(["SET a 1", "GET a", "SET b 2", "INCR n"])
    s.type("se")
    assert s.match == "SET b 2"
    s.older()
    assert s.match == "SET a 1"
    s.older()
    assert s.failed and s.match == "SET a 1"
    s.backspace()
    s.backspace()
    s.type("zzz")
    assert s.failed and "failing" in s.status()


def test_continuation_rules():
    assert needs_more('EVAL "') and needs_more("SET a \\") and needs_more("EVAL 'x")
    assert not needs_more('EVAL "return 1" 0') and not needs_more('SET a "q\\""')
    text = 'EVAL "\nlocal x = 1\nreturn x" 0'
    assert split_args(one_line(text)) == split_args(text)
    assert human_bytes(56) == "56B" and human_bytes(2048) == "2.0K"


async def test_typed_and_echoed_commands_are_highlighted(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_free_play(pilot)
        console = app.screen.query_one(Console)
        inp = console.query_one(CommandInput)
        await type_line(pilot, "SET k 42 NX", enter=False)
        t = Text(inp.value)             # what the Input draws goes through this highlighter
        inp.highlighter.highlight(t)
        assert styled(t, STYLES["command"]) == ["SET"] and styled(t, STYLES["key"]) == ["k"]
        assert styled(t, STYLES["number"]) == ["42"] and styled(t, STYLES["option"]) == ["NX"]
        await pilot.press("enter")
        await pilot.pause()
        echo = [line for line in console.query_one(RichLog).lines if "SET k 42" in line.text][-1]
        styles = {seg.text: str(seg.style) for seg in echo if seg.text.strip()}
        assert any("cyan" in v for k, v in styles.items() if "SET" in k)
        await type_line(pilot, "NOPE x")
        assert console.transcript[-1].startswith("(error)")


async def test_ctrl_r_finds_an_older_command(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_free_play(pilot)
        console = app.screen.query_one(Console)
        inp = console.query_one(CommandInput)
        for line in ("SET greeting hello", "INCR visits", "GET greeting", "INCR visits"):
            await type_line(pilot, line)
        await pilot.press("ctrl+r", "g", "r")
        assert "reverse-i-search)'gr': GET greeting" in str(console.query_one(".hint", Static).content)
        await pilot.press("ctrl+r")               # older match
        await pilot.press("enter")                # accept into the line, not run
        await pilot.pause()
        assert inp.value == "SET greeting hello"
        await pilot.press("enter")
        await pilot.pause()
        assert console.transcript[-1] == "OK"
        await pilot.press("ctrl+r", "v", "escape")   # Esc leaves the line as it was
        assert inp.value == "" and inp.search is None


async def test_three_line_eval_runs_as_one_command(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_free_play(pilot)
        console = app.screen.query_one(Console)
        await type_line(pilot, 'EVAL "')
        assert str(console.query_one(".prompt").content) == "...> "
        await type_line(pilot, "local x = 41 + 1")
        await type_line(pilot, 'return x" 0')
        assert console.transcript[-1] == "(integer) 42"
        assert str(console.query_one(".prompt").content) == console.prompt
        # Esc drops a pending command; the screen stays.
        screen = app.screen
        await type_line(pilot, "SET a \\")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and console.pending == []
        assert "cancelled" in console.transcript[-1]
        # History keeps the script as one line that runs the same.
        assert console.query_one(CommandInput).history[-1] == 'EVAL "\\nlocal x = 41 + 1\\nreturn x" 0'


async def test_key_browser_shows_memory(make_app, lab_engine):
    lab_engine.run("SET", "small", "x")
    lab_engine.run("RPUSH", "big", *[str(i) for i in range(5000)])
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_free_play(pilot)
        keys = app.screen.query_one(KeyBrowser)
        assert keys.label_of(b"small").endswith("B") and "str·embstr" in keys.label_of(b"small")
        assert "K" in keys.label_of(b"big").split()[-1]


async def test_f1_lists_lesson_check_and_hint_keys(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = binding_rows(app)
        lesson = {k: d for s, k, d in rows if s == "Lesson"}
        assert "Check" in lesson["f9"] and "hint" in lesson["f8"]
        assert lesson["ctrl+o"].startswith("Start the exercise again")
        scopes = {s for s, _, _ in rows}
        assert {"Home", "Playground", "Lesson", "Code lab", "Quiz", "Simulations", "Console"} <= scopes
        assert ("Console", "ctrl+r") in {(s, k) for s, k, _ in rows}
