"""Home screen, help screen, command palette entries."""
from textual.widgets import DataTable

from redislab.lab import syllabus
from redislab.lab.screens.help import HelpScreen, binding_rows
from redislab.lab.screens.home import HomeScreen


def test_syllabus_lists_the_lessons_in_guide_order():
    es = syllabus.entries()
    assert es[0] is syllabus.FREE_PLAY
    lessons = [e for e in es if e.kind == syllabus.LESSON]
    majors = [int(e.number.split(".")[0]) for e in lessons]
    assert majors == sorted(majors) and set(range(1, 13)) <= set(majors)
    assert [e.kind for e in es[len(lessons) + 1:len(lessons) + 3]] == [syllabus.INTERVIEW, syllabus.QUIZ]
    assert all(e.blurb for e in es)


async def test_home_lists_curriculum_and_opens_a_section(make_app):
    from redislab.lab.screens.lesson import LessonScreen

    app = make_app(first_run=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == len(syllabus.entries())
        assert str(table.get_row_at(1)[2]).startswith("not started")
        assert app.screen.query_one("#how").display
        await pilot.press("h")
        assert not app.screen.query_one("#how").display
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)
        assert app.screen.lesson.id == "02-1-strings"
        assert app.screen.title.startswith("2.1")
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
