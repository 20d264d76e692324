"""A parameter form built from what a scenario (or a challenge) declares.

Scenarios declare ``Param(name, default, help, choices)``; the default's type is the
parameter's type. So the form needs no per-scenario code: a parameter with choices
becomes a Select, an int an integer field, a float a number field, a string a text
field. Ranges come from a challenge's bounds when grading (the learner may only
turn those knobs, within them); otherwise numbers must not be negative, except
where the help text documents ``-1`` as "never" (crash_at, restart_at).

Values are handed back as text, exactly what ``redislab simulate -p name=text``
would pass, so the scenario's own ``Param.parse`` converts and validates them and
the screen runs what the command line would run.
"""
from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, ItemGrid, Vertical
from textual.validation import Function, Integer, Number
from textual.widgets import Checkbox, Input, Label, Select, Static

from .charts import fmt


@dataclass
class Field:
    name: str
    default: object
    help: str
    choices: tuple = ()
    bounds: tuple | None = None      # (lo, hi) inclusive, from a challenge
    floor: float | None = None       # the scenario's own minimum (Param.minimum)

    @property
    def kind(self) -> type:
        return type(self.default)

    def range_text(self) -> str:
        if self.choices:
            return ""
        if self.bounds:
            return f"{fmt(self.bounds[0])}..{fmt(self.bounds[1])}"
        if self.kind in (int, float):
            return f"≥ {fmt(self.minimum())}"
        return ""

    def minimum(self) -> float:
        if self.bounds:
            return self.bounds[0]
        if self.floor is not None:
            return self.floor
        return -1 if "-1" in self.help else 0

    def validators(self) -> list:
        lo = self.minimum()
        hi = self.bounds[1] if self.bounds else None
        if self.kind is int:
            return [Integer(minimum=lo, maximum=hi)]
        if self.kind is float:
            return [Number(minimum=lo, maximum=hi)]
        return [Function(lambda s: bool(s.strip()), "must not be empty")]


def fields_for_scenario(scenario) -> list[Field]:
    return [Field(p.name, p.default, p.help, tuple(p.choices), floor=p.minimum) for p in scenario.params]


# grade() defaults this challenge's sizes to one 20 % cache and refuses lists, while
# the scenario's own default is "10,25,50": start the learner on what grade accepts.
CHALLENGE_DEFAULTS = {("small-cache-big-hits", "sizes"): "20"}


def fields_for_challenge(challenge, scenario) -> list[Field]:
    out = []
    for name, bounds in challenge.allowed.items():
        p = scenario.param(name)
        default = CHALLENGE_DEFAULTS.get((challenge.id, name), p.default)
        out.append(Field(name, default, p.help, tuple(p.choices), tuple(bounds) if bounds else None))
    return out


class ParamRow(Horizontal):
    DEFAULT_CSS = """
    ParamRow { height: auto; width: 1fr; }
    ParamRow > .pname { width: 16; padding: 0 1 0 0; color: $text; }
    ParamRow > Input, ParamRow > Select { width: 1fr; max-width: 24; }
    ParamRow > .prange {
        width: 1fr; padding: 0 0 0 1; color: $text-muted;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """


