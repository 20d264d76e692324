"""Per-strategy charts for the simulations screen.

Each strategy gets a small panel: its name, a block plot of one time series (DB
queries per second for the cache scenarios, hit ratio per cache size for eviction)
or, when the scenario has no series, one bar for its headline number, and the
final numbers underneath. All panels share one vertical scale: the point of the
screen is to compare strategies, and separately scaled plots would make a spike
of 20 look as tall as a spike of 233.
"""
from __future__ import annotations

import math
import time

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

BLOCKS = " ▁▂▃▄▅▆▇█"     # index = eighths of a cell filled


def fmt(v) -> str:
    """A number as the CLI's table prints it, so screen and `--json` can be compared."""
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def resample(values: list[float], width: int) -> list[float]:
    """Fit ``values`` into ``width`` columns: a long series keeps each chunk's max
    (a one-second spike must not vanish), a short one is stretched."""
    n = len(values)
    if n == 0 or width <= 0:
        return []
    if n >= width:
        out = []
        for i in range(width):
            a, b = i * n // width, max(i * n // width + 1, (i + 1) * n // width)
            out.append(max(values[a:b]))
        return out
    return [values[i * n // width] for i in range(width)]


def block_plot(values: list[float], width: int, height: int, vmax: float) -> list[str]:
    """Rows of eighth-blocks, top row first; ``height`` rows give 8*height levels."""
    cols = resample(values, width)
    levels = height * 8
    top = vmax if vmax > 0 else 1
    # A non-zero value always shows at least one eighth: "a few queries" differs from "none".
    fill = [0 if v <= 0 else max(1, round(v / top * levels)) for v in cols]
    rows = []
    for r in range(height):
        base = (height - 1 - r) * 8
        rows.append("".join(BLOCKS[min(8, max(0, f - base))] for f in fill))
    return rows


def bar(value: float, vmax: float, width: int) -> str:
    """A horizontal bar in eighths for scenarios without a time series."""
    if width <= 0:
        return ""
    eighths = 0 if vmax <= 0 or value <= 0 else max(1, round(value / vmax * width * 8))
    full, part = divmod(min(eighths, width * 8), 8)
    partial = "▏▎▍▌▋▊▉"[part - 1] if part else ""
    return ("█" * full + partial).ljust(width, "·")


class StrategyChart(Static):
    """One strategy: name and headline, the plot (revealed left to right while it
    animates), and the final numbers."""

    DEFAULT_CSS = """
    StrategyChart {
        height: auto;
        border: round $panel-lighten-2;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        padding: 0 1;
    }
    StrategyChart.best { border: round $success; }
    """

    PLOT_ROWS = 3

    def __init__(self, name: str, series: list[float] | None, numbers: list[tuple[str, object]],
                 headline: tuple[str, object], unit: str = "", **kw):
        super().__init__(**kw)
        self.strategy = name
        self.series = series
        self.numbers = numbers
        self.headline = headline
        self.vmax = max(series or [0]) if series else 0
        self.reveal = 1.0           # share of the series drawn so far
        self.unit = unit
        self.border_title = name
        self.border_subtitle = f"{headline[0]} {fmt(headline[1])}"

    def set_scale(self, vmax: float) -> None:
        self.vmax = vmax
        self.refresh(layout=True)

    def render(self) -> Text:
        width = max(8, self.content_region.width or self.size.width - 4)
        out = Text()
        # The plot takes the theme's accent so it reads as data, not as label text.
        ink = f"bold {getattr(self.app.current_theme, 'accent', None) or ''}".strip()
        if self.series:
            n = max(1, math.ceil(len(self.series) * self.reveal))
            # The unrevealed part is plotted as zeros so the axis keeps its length.
            shown = list(self.series[:n]) + [0] * (len(self.series) - n)
            for row in block_plot(shown, width, self.PLOT_ROWS, self.vmax):
                out.append(row + "\n", style=ink)
            # The x axis is the series' own index: seconds for DB load, sizes for eviction.
            if self.unit:
                end = f"{len(self.series)} {self.unit}"
                out.append("0" + end.rjust(width - 1) + "\n", style="dim")
        else:
            value = self.headline[1] if isinstance(self.headline[1], (int, float)) else 0
            out.append(bar(value * self.reveal, self.vmax, width) + "\n", style=ink)
        line = Text()
        for label, value in self.numbers:
            piece = f"{label} {fmt(value)}"
            if line.cell_len and line.cell_len + 3 + len(piece) > width:
                out.append_text(line)
                out.append("\n")
                line = Text()
            if line.cell_len:
                line.append(" · ", style="dim")
            line.append(label + " ", style="dim")
            line.append(fmt(value), style="bold")
        out.append_text(line)
        return out


class ChartGrid(Widget):
    """The strategies' panels, side by side when there is room (one column per
    ~40 cells), filled in as each strategy's run finishes."""

    DEFAULT_CSS = """
    ChartGrid {
        layout: grid;
        grid-size: 1;
        grid-gutter: 0 1;
        height: auto;
    }
    ChartGrid > Static.caption { column-span: 4; color: $text-muted; height: auto; }
    """

    ANIMATE_S = 1.0
    MIN_COL = 38

    def __init__(self, animate: bool = True, **kw):
        super().__init__(**kw)
        self.animate = animate
        self.charts: dict[str, StrategyChart] = {}
        self.expected = 0
        self._started: dict[str, float] = {}
        self._timer = None

    def on_resize(self) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        # Sized for every strategy of the run, so panels keep their place as they arrive.
        cols = max(1, min(self.expected or len(self.charts) or 1, self.size.width // self.MIN_COL))
        self.styles.grid_size_columns = cols

    async def reset(self, caption: str = "", expected: int = 0) -> None:
        self.expected = expected
        self.charts.clear()
        self._started.clear()
        await self.remove_children()
        if caption:
            await self.mount(Static(caption, classes="caption"))

    async def add(self, name: str, series, numbers, headline, lower_better: bool = True,
                  unit: str = "") -> None:
        chart = StrategyChart(name, series, numbers, headline, unit)
        self.charts[name] = chart
        if self.animate:
            chart.reveal = 0.0
            self._started[name] = time.monotonic()
            if self._timer is None:
                self._timer = self.set_interval(1 / 24, self._tick)
        await self.mount(chart)
        self._fit_columns()
        self._rescale(lower_better)

    def _rescale(self, lower_better: bool) -> None:
        """One scale for all panels; the best headline gets a green border."""
        charts = list(self.charts.values())
        if any(c.series for c in charts):
            vmax = max(max(c.series or [0]) for c in charts)
        else:
            vmax = max((c.headline[1] for c in charts if isinstance(c.headline[1], (int, float))), default=0)
        nums = [c.headline[1] for c in charts if isinstance(c.headline[1], (int, float))]
        best = (min(nums) if lower_better else max(nums)) if len(nums) > 1 and len(set(nums)) > 1 else None
        for c in charts:
            c.set_scale(vmax)
            c.set_class(best is not None and c.headline[1] == best, "best")

    def _tick(self) -> None:
        now = time.monotonic()
        for name, t0 in list(self._started.items()):
            chart = self.charts.get(name)
            if chart is None:
                del self._started[name]
                continue
            chart.reveal = min(1.0, (now - t0) / self.ANIMATE_S)
            chart.refresh()
            if chart.reveal >= 1.0:
                del self._started[name]
        if not self._started and self._timer is not None:
            self._timer.stop()
            self._timer = None

    def finish(self) -> None:
        """Draw everything at once (tests, and a learner who runs again mid-animation)."""
        for name in list(self._started):
            self.charts[name].reveal = 1.0
            self.charts[name].refresh()
        self._started.clear()
