"""Code-lab results are progress: a pass typed in the editor is saved, marked ✓ in
the F6 list and the title, and counted on home's "Code labs" row."""
from textual.widgets import DataTable, OptionList, TextArea

from redislab.curriculum.codelab import lab_ids
from redislab.lab.screens.codelab import CodeLabScreen
from redislab.lab.screens.codelab_list import CodeLabListScreen
from redislab.lab.screens.home import HomeScreen
from redislab.progress import Progress

# pubsub-subscriber's starting program loops on listen(); the fix is one line.
FIXED_LINE = "while (message := pubsub.get_message(timeout=0)) is not None:"


def _status(app, row: str) -> str:
    table = app.screen.query_one(DataTable)
    return table.get_cell(row, "status").plain


async def _run(pilot):
    await pilot.press("ctrl+r")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_passing_a_code_lab_is_saved_marked_and_counted(make_app, lab_home):
    total = len(lab_ids())
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert _status(app, "codelabs") == "—"                    # nothing run yet
        await pilot.press("l")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CodeLabScreen)
        # F6 lists the labs; pick pubsub-subscriber with the keyboard
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, CodeLabListScreen)
        assert set(app.screen.marks().values()) == {" "}
        lst = app.screen.query_one(OptionList)
        while lst.get_option_at_index(lst.highlighted).id != "pubsub-subscriber":
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.lab.id == "pubsub-subscriber"
        editor = screen.query_one(TextArea)
        assert app.focused is editor
        await _run(pilot)                                          # the start fails: one try
        assert not screen.last.passed
        # Fix line 3 as a learner would: go there, select the loop header, type over it.
        await pilot.press("ctrl+home", "down", "down", "home", "shift+end")
        await pilot.press(*FIXED_LINE)
        assert editor.text.splitlines()[2] == "    " + FIXED_LINE
        await _run(pilot)
        assert screen.last.passed, screen.last.reason
        assert screen.title.startswith("✓ 6.1")
        # saved at once, with both runs
        rec = Progress.load().codelabs["pubsub-subscriber"]
        assert rec["passed"] is True and rec["attempts"] == 2
        # the list marks it
        await pilot.press("f6")
        await pilot.pause()
        marks = app.screen.marks()
        assert marks["pubsub-subscriber"] == "✓" and list(marks.values()).count("✓") == 1
        assert f"1/{total} passed" in str(app.screen.query_one("#cll-head").render())
        label = app.screen.query_one(OptionList).get_option("pubsub-subscriber").prompt
        assert label.plain.startswith("✓ 6.1") and label.plain.endswith("2 runs")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and app.focused is editor
        # home counts it
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert _status(app, "codelabs") == f"1/{total} passed"
    # A new session (a new app) still knows: the list and the title read the file.
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert _status(app, "codelabs") == f"1/{total} passed"
        app.open_codelab("pubsub-subscriber")
        await pilot.pause()
        assert app.screen.title.startswith("✓ 6.1")
        await pilot.press("f9")                      # passed before: the solution may be shown
        assert "Reference solution" in str(app.screen.query_one("#cl-output").render())


async def test_a_damaged_progress_file_is_set_aside_with_a_warning(make_app, lab_home):
    from redislab.curriculum.codelab import load_codelabs

    damaged = '{"version": 1, "codelabs": []}'
    lab = next(x for x in load_codelabs()[0] if x.id == "leaderboard")
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        lab_home.mkdir(parents=True, exist_ok=True)
        (lab_home / "progress.json").write_text(damaged)      # damaged while the lab runs
        app.open_codelab("leaderboard")
        await pilot.pause()
        warnings = [n.message for n in app._notifications]
        assert any("damaged" in w and ".bak" in w for w in warnings), warnings
        app.screen.query_one(TextArea).load_text(lab.solution)
        await _run(pilot)
        assert app.screen.last.passed
    baks = [p for p in lab_home.iterdir() if p.name.endswith(".bak")]
    assert len(baks) == 1 and baks[0].read_text() == damaged              # nothing lost
    assert Progress.load().codelab_passed("leaderboard")                  # and the pass saved