class ParamForm(Vertical):
    """Strategy picks plus one row per parameter. ``values()`` returns the overrides
    as text, ``changed()`` only those that differ from the defaults."""

    DEFAULT_CSS = """
    ParamForm { height: auto; }
    ParamForm > #strategies { height: auto; width: 1fr; }
    ParamForm > #strategies > Label { width: 16; }
    ParamForm > #strategies > ItemGrid { width: 1fr; height: auto; }
    ParamForm Checkbox { width: auto; padding: 0 1 0 0; }
    ParamForm > .fixed { color: $text-muted; height: auto; }
    ParamForm > #param-help { color: $text-muted; text-style: italic; height: auto; }
    """

    def __init__(self, fields: list[Field], strategies: tuple, *, single: bool = False,
                 fixed: dict | None = None, **kw):
        super().__init__(**kw)
        self.fields = fields
        self.strategies = strategies
        self.single = single        # a challenge grades exactly one strategy
        self.fixed = fixed or {}

    def compose(self) -> ComposeResult:
        if self.single:
            with ParamRow(id="strategies"):
                yield Label("strategy", classes="pname")
                yield Select([(s, s) for s in self.strategies], value=self.strategies[0],
                             allow_blank=False, compact=True, id="strategy-pick")
        else:
            with Horizontal(id="strategies"):
                yield Label("strategies", classes="pname")
                # A grid, not a row: four long strategy names do not fit 80 columns.
                with ItemGrid(min_column_width=20):
                    for s in self.strategies:
                        yield Checkbox(s, True, compact=True, name=s)
        for f in self.fields:
            with ParamRow():
                label = Label(f.name, classes="pname")
                label.tooltip = f.help
                yield label
                if f.choices:
                    yield Select([(str(c), str(c)) for c in f.choices], value=str(f.default),
                                 allow_blank=False, compact=True, name=f.name, tooltip=f.help)
                else:
                    yield Input(fmt(f.default), compact=True, name=f.name, tooltip=f.help,
                                validators=f.validators(),
                                type={int: "integer", float: "number"}.get(f.kind, "text"))
                hint = " · ".join(x for x in (f.range_text(), f.help) if x)
                yield Label(hint, classes="prange")
        if self.fixed:
            yield Static("fixed: " + ", ".join(f"{k}={fmt(v)}" for k, v in self.fixed.items()),
                         classes="fixed")
        help_line = Static("", id="param-help")
        help_line.display = False          # no blank line until a parameter is edited
        yield help_line

    def on_descendant_focus(self, event) -> None:
        # Each row's hint is cut to one line (at 80 columns to a few words): the
        # parameter being edited gets its whole explanation under the form.
        f = next((f for f in self.fields if f.name == getattr(event.widget, "name", None)), None)
        text = f"{f.name}: " + " · ".join(x for x in (f.help, f.range_text()) if x) if f else ""
        line = self.query_one("#param-help", Static)
        line.update(text)
        line.display = bool(text)

    # ------------------------------------------------------------ reading
    def _text(self, f: Field) -> str:
        for w in self.query(Input).results():
            if w.name == f.name:
                return w.value.strip()
        for w in self.query(Select).results():
            if w.name == f.name:
                return str(w.value)
        return fmt(f.default)

    def picked_strategies(self) -> list[str]:
        if self.single:
            return [str(self.query_one("#strategy-pick", Select).value)]
        return [c.name for c in self.query(Checkbox).results() if c.value]

    def errors(self) -> list[str]:
        """Every field that does not validate, with why, in form order."""
        out = []
        if not self.picked_strategies():
            out.append("tick at least one strategy")
        for w in self.query(Input).results():
            result = w.validate(w.value)
            if result is not None and not result.is_valid:
                out.append(f"{w.name}: {'; '.join(result.failure_descriptions)}")
        return out

    def values(self) -> dict[str, str]:
        """Overrides for ``Scenario.resolve`` / ``Challenge.params``; ValueError when a
        field is invalid (the message names every bad field)."""
        bad = self.errors()
        if bad:
            raise ValueError(", ".join(bad))
        out = {f.name: self._text(f) for f in self.fields}
        out["strategies"] = ",".join(self.picked_strategies())
        return out

    def changed(self) -> dict[str, str]:
        """What differs from the defaults: the ``-p`` options of the same CLI run."""
        vals = self.values()
        out = {}
        if vals["strategies"] != ",".join(self.strategies) or self.single:
            out["strategies"] = vals["strategies"]
        for f in self.fields:
            if f.kind is str:
                same = vals[f.name] == f.default
            else:
                try:
                    same = f.kind(vals[f.name]) == f.default
                except ValueError:
                    same = False
            if not same:
                out[f.name] = vals[f.name]
        return out

    def first_focusable(self):
        for w in self.query("Input, Select, Checkbox").results():
            if w.focusable:
                return w
        return None
