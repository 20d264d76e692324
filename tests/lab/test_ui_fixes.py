"""Small UI problems a colleague found, each checked as drawn: whole names in the
simulations list, the lesson header keeping its sandbox, wrapped quiz options
hanging under their text, Tab's candidates surviving a burst of keys, and the
console re-wrapping on a terminal resize."""
import re

from textual import events
from textual.widgets import OptionList, Static

from redislab.lab.screens.lesson import LessonScreen
from redislab.lab.screens.simulations import SimulationsScreen, short_blurb
from redislab.lab.syllabus import fit_title
from redislab.lab.widgets.console import CommandInput, Console
from redislab.lab.widgets.reflowlog import ReflowLog
from redislab.sim import all_scenarios

from .helpers import open_free_play, quiz_q4_buttons, screen_lines, type_line
from .test_newcomer import open_lesson


# ------------------------------------------------------------ simulations list
def test_short_blurb_keeps_the_comparison_whole():
    assert short_blurb("cache-aside vs read-through: hit ratio, DB load") == "cache-aside vs read-through"
    assert short_blurb("write-through vs write-behind (with a writer crash) vs invalidate-on-write") == \
        "write-through vs write-behind vs invalidate-on-write"
    assert short_blurb("No active user is logged out, within 2 min", first_clause=False) == \
        "No active user is logged out, within 2 min"


async def test_simulation_names_are_not_cut_off(make_app):
    for size in ((80, 24), (120, 36)):
        async with make_app().run_test(size=size) as pilot:
            await pilot.pause()
            await pilot.app.push_screen(SimulationsScreen(animate=False))
            await pilot.pause()
            lst = pilot.app.screen.query_one(OptionList)
            # the rows inside the border, without the scrollbar's blocks
            rows = [re.sub(r"[▁-█]", " ", line[1:-1]) for line in screen_lines(pilot.app, lst)[1:-1]]
            drawn = " ".join(" ".join(row.split()) for row in rows)
            assert "…" not in drawn
            # every scenario shown in the list (but the last, which the bottom edge may
            # cut) shows its name and its whole comparison
            shown = [sc for sc in all_scenarios().values() if sc.name + " " in drawn][:-1]
            for sc in shown:
                assert f"{sc.name} {short_blurb(sc.summary)}" in drawn, (size, sc.name)
            assert len(shown) >= (4 if size[1] == 24 else 7)


# ---------------------------------------------------------------- lesson title
def test_fit_title_drops_title_words_before_the_sandbox():
    subs = ("lesson · sandbox: database 7", "lesson · db 7")
    head = "7. Redis Stack: JSON, Search, TimeSeries, Bloom, and their core-type cousins"
    assert fit_title(head, subs, 140) == (head, subs[0])
    title, sub = fit_title(head, subs, 120)
    assert sub == subs[0] and title.endswith("…") and len(title) + 3 + len(sub) <= 120 - 18
    title, sub = fit_title(head, subs, 80)
    assert sub == subs[0] and title.startswith("7. Redis Stack") and len(title) + 3 + len(sub) <= 80 - 18
    assert fit_title(head, subs, 70) == ("7. Redis Stack", subs[0])       # never a lone word after ":"
    title, sub = fit_title("11. Redis, Memcached, DragonflyDB (and Valkey): choosing a cache server", subs, 80)
    assert sub == subs[1] and len(title) + 3 + len(sub) <= 80 - 18


async def test_lesson_header_keeps_its_sandbox_at_120_and_on_resize(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_lesson(pilot, "07-redis-stack")
        await pilot.pause()
        header = screen_lines(app)[0]
        assert re.search(r"— lesson · sandbox: database \d+\s*$", header), header
        assert "7. Redis Stack: JSON, Search" in header and "core-type…" in header
        await pilot.resize_terminal(80, 30)
        await pilot.pause()
        header = screen_lines(app)[0]
        assert re.search(r"7\. Redis Stack(: [^—]+…)? — lesson · sandbox: database \d+\s*$", header), header
        await pilot.resize_terminal(160, 36)
        await pilot.pause()
        assert screen.title == "7. Redis Stack: JSON, Search, TimeSeries, Bloom, and their core-type cousins"
        assert isinstance(app.screen, LessonScreen)


# ------------------------------------------------------------ quiz options
async def test_wrapped_quiz_options_hang_under_their_text(make_app):
    app = make_app()
    async with app.run_test(size=(80, 30)) as pilot:
        buttons = await quiz_q4_buttons(app, pilot)
        longest = max(buttons, key=lambda b: len(b.label.plain))
        assert longest.size.height >= 2
        rows = screen_lines(app, longest)
        key = re.match(r"[a-z]\) ", longest.label.plain).group(0)
        first = rows[0]
        text_col = first.index(key) + len(key)                  # where the option's text starts
        for row in rows[1:]:
            if row.strip():
                assert len(row) - len(row.lstrip(" ")) == text_col, rows    # hangs under it
        words = " ".join(" ".join(r[text_col:].split()) for r in rows)
        assert words.startswith(" ".join(longest.label.plain[len(key):].split()))   # nothing lost


# ------------------------------------------------------------ console Tab burst
async def test_tab_candidates_survive_a_burst_of_keys(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_free_play(pilot)
        console = app.screen.query_one(Console)
        inp = console.query_one(CommandInput)
        hint = console.query_one(".hint", Static)

        def burst(*keys):
            for k in keys:
                inp.post_message(events.Key(k, None if k == "tab" else k))

        # Tab that only lists (HINCRBY is a prefix of HINCRBYFLOAT)
        burst(*"HINCRBY", "tab")
        await pilot.pause()
        await pilot.pause()
        assert inp.value == "HINCRBY"
        assert str(hint.render()).split() == ["HINCRBY", "HINCRBYFLOAT"]
        # Tab that lists and extends nothing further, after a cleared line
        inp.value = ""
        await pilot.pause()
        burst("H", "S", "tab")
        await pilot.pause()
        await pilot.pause()
        assert "HSET" in str(hint.render()).split() and inp.value == "HS"
        # typing on takes the list away again
        burst("E", "T")
        await pilot.pause()
        await pilot.pause()
        assert "HSET" not in str(hint.render()).split() and "key" in str(hint.render())


# ------------------------------------------------------------ console re-wrap
async def test_console_rewraps_on_resize(make_app):
    value = "this is a fairly long value that will certainly wrap in a narrow console pane"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_free_play(pilot)
        console = app.screen.query_one(Console)
        log = console.query_one(ReflowLog)
        await type_line(pilot, f'SET greeting "{value}"')
        await type_line(pilot, "GET greeting")
        narrow = [s.text.rstrip() for s in log.lines]
        assert f'"{value}"' not in narrow                        # wrapped at 80 columns
        await pilot.resize_terminal(160, 30)
        await pilot.pause(0.2)
        await pilot.pause()
        wide = [s.text.rstrip() for s in log.lines]
        assert f'"{value}"' in wide and len(wide) < len(narrow)
        assert sum("Connected to" in line for line in wide) == 1  # nothing written twice
        assert log.scroll_y == log.max_scroll_y                   # still at the end
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.2)
        await pilot.pause()
        assert [s.text.rstrip() for s in log.lines] == narrow     # the same as first drawn
        # and new lines still arrive below the re-wrapped ones
        await type_line(pilot, "PING")
        assert [s.text.rstrip() for s in log.lines][-2:] == ["redislab> PING", "PONG"]
