"""More console behaviour: key completion, HELP @group, SELECT, the clock, NO_COLOR."""
from redislab.lab.app import RedisLab
from redislab.lab.widgets.console import CommandInput, Console, complete_line, prompt_text
from redislab.lab.widgets.keybrowser import KeyBrowser
from redislab.lab.widgets.timecontrol import LabClock

from .helpers import open_free_play, type_line


def test_prompt_and_complete_line():
    assert prompt_text("redislab") == "redislab> "
    assert prompt_text("redislab", 2, 3) == "redislab[2](TX 3)> "
    assert complete_line("GET us", ["user:1", "user:2"]) == ("GET user:", ["user:1", "user:2"])
    assert complete_line("GET user:1", ["user:1"]) == ("GET user:1 ", [])
    assert complete_line("GET x", []) == ("GET x", [])


async def test_tab_completes_key_names_and_help_groups(make_app, lab_engine):
    lab_engine.run("SET", "session:abc", "1")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_free_play(pilot)
        console = app.screen.query_one(Console)
        inp = console.query_one(CommandInput)
        await type_line(pilot, "GET ses", enter=False)
        await pilot.press("tab")
        assert inp.value == "GET session:abc "
        await pilot.press("enter")
        await pilot.pause()
        assert console.transcript[-1] == '"1"'
        await type_line(pilot, "HELP @hash")
        text = "\n".join(console.transcript)
        assert "HSET key" in text and "HGETALL key" in text


async def test_select_moves_the_key_browser(make_app, lab_engine):
    lab_engine.run("SET", "in0", "x")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_free_play(pilot)
        keys = app.screen.query_one(KeyBrowser)
        assert keys.keys_shown == [b"in0"]
        await type_line(pilot, "SELECT 1")
        await type_line(pilot, "SET in1 y")
        assert keys.keys_shown == [b"in1"]
        assert app.screen.query_one(Console).prompt == "redislab[1]> "


def test_lab_clock_follows_real_time_and_jumps():
    c = LabClock()
    t0 = c.time_ms()
    c._last_real -= 2.0                   # pretend two real seconds went by
    c.catch_up()
    assert 2000 <= c.time_ms() - t0 < 3000
    c.jump(10)
    assert c.skipped == 10 and c.time_ms() - t0 >= 12000


def test_no_color_is_respected(monkeypatch, lab_engine):
    monkeypatch.setenv("NO_COLOR", "1")
    assert RedisLab(lab_engine, first_run=False).no_color


async def test_lines_typed_in_a_burst_stay_apart(make_app):
    """Keys queued faster than they are handled (a script, tmux, a paste) must not
    run one line's Enter after the next line's first characters."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_free_play(pilot)
        console = app.screen.query_one(Console)
        inp = console.query_one(CommandInput)
        for key in [*"SET a 1", "enter", *"GET a", "enter"]:
            name = {" ": "space"}.get(key, key)
            char = {"enter": "\r"}.get(key, key)
            inp.post_message(events.Key(name, char))
        await pilot.pause()
        await pilot.pause()
        assert console.transcript[-4:] == ["redislab> SET a 1", "OK", "redislab> GET a", '"1"']


async def test_pubsub_messages_reach_the_console(make_app, lab_engine):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_free_play(pilot)
        console = app.screen.query_one(Console)
        await type_line(pilot, "SUBSCRIBE news")
        assert console.transcript[-3:] == ['1) "subscribe"', '2) "news"', "3) (integer) 1"]
        assert lab_engine.run("PUBLISH", "news", "hello") == 1
        await pilot.pause()
        assert console.transcript[-3:] == ['1) "message"', '2) "news"', '3) "hello"']
