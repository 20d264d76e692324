"""The simulations screen: run `redislab simulate` scenarios and challenges in the lab.

Left, the scenarios (each with its one-line summary) and the graded challenges.
Right, a parameter form generated from what the chosen scenario declares, a seed,
and, after a run, one chart per strategy, what the numbers show, and the full
metrics table. Nothing here re-implements a scenario: runs go through the same
``Scenario.resolve``/``run``/``notes`` calls as ``Scenario.execute`` (and so the
same numbers as ``redislab simulate --json``), and challenges through ``grade``.

A run happens in a thread worker, one strategy at a time, and each strategy's
chart appears as soon as its run finishes; the sim core computes a strategy's
series in one go, so the chart then draws it left to right over about a second
rather than pretending to stream it.
"""
from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Collapsible, DataTable, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ...sim import all_scenarios
from ...sim.challenges import CHALLENGES, grade
from ...sim.metrics import TABLE_SKIP
from ..widgets.charts import ChartGrid, fmt
from ..widgets.simparams import ParamForm, fields_for_challenge, fields_for_scenario

# The number each scenario is about (what its docs say to "look at"), how to say
# it, and whether less is better. Used for the chart headline, the green "best"
# border, and the generated comparison line.
FOCUS = {
    "thundering-herd": ("db_queries_in_window", "{s} issued {v} DB queries in the spike", True),
    "read-patterns": ("db_queries", "{s} sent {v} DB queries", True),
    "write-patterns": ("lost_writes", "{s} lost {v} acknowledged writes", True),
    "invalidation": ("stale_reads", "{s} served {v} stale reads", True),
    "rate-limit": ("max_in_window", "{s} allowed {v} requests in one window", True),
    "lock": ("stale_writes_accepted", "{s} let {v} stale writes reach storage", True),
    "session-store": ("ttl_logouts", "{s} logged out {v} active users", True),
}

_CODE = re.compile(r"``([^`]*)``")


def focus_of(scenario, result: dict) -> tuple[str, str, bool]:
    """(metric, sentence template, lower is better) for a scenario's result."""
    if scenario.name in FOCUS:
        return FOCUS[scenario.name]
    first = next(iter(result.values()), {})
    # eviction names its columns after the run (zipf@10%, ...): the first is the
    # smallest cache on the first workload, where the policies differ most.
    sized = [k for k in first if "@" in k]
    if sized:
        return sized[0], "{s} hit {v} at " + sized[0], False
    metric = scenario.columns[0] if scenario.columns else next(iter(first), "")
    return metric, "{s}: " + metric + " {v}", True


def comparison(scenario, results: dict) -> str:
    """'lock issued 20 DB queries in the spike vs naive 233': best against worst."""
    metric, template, lower = focus_of(scenario, results)
    vals = {s: r.get(metric) for s, r in results.items() if isinstance(r.get(metric), (int, float))}
    if not vals:
        return ""
    order = sorted(vals, key=lambda s: vals[s], reverse=not lower)
    best = order[0]
    # Among tied worst strategies name the first listed (usually the plain one).
    worst = next(s for s in vals if vals[s] == vals[order[-1]])
    line = template.format(s=best, v=fmt(vals[best]))
    if len(vals) == 1:
        return line
    if vals[best] == vals[worst]:
        return template.format(s="every strategy", v=fmt(vals[best]))
    return f"{line} vs {worst} {fmt(vals[worst])}"


def look_at(scenario) -> str:
    """The doc paragraph that says what to read (``Read ...``), else its first one."""
    paras = [p.strip() for p in (scenario.doc or "").split("\n\n") if p.strip()]
    body = paras[1:] or paras
    pick = next((p for p in body if p.startswith("Read ")), body[0] if body else scenario.summary)
    return " ".join(_CODE.sub(r"\1", pick).split())


def series_of(result: dict) -> tuple[list | None, str, str]:
    """The series a strategy's chart draws, what it is, and its x unit."""
    if isinstance(result.get("db_qps"), list):
        return result["db_qps"], "DB queries per second over the run (one scale for all)", "s"
    sized = [k for k in result if "@" in k]
    if sized:
        return [result[k] for k in sized], "hit ratio per cache size: " + ", ".join(sized), ""
    return None, "", ""


