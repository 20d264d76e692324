"""SVG snapshots of the home screen and the playground at 80x24 and 120x36.

Regenerate after an intended visual change with
``python -m pytest tests/lab/test_snapshots.py --snapshot-update`` and review the SVGs.
"""
from redislab.lab.widgets.console import CommandInput

COMMANDS = ["SET user:1:name Alice EX 30", "RPUSH q a b c", "ZADD board 10 ann 20 bob 5 cy",
            "HSET user:1 name Alice age 30", "INCR visits", "GET user:1:name"]


async def _play(pilot, entry_keys):
    await pilot.pause()
    await pilot.press(*entry_keys)
    await pilot.pause()
    inp = pilot.app.screen.query_one(CommandInput)
    for line in COMMANDS:
        inp.value = line
        await pilot.press("enter")
    await pilot.pause()


def test_home_80x24(snap_compare, make_app):
    assert snap_compare(make_app(first_run=True), terminal_size=(80, 24))


def test_playground_80x24(snap_compare, make_app):
    async def run_before(pilot):
        await _play(pilot, ["p"])

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_playground_section_120x36(snap_compare, make_app):
    async def run_before(pilot):
        await _play(pilot, ["down", "down", "down", "enter"])
        await pilot.press("f5")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=run_before)
