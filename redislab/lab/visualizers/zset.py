"""A sorted set as a leaderboard: highest score first, a bar per member, windowed."""
from __future__ import annotations

from rich import box
from rich.bar import Bar
from rich.console import Group
from rich.table import Table
from rich.text import Text

from ...engine.args import format_double
from . import WINDOW, show, window_note



def _bar(score: float, lo: float, hi: float) -> Bar:
    # rich's Bar takes whatever width is left, so the table fits a narrow pane.
    span = (hi - lo) or 1.0
    return Bar(size=span, begin=0, end=max(span / 40, score - lo), color="cyan")


def render(v):
    z = v.value
    n = len(z)
    start = max(0, v.offset)
    rows = z.window(start, start + WINDOW - 1, reverse=True)
    # Bars scale to the whole set (lowest..highest), not just the window, so paging
    # does not change a member's bar.
    lo = z.at(0)[1] if n else 0.0
    hi = z.at(n - 1)[1] if n else 0.0
    lo = min(lo, 0.0)
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    t.add_column("#", justify="right", style="dim", no_wrap=True)
    t.add_column("member", style="green", overflow="ellipsis", no_wrap=True, ratio=2, min_width=6, max_width=24)
    t.add_column("score", justify="right", no_wrap=True)
    t.add_column("", ratio=1, min_width=4, max_width=30)
    for i, (member, score) in enumerate(rows, start):
        t.add_row(str(i), show(member, 24), format_double(score).decode(), _bar(score, lo, hi))
    parts = [t, Text("rank 0 = top score (ZREVRANK)", style="dim italic")]
    note = window_note(v, len(rows))
    if note is not None:
        parts.append(note)
    return Group(*parts)