_ASIDE = re.compile(r"\s*\([^)]*\)")


def short_blurb(summary: str, first_clause: bool = True) -> str:
    """What a list item says under its name: the summary up to its colon (and, for a
    scenario, its first clause), asides in brackets dropped. ``write-through vs
    write-behind (with a writer crash) vs invalidate-on-write`` -> ``write-through vs
    write-behind vs invalidate-on-write``. A challenge keeps its whole goal."""
    head = _ASIDE.sub("", summary).split(":")[0]
    if first_clause:
        head = head.split(", ")[0]
    return " ".join(head.split()).rstrip(".")


def table_metrics(scenario, results: dict) -> list[str]:
    """Rows in the CLI table's order: the scenario's columns, then the rest."""
    keys = [c for c in scenario.columns if any(c in r for r in results.values())]
    for r in results.values():
        keys += [k for k in r if k not in keys and k not in TABLE_SKIP]
    return keys


NARROW = 110      # screen columns under which a finished run folds the scenario list away


class SimulationsScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Leave the simulations"),
        # Not a priority binding: those jump the key queue, so an arrow key typed just
        # before would be handled after the run started, on the wrong scenario.
        Binding("ctrl+r", "run", "Run", tooltip="Run the scenario or grade the challenge"),
        Binding("f2", "focus_list", "Scenarios", tooltip="Focus the scenario and challenge list"),
        Binding("f3", "focus_form", "Parameters", tooltip="Focus the first parameter"),
        Binding("f4", "focus_results", "Results", show=False, tooltip="Focus the results table"),
    ]

    DEFAULT_CSS = """
    #sim-body { height: 1fr; }
    #sim-list { width: 30; min-width: 22; height: 1fr; border: round $panel-lighten-2; }
    #sim-list:focus { border: round $accent; }
    #sim-main { width: 1fr; height: 1fr; padding: 0 1; }
    #sim-title { height: auto; text-style: bold; }
    #sim-summary { height: auto; color: $text-muted; }
    #sim-about { height: auto; margin: 0; padding: 0; }
    #sim-form { height: auto; }
    #sim-about Contents { padding: 0 0 0 1; }
    #sim-run-row { height: auto; margin: 1 0 0 0; }
    #sim-run-row > Label { width: 16; }
    #sim-seed { width: 10; }
    #sim-run { min-width: 10; margin: 0 0 0 2; }
    #sim-status { height: auto; color: $text-muted; }
    #sim-command { height: auto; color: $text-muted; }
    #sim-charts { margin: 1 0 0 0; }
    #sim-explain { height: auto; margin: 1 0 0 0; }
    #sim-grade { height: auto; margin: 1 0 0 0; }
    #sim-table { height: auto; max-height: 20; margin: 1 0 0 0; }
    """

    def __init__(self, scenario: str | None = None, challenge: str | None = None, *,
                 seed: int = 1, animate: bool = True, **kw):
        super().__init__(**kw)
        self.scenarios = all_scenarios()
        start = f"c:{challenge}" if challenge in CHALLENGES else f"s:{scenario or next(iter(self.scenarios))}"
        if start.startswith("s:") and start[2:] not in self.scenarios:
            start = f"s:{next(iter(self.scenarios))}"
        self.start = start
        self.seed = seed
        self.animate = animate
        self.current: str | None = None     # "s:<scenario>" or "c:<challenge>"
        self.form: ParamForm | None = None
        self.result: dict | None = None     # last scenario run, same shape as --json
        self.graded: dict | None = None     # last challenge grade
        self._run_id = 0

    # ------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="sim-body"):
            options: list = []
            for sc in self.scenarios.values():
                options.append(Option(self._item(sc.name, sc.summary), id=f"s:{sc.name}"))
            options.append(None)    # separator between scenarios and challenges
            for ch in CHALLENGES.values():
                options.append(Option(self._item(f"★ {ch.id}", ch.title, first_clause=False), id=f"c:{ch.id}"))
            lst = OptionList(*options, id="sim-list")
            lst.border_title = "scenarios · challenges"
            yield lst
            with VerticalScroll(id="sim-main"):
                yield Static(id="sim-title")
                yield Static(id="sim-summary")
                with Collapsible(title="about this scenario", collapsed=True, id="sim-about"):
                    yield Static(id="sim-doc")
                yield Vertical(id="sim-form")
                with Horizontal(id="sim-run-row"):
                    yield Label("seed")
                    yield Input(str(self.seed), type="integer", compact=True, id="sim-seed",
                                tooltip="same seed, same numbers")
                    yield Button("Run ▶", id="sim-run", variant="primary", compact=True)
                yield Static("ctrl+r runs", id="sim-status")
                yield Static(id="sim-command")
                yield ChartGrid(animate=self.animate, id="sim-charts")
                yield Static(id="sim-explain")
                yield Static(id="sim-grade")
                yield DataTable(id="sim-table", zebra_stripes=True, cursor_type="row")
        yield Footer()

    @staticmethod
    def _item(name: str, blurb: str, first_clause: bool = True) -> Text:
        # The name, and under it what it compares, whole: the option wraps in the
        # list's width (a hand cut at 23 characters left "cache-aside vs read-th…").
        # The full summary is shown on the right once the item is highlighted.
        return Text.assemble((name, "bold"), "\n", (short_blurb(blurb, first_clause), "dim"))

    async def on_mount(self) -> None:
        self.title = "simulations"
        self.sub_title = "patterns side by side, same workload, same seed"
        self.query_one("#sim-table").display = False
        lst = self.query_one(OptionList)
        lst.highlighted = lst.get_option_index(self.start)
        await self.choose(self.start)
        lst.focus()

    # --------------------------------------------------------- selection
    async def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        await self.choose(event.option.id)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        await self.choose(event.option.id)
        self.action_focus_form()

    async def choose(self, key: str) -> None:
        """Show ``s:<scenario>`` or ``c:<challenge>``: its text and a fresh form."""
        if key == self.current or key is None:
            return
        self.current = key
        kind, name = key.split(":", 1)
        if kind == "c":
            ch = CHALLENGES[name]
            sc = self.scenarios[ch.scenario]
            title = f"★ challenge {ch.id}  [{sc.name}]"
            summary = f"{ch.title}. Goals: " + ", ".join(str(g) for g in ch.goals)
            form = ParamForm(fields_for_challenge(ch, sc), ch.strategies, single=True, fixed=ch.fixed)
        else:
            sc = self.scenarios[name]
            title, summary = sc.name, sc.summary
            form = ParamForm(fields_for_scenario(sc), sc.strategies)
        self.query_one("#sim-title", Static).update(title)
        self.query_one("#sim-summary", Static).update(summary)
        doc = [" ".join(_CODE.sub(r"\1", p).split()) for p in (sc.doc or sc.summary).split("\n\n")]
        self.query_one("#sim-doc", Static).update("\n\n".join(p for p in doc if p))
        holder = self.query_one("#sim-form")
        await holder.remove_children()
        await holder.mount(form)
        self.form = form
        self._run_id += 1           # results of a run still in flight no longer apply
        await self._clear_results()
        self._status("ctrl+r runs" if kind == "s" else "ctrl+r grades")

    async def _clear_results(self) -> None:
        self.result = self.graded = None
        await self.query_one(ChartGrid).reset()
        for wid in ("#sim-command", "#sim-explain", "#sim-grade"):
            self.query_one(wid, Static).update("")
        # Empty panels would still take their margins: hide them until there is a result.
        for wid in ("#sim-explain", "#sim-grade", "#sim-charts"):
            self.query_one(wid).display = False
        table = self.query_one("#sim-table", DataTable)
        table.clear(columns=True)
        table.display = False

    def _status(self, text: str, error: bool = False) -> None:
        self.query_one("#sim-status", Static).update(Text(text, style="bold red" if error else ""))

    # --------------------------------------------------------------- run
    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_run()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "sim-run":
            event.stop()
            await self.action_run()

    async def action_run(self) -> None:
        # A ctrl+r typed right after an arrow key can overtake the highlight message:
        # run what the list shows, not what the form showed a moment ago.
        lst = self.query_one(OptionList)
        if lst.highlighted is not None:
            await self.choose(lst.get_option_at_index(lst.highlighted).id)
        if self.form is None or self.current is None:
            return
        try:
            values = self.form.values()
            changed = self.form.changed()
        except ValueError as e:
            self._status(str(e), error=True)
            return
        try:
            seed = int(self.query_one("#sim-seed", Input).value)
        except ValueError:
            self._status("seed: a whole number", error=True)
            return
        kind, name = self.current.split(":", 1)
        self._run_id += 1
        run_id = self._run_id
        opts = " ".join(f"-p {k}={v}" for k, v in changed.items())
        if kind == "c":
            ch = CHALLENGES[name]
            cmd = f"$ redislab simulate {ch.scenario} --challenge {ch.id} {opts} --seed {seed}"
            # Only what the learner changed, as the shown command line passes it:
            # grade() reports exactly those params, like the CLI does.
            job = (self._grade_job, run_id, name, changed, seed)
        else:
            sc = self.scenarios[name]
            try:
                params = sc.resolve(values)
            except ValueError as e:
                self._status(str(e), error=True)
                return
            cmd = f"$ redislab simulate {name} {opts} --seed {seed}".replace("  ", " ")
            job = (self._sim_job, run_id, sc, params, seed)
        await self._clear_results()
        self.query_one("#sim-command", Static).update(" ".join(cmd.split()))
        self._status("running…")
        self._start(*job)

    def _start(self, job, *args) -> None:
        # exclusive: a new run cancels the previous one (the thread stops at its
        # next strategy); run ids make any late callback from it a no-op.
        self.run_worker(lambda: job(*args), name="simulation", group="simulation",
                        thread=True, exclusive=True, exit_on_error=False)

    # These two run in the worker thread and talk to the UI only via call_from_thread.
    def _sim_job(self, run_id: int, sc, params: dict, seed: int) -> None:
        worker = get_current_worker()
        results: dict = {}
        names = params["strategies"].split(",")
        try:
            for i, strategy in enumerate(names, 1):
                if worker.is_cancelled:
                    return
                self.app.call_from_thread(self._progress, run_id, f"running {strategy} ({i}/{len(names)})…")
                results[strategy] = sc.run(params, seed, strategy)
                self.app.call_from_thread(self._strategy_done, run_id, sc, dict(results), len(names))
            result = {"scenario": sc.name, "seed": seed, "params": params, "results": results,
                      "notes": sc.notes(results, params) if sc.notes else []}
            self.app.call_from_thread(self._run_done, run_id, sc, result)
        except Exception as e:  # noqa: BLE001 - a bad parameter combination must not kill the lab
            self.app.call_from_thread(self._failed, run_id, e)

    def _grade_job(self, run_id: int, challenge_id: str, values: dict, seed: int) -> None:
        try:
            g = grade(challenge_id, values, seed)
        except Exception as e:  # noqa: BLE001 - grade's ValueErrors say which knob is wrong
            self.app.call_from_thread(self._failed, run_id, e)
            return
        self.app.call_from_thread(self._graded, run_id, g)

    def _progress(self, run_id: int, text: str) -> None:
        if run_id == self._run_id and self.is_mounted:
            self._status(text)

    def _failed(self, run_id: int, error: Exception) -> None:
        if run_id == self._run_id and self.is_mounted:
            self._status(f"{type(error).__name__}: {error}" if not isinstance(error, ValueError)
                         else str(error), error=True)

    async def _strategy_done(self, run_id: int, sc, results: dict, expected: int) -> None:
        """One more strategy finished: add its chart, refresh the table."""
        if run_id != self._run_id or not self.is_mounted:
            return
        grid = self.query_one(ChartGrid)
        if len(results) == 1:
            _, caption, _ = series_of(next(iter(results.values())))
            metric = focus_of(sc, results)[0]
            await grid.reset(caption or f"{metric} per strategy (the bars share one scale)", expected)
            grid.display = True
            # At 80x24 the form fills the pane and the charts appeared below the
            # fold with nothing saying so: bring them into view (no-op when visible).
            main = self.query_one("#sim-main", VerticalScroll)
            self.call_after_refresh(lambda: main.scroll_to_widget(grid, animate=False, top=False))
        name, r = list(results.items())[-1]
        metric, _, lower = focus_of(sc, results)
        series, _, unit = series_of(r)
        numbers = [(k, r[k]) for k in table_metrics(sc, {name: r}) if k != metric][:4]
        await grid.add(name, series, numbers, (metric, r.get(metric, "")), lower_better=lower, unit=unit)
        self._fill_table(sc, results)

    def _run_done(self, run_id: int, sc, result: dict) -> None:
        if run_id != self._run_id or not self.is_mounted:
            return
        self.result = result
        # No elapsed time here: the screen must render the same for the same seed.
        done = f"done: {len(result['results'])} strategies, seed {result['seed']}"
        lst = self.query_one("#sim-list")
        if self.size.width < NARROW and lst.display:
            # At 80 columns the metrics table of three strategies shows one column next
            # to the list: fold the list away for the results, F2 brings it back.
            lst.display = False
            done += " · list folded for room: F2 shows it"
        self._status(done)
        text = Text()
        text.append(look_at(sc) + "\n", style="italic")
        line = comparison(sc, result["results"])
        if line:
            text.append("→ " + line + "\n", style="bold")
        for note in result["notes"]:
            text.append("• " + note + "\n")
        # The lock scenario tells its story as a timeline: show the first strategy's,
        # which is the unprotected one (the JSON has every strategy's).
        story = next(((n, r["timeline"]) for n, r in result["results"].items() if r.get("timeline")), None)
        if story:
            text.append(f"\ntimeline ({story[0]}):\n", style="bold")
            for event in story[1]:
                text.append(event.strip() + "\n", style="dim")
        self.query_one("#sim-explain", Static).update(text)
        self.query_one("#sim-explain").display = True

    def _fill_table(self, sc, results: dict) -> None:
        table = self.query_one("#sim-table", DataTable)
        table.clear(columns=True)
        table.add_column("metric", key="metric")
        for s in results:
            table.add_column(s, key=s)
        for m in table_metrics(sc, results):
            table.add_row(m, *[Text(fmt(results[s].get(m, "")), justify="right") for s in results], key=m)
        table.display = True

    def _graded(self, run_id: int, g: dict) -> None:
        if run_id != self._run_id or not self.is_mounted:
            return
        self.graded = g
        self._status(f"graded: {'passed' if g['passed'] else 'not yet'}, seed {g['seed']}")
        text = Text()
        for c in g["checks"]:
            mark = ("✔ pass", "bold green") if c["passed"] else ("✘ FAIL", "bold red")
            text.append_text(Text.assemble(mark, f"  {c['goal']}   got ", (fmt(c["value"]), "bold"), "\n"))
        params = "".join(f", {k}={fmt(v)}" for k, v in g["params"].items())
        text.append(f"strategy {g['strategy']}{params}\n", style="dim")
        if g["passed"]:
            text.append("PASSED: challenge complete\n", style="bold green")
        else:
            text.append("not yet. Hint: " + CHALLENGES[g["challenge"]].hint + "\n", style="bold")
        self.query_one("#sim-grade", Static).update(text)
        self.query_one("#sim-grade").display = True

    # ------------------------------------------------------------- focus
    def action_focus_list(self) -> None:
        lst = self.query_one(OptionList)
        lst.display = True
        lst.focus()

    def action_focus_form(self) -> None:
        first = self.form.first_focusable() if self.form else None
        (first or self.query_one("#sim-seed")).focus()

    def action_focus_results(self) -> None:
        table = self.query_one("#sim-table", DataTable)
        (table if table.display else self.query_one("#sim-run")).focus()
