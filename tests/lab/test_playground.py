"""Pilot tests: the console runs commands and the key browser and picture follow."""
from textual.widgets import RichLog

from redislab.engine import registry
from redislab.lab.screens.playground import PlaygroundScreen
from redislab.lab.widgets.console import CommandInput, Console
from redislab.lab.widgets.keybrowser import KeyBrowser
from redislab.lab.widgets.keyview import KeyPanel

from .helpers import open_free_play, type_line


def _parts(app):
    s = app.screen
    assert isinstance(s, PlaygroundScreen)
    return s.query_one(Console), s.query_one(KeyBrowser), s.query_one(KeyPanel)


def _picture(panel) -> str:
    from rich.console import Console as RC

    from redislab.lab import visualizers

    rc = RC(width=60)
    with rc.capture() as cap:
        rc.print(visualizers.render(panel.view, panel.shown_key))
    return cap.get()


async def test_commands_show_in_console_browser_and_picture(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        console, keys, panel = _parts(app)

        await type_line(pilot, "SET user:1:name Alice")
        assert console.transcript[-2:] == ["redislab> SET user:1:name Alice", "OK"]
        assert b"user:1:name" in keys.keys_shown
        assert "str·embstr" in keys.label_of(b"user:1:name")

        await type_line(pilot, "GET user:1:name")
        assert console.transcript[-1] == '"Alice"'
        assert panel.shown_key == b"user:1:name"
        pic = _picture(panel)
        assert "Alice" in pic and "embstr" in pic

        await type_line(pilot, "INCR n")
        assert console.transcript[-1] == "(integer) 1"
        assert panel.view.type == "string" and panel.view.encoding == "int"
        assert "str·int" in keys.label_of(b"n")

        await type_line(pilot, "RPUSH q a b c")
        if "rpush" in registry.COMMANDS:
            assert console.transcript[-1] == "(integer) 3"
            assert panel.view.type == "list"
            assert "head ↓" in _picture(panel)
        else:   # lists not in the engine yet: the console reports Redis's error
            assert console.transcript[-1].startswith("(error) ERR unknown command 'RPUSH'")

        await type_line(pilot, "HELP GET")
        text = "\n".join(console.transcript[-8:])
        assert "GET key" in text and "summary:" in text and "group: string" in text

        await type_line(pilot, "FOO bar")
        assert console.transcript[-1] == "(error) ERR unknown command 'FOO', with args beginning with: 'bar' "
        last = console.query_one(RichLog).lines[-1]
        assert any(seg.style and seg.style.color and seg.style.color.name == "red"
                   for seg in last if seg.text.strip())


async def test_fast_forward_expires_a_key(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_free_play(pilot)
        console, keys, panel = _parts(app)
        await type_line(pilot, "SET temp v EX 5")
        assert b"temp" in keys.keys_shown
        assert "⏱5.0s" in keys.label_of(b"temp")
        await pilot.press("f5")        # +10 s: past the TTL
        await pilot.pause()
        assert b"temp" not in keys.keys_shown
        assert "no such key" in _picture(panel)
        await type_line(pilot, "EXISTS temp")
        assert console.transcript[-1] == "(integer) 0"


async def test_multi_prompt_history_and_completion(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_free_play(pilot)
        console, _, _ = _parts(app)
        inp = console.query_one(CommandInput)
        await type_line(pilot, "MULTI")
        await type_line(pilot, "INCR n")
        assert console.transcript[-1] == "QUEUED"
        assert console.prompt == "redislab(TX 1)> "
        await type_line(pilot, "EXEC")
        assert console.transcript[-1] == "1) (integer) 1"
        assert console.prompt == "redislab> "

        await pilot.press("up")
        assert inp.value == "EXEC"
        await pilot.press("up", "up")
        assert inp.value == "MULTI"
        await pilot.press("down", "down", "down")
        assert inp.value == ""

        await type_line(pilot, "getd", enter=False)
        await pilot.press("tab")
        assert inp.value == "getdel "   # one candidate, in the case typed
        await pilot.press("ctrl+u")
        await type_line(pilot, "INCRB", enter=False)
        await pilot.press("tab")          # INCRBY / INCRBYFLOAT: extend to the common prefix
        assert inp.value == "INCRBY"
        await type_line(pilot, " n", enter=False)
        await pilot.pause()
        hint = str(console.query_one(".hint").render())
        assert "increment" in hint


async def test_picking_a_key_in_the_browser(make_app, lab_engine):
    lab_engine.run("ZADD", "board", 10, "ann", 20, "bob")
    lab_engine.run("HSET", "user:1", "name", "Alice")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        _, keys, panel = _parts(app)
        assert keys.keys_shown == [b"board", b"user:1"]
        await pilot.press("f3")
        await pilot.press("down")   # the tree starts on its first line
        await pilot.pause()
        keys.move_cursor(keys._leaves[b"board"])
        await pilot.pause()
        assert panel.shown_key == b"board"
        assert "bob" in _picture(panel)
        keys.move_cursor(keys._leaves[b"user:1"])
        await pilot.pause()
        assert panel.shown_key == b"user:1" and "Alice" in _picture(panel)
        await pilot.press("t", "y")           # typing from the browser goes to the console
        console = app.screen.query_one(Console)
        assert console.query_one(CommandInput).has_focus
        assert console.query_one(CommandInput).value == "ty"
