"""Home screen, help screen, command palette entries."""
from textual.widgets import DataTable

from redislab.lab import syllabus
from redislab.lab.screens.help import HelpScreen, binding_rows
from redislab.lab.screens.home import HomeScreen
from redislab.lab.screens.playground import PlaygroundScreen


def test_syllabus_covers_the_guide():
    nums = [e.number for e in syllabus.SECTIONS]
    assert nums == [str(i) for i in range(1, 15)]
    assert syllabus.entries()[0] is syllabus.FREE_PLAY
    assert all(e.blurb and e.intro for e in syllabus.entries())


async def test_home_lists_curriculum_and_opens_a_section(make_app):
    app = make_app(first_run=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 15
        assert str(table.get_row_at(1)[2]) == "not started"
        assert app.screen.query_one("#how").display
        await pilot.press("h")
        assert not app.screen.query_one("#how").display
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlaygroundScreen)
        assert app.screen.entry.id == "core-types"
        assert app.screen.title.startswith("2.")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_f1_lists_every_binding(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = {k for _, k, _ in binding_rows(app)}
        assert {"f1", "f5", "f6", "ctrl+q", "ctrl+t", "tab", "up", "escape"} <= keys
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_dark_toggle_and_quit(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        before = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != before
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code in (0, None)
