"""The simulations screen: same numbers as `redislab simulate --json`, challenges
graded with their numbers, keyboard-only use, and one SVG snapshot."""
import json
import subprocess
import sys

from textual.widgets import DataTable, Input, OptionList, Select, Static

from redislab.lab.screens.simulations import SimulationsScreen, comparison
from redislab.lab.widgets.charts import ChartGrid, block_plot, fmt, resample
from redislab.lab.widgets.simparams import ParamForm
from redislab.sim import all_scenarios
from redislab.sim.challenges import grade


def cli_json(*args) -> dict:
    out = subprocess.run([sys.executable, "-m", "redislab", "simulate", *args, "--json"],
                         capture_output=True, text=True, check=False)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)


async def open_sims(pilot, **kw) -> SimulationsScreen:
    await pilot.pause()
    await pilot.app.push_screen(SimulationsScreen(animate=False, **kw))
    await pilot.pause()
    return pilot.app.screen


async def set_field(pilot, screen, name: str, text: str) -> None:
    """Focus a form field and retype it, keys only."""
    field = next(w for w in screen.query(Input).results() if w.name == name or w.id == name)
    field.focus()
    await pilot.pause()
    await pilot.press("end", *["backspace"] * len(field.value), *text)
    await pilot.pause()
    assert field.value == text


async def run_and_wait(pilot) -> None:
    await pilot.press("ctrl+r")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def table_cells(screen) -> dict:
    table = screen.query_one("#sim-table", DataTable)
    out = {}
    for row_key in table.rows:
        for col_key in table.columns:
            if col_key.value != "metric":
                cell = table.get_cell(row_key, col_key)
                out[(row_key.value, col_key.value)] = str(getattr(cell, "plain", cell))
    return out


async def test_home_s_opens_simulations(make_app):
    async with make_app().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(pilot.app.screen, SimulationsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, SimulationsScreen)


async def test_thundering_herd_numbers_match_cli(make_app):
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_sims(pilot)
        # Pick the scenario with the keyboard from the list.
        screen.query_one(OptionList).focus()
        while screen.current != "s:thundering-herd":
            await pilot.press("down")
            await pilot.pause()
        assert "hot_keys" in [f.name for f in screen.form.fields]
        await set_field(pilot, screen, "hot_keys", "12")
        await set_field(pilot, screen, "sim-seed", "3")
        await run_and_wait(pilot)

        expected = cli_json("thundering-herd", "-p", "hot_keys=12", "--seed", "3")
        assert screen.result == expected            # the very same run
        cells = table_cells(screen)
        for strategy, metrics in expected["results"].items():
            for metric, value in metrics.items():
                if not isinstance(value, list):
                    assert cells[(metric, strategy)] == fmt(value), (metric, strategy)
        # Each chart's headline is the scenario's focus metric, as the CLI has it.
        grid = screen.query_one(ChartGrid)
        assert list(grid.charts) == ["naive", "lock", "jitter", "xfetch"]
        for name, chart in grid.charts.items():
            want = expected["results"][name]["db_queries_in_window"]
            assert chart.border_subtitle == f"db_queries_in_window {want}"
            assert chart.series == expected["results"][name]["db_qps"]
        explain = str(screen.query_one("#sim-explain", Static).render())
        assert comparison(all_scenarios()["thundering-herd"], expected["results"]) in explain
        assert "issued" in explain and " vs " in explain
        cmd = str(screen.query_one("#sim-command", Static).render())
        assert cmd == "$ redislab simulate thundering-herd -p hot_keys=12 --seed 3"


async def test_preselected_and_strategy_subset(make_app):
    async with make_app().run_test(size=(120, 36)) as pilot:
        screen = await open_sims(pilot, scenario="rate-limit")
        assert screen.current == "s:rate-limit"
        assert screen.query_one(OptionList).highlighted_option.id == "s:rate-limit"
        # Untick fixed-window with the keyboard: F3 focuses the first checkbox.
        await pilot.press("f3", "enter")
        await pilot.pause()
        await run_and_wait(pilot)
        expected = cli_json("rate-limit", "-p", "strategies=sliding-log,token-bucket")
        assert screen.result == expected
        assert list(screen.query_one(ChartGrid).charts) == ["sliding-log", "token-bucket"]


