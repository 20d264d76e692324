"""The code-lab screen: edit the program in the TextArea, run it, read the checks."""
from textual.widgets import Static, TextArea

from redislab.curriculum.codelab import load_codelabs
from redislab.lab.screens.codelab import CodeLabScreen

LABS = {lab.id: lab for lab in load_codelabs()[0]}


def _text(screen, wid: str) -> str:
    return str(screen.query_one(wid, Static).render())


async def _run(pilot):
    await pilot.press("ctrl+r")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def _open(pilot, lab_id: str):
    await pilot.pause()
    pilot.app.open_codelab(lab_id)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CodeLabScreen) and screen.lab.id == lab_id
    return screen


async def test_edit_run_and_see_the_checks(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, "cache-aside")
        editor = screen.query_one(TextArea)
        assert editor.text == LABS["cache-aside"].start
        await _run(pilot)                                  # the starting program fails
        assert not screen.last.passed
        assert "made 1 database query, expected 0" in _text(screen, "#cl-checks")
        assert "Not yet" in _text(screen, "#cl-status")
        # edit: replace the program with the reference plus a print, typed through the editor
        editor.focus()
        editor.select_all()
        editor.replace("", editor.selection.start, editor.selection.end)
        editor.insert(LABS["cache-aside"].solution + "print('hello from the lab')\n")
        await pilot.press("end")
        await _run(pilot)
        assert screen.last.passed, screen.last.reason
        assert "All checks pass" in _text(screen, "#cl-status")
        assert "✔" in _text(screen, "#cl-checks") and "✘" not in _text(screen, "#cl-checks")
        assert "hello from the lab" in _text(screen, "#cl-output")


async def test_typed_keys_reach_the_editor(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, "leaderboard")
        editor = screen.query_one(TextArea)
        editor.load_text("")
        editor.focus()
        await pilot.press(*"print(6*7)")
        assert editor.text == "print(6*7)"
        await _run(pilot)
        assert "42" in _text(screen, "#cl-output")


async def test_broken_programs_leave_the_app_running(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, "cache-aside")
        editor = screen.query_one(TextArea)
        editor.load_text("def get_user(:\n")
        await _run(pilot)
        assert "SyntaxError on line 1" in _text(screen, "#cl-checks")
        editor.load_text("def get_user(user_id):\n    return {}['x']\n")
        await _run(pilot)
        assert "line 2, in get_user" in _text(screen, "#cl-checks")
        # an endless loop is stopped by the lab's time budget (shortened here)
        screen.labs[screen.index].timeout = 0.5
        editor.load_text("while True:\n    pass\n")
        await _run(pilot)
        assert "Stopped: it ran longer than 0.5 s" in _text(screen, "#cl-checks")
        assert app.is_running and isinstance(app.screen, CodeLabScreen)


async def test_switch_labs_keeps_drafts_and_hints_and_solution(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, "cache-aside")
        editor = screen.query_one(TextArea)
        editor.load_text("# my draft\n")
        await pilot.press("f4")
        assert screen.lab.id != "cache-aside"
        await pilot.press("f3")
        assert screen.lab.id == "cache-aside" and editor.text == "# my draft\n"
        await pilot.press("f2")
        assert "Hints" in _text(screen, "#cl-output")
        await pilot.press("f9")                             # too early: no solution yet
        assert "Reference solution" not in _text(screen, "#cl-output")
        for _ in range(3):
            await _run(pilot)
        await pilot.press("f9")
        assert "Reference solution" in _text(screen, "#cl-output")
        await pilot.press("f8")                             # once: asks first
        assert editor.text == "# my draft\n" and "F8 again" in _text(screen, "#cl-status")
        await pilot.press("f8")
        assert editor.text == LABS["cache-aside"].start


async def test_installed_under_the_name_codelab(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen("codelab")
        await pilot.pause()
        assert isinstance(app.screen, CodeLabScreen) and len(app.screen.labs) >= 12
        await pilot.press("escape")       # the editor lets go of focus first
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CodeLabScreen)
