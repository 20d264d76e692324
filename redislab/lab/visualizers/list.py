"""A list: cells from head (index 0) to tail (index -1), windowed."""
from __future__ import annotations

from itertools import islice

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from . import WINDOW, show, window_note


def items(value, start: int, count: int) -> list:
    """``count`` elements from ``start`` without copying the whole list: the list
    type's own ``window`` when it has one, else slicing its iterator."""
    win = getattr(value, "window", None)
    if callable(win):
        return list(win(start, start + count - 1))
    return list(islice(iter(value), start, start + count))


def render(v):
    n = v.size
    start = max(0, min(v.offset, max(0, n - 1)))
    cells = items(v.value, start, WINDOW)
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    t.add_column("index", justify="right", style="dim")
    t.add_column("element", overflow="fold", style="green")
    t.add_column("from tail", justify="right", style="dim")
    for i, el in enumerate(cells, start):
        t.add_row(str(i), show(el), str(i - n))
    parts = [Text("head ↓ (LPUSH/LPOP)", style="cyan"), t]
    if start + len(cells) >= n:
        parts.append(Text("tail ↑ (RPUSH/RPOP)", style="cyan"))
    note = window_note(v, len(cells))
    if note is not None:
        parts.append(note)
    return Group(*parts)