async def test_invalid_parameter_is_refused(make_app):
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_sims(pilot, scenario="rate-limit")
        await set_field(pilot, screen, "limit", "-5")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert screen.result is None
        assert "limit" in str(screen.query_one("#sim-status", Static).render())


async def test_challenge_pass(make_app):
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_sims(pilot, challenge="fence-the-pause")
        assert isinstance(screen.form, ParamForm) and screen.form.single
        pick = screen.query_one("#strategy-pick", Select)
        pick.value = "single+fencing"
        await pilot.pause()
        await run_and_wait(pilot)
        g = screen.graded
        assert g == grade("fence-the-pause", {"strategies": "single+fencing"}, 1)
        assert g["passed"]
        text = str(screen.query_one("#sim-grade", Static).render())
        assert "✔ pass" in text and "stale_writes_accepted == 0" in text and "PASSED" in text


async def test_challenge_fail_shows_numbers_and_hint(make_app):
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_sims(pilot, challenge="calm-the-herd")
        # Keep the default strategy (naive), narrow the jitter: the herd is not calmed.
        await set_field(pilot, screen, "jitter", "0")
        await run_and_wait(pilot)
        g = screen.graded
        assert g == grade("calm-the-herd", {"strategies": "naive", "jitter": "0"}, 1)
        assert not g["passed"]
        text = str(screen.query_one("#sim-grade", Static).render())
        peak = next(c for c in g["checks"] if c["goal"].startswith("db_qps_peak"))
        assert "✘ FAIL" in text and f"got {fmt(peak['value'])}" in text
        assert "Hint:" in text


async def test_challenge_bounds_refused(make_app):
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_sims(pilot, challenge="calm-the-herd")
        await set_field(pilot, screen, "jitter", "99")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert screen.graded is None
        assert "jitter" in str(screen.query_one("#sim-status", Static).render())


def test_block_plot_shapes():
    assert resample([1, 5, 2, 0], 2) == [5, 2]          # a spike survives shrinking
    assert resample([1, 2], 4) == [1, 1, 2, 2]
    rows = block_plot([0, 4, 8], 3, 1, 8)
    assert rows == [" ▄█"]
    assert block_plot([1], 1, 2, 100) == [" ", "▁"]    # small but not zero stays visible


def test_snapshot_rate_limit_120x36(snap_compare, make_app):
    async def run_before(pilot):
        await open_sims(pilot, scenario="rate-limit")
        await run_and_wait(pilot)
        pilot.app.screen.query_one("#sim-charts").scroll_visible(animate=False, top=True)
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=run_before)


async def test_charts_animate_then_settle(make_app, monkeypatch):
    monkeypatch.setattr(ChartGrid, "ANIMATE_S", 0.2)
    async with make_app().run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.app.push_screen(SimulationsScreen(scenario="lock"))
        await pilot.pause()
        screen = pilot.app.screen
        await run_and_wait(pilot)
        charts = screen.query_one(ChartGrid).charts
        assert len(charts) == 4
        await pilot.pause(0.5)
        assert all(c.reveal == 1.0 for c in charts.values())
        # The lock story is told as the first strategy's timeline.
        explain = str(screen.query_one("#sim-explain", Static).render())
        assert "timeline (single)" in explain and "B acquired the lock" in explain


async def test_at_80_columns_a_finished_run_folds_the_list_to_show_every_strategy(make_app):
    async with make_app().run_test(size=(80, 24)) as pilot:
        screen = await open_sims(pilot, scenario="write-patterns")
        await run_and_wait(pilot)
        lst = screen.query_one(OptionList)
        assert not lst.display
        assert "F2 shows it" in str(screen.query_one("#sim-status", Static).render())
        table = screen.query_one("#sim-table", DataTable)
        await pilot.pause()
        # metric + three strategies, side by side within the pane (no sideways scroll).
        assert len(table.columns) == 4 and table.virtual_size.width <= table.size.width
        await pilot.press("f2")
        await pilot.pause()
        assert lst.display and lst.has_focus


async def test_at_120_columns_the_list_stays(make_app):
    async with make_app().run_test(size=(120, 36)) as pilot:
        screen = await open_sims(pilot, scenario="write-patterns")
        await run_and_wait(pilot)
        assert screen.query_one(OptionList).display
