"""Pilot helpers shared by the lab tests."""


async def type_line(pilot, line: str, enter: bool = True) -> None:
    """Type ``line`` key by key into the focused input, then Enter."""
    await pilot.press(*["space" if c == " " else c for c in line])
    if enter:
        await pilot.press("enter")
    await pilot.pause()


async def open_free_play(pilot) -> None:
    await pilot.pause()
    await pilot.press("p")
    await pilot.pause()


def screen_lines(app, widget=None) -> list[str]:
    """The screen as drawn, one string per row; only ``widget``'s rectangle if given."""
    strips = app.screen._compositor.render_strips()
    lines = [s.text for s in strips]
    if widget is None:
        return lines
    r = widget.region
    return [line[r.x: r.x + r.width] for line in lines[r.y: r.y + r.height]]


async def quiz_q4_buttons(app, pilot) -> list:
    """Open quiz question 4 (long answer options) as a choice question; its options."""
    from redislab.lab.screens.quiz import QuizScreen
    from redislab.lab.widgets.question import WrapRadioButton

    await pilot.pause()
    app.push_screen(QuizScreen("quiz", mode="practice", ids=["quiz-q4"], mechanic="choice"))
    await pilot.pause()
    await pilot.pause()
    return list(app.screen.query(WrapRadioButton))
