"""A set: its members (no order to speak of), windowed."""
from __future__ import annotations

from itertools import islice

from rich.columns import Columns
from rich.console import Group
from rich.text import Text

from . import WINDOW, show, window_note


def members(value, start: int, count: int) -> list:
    arr = getattr(value, "arr", None)
    if arr is not None and getattr(value, "enc", "") != "intset":
        # Hashtable/listpack sets keep members in an array: slice it, never copy all.
        return arr[start:start + count]
    return list(islice(iter(value), start, start + count))


def render(v):
    start = max(0, v.offset)
    ms = members(v.value, start, WINDOW)
    cells = [Text(show(m, 30), style="green") for m in ms]
    note = "intset: all members are integers, kept sorted in a compact array" if v.encoding == "intset" \
        else "members are unique and unordered (SMEMBERS may list them in any order)"
    parts = [Columns(cells, padding=(0, 2)), Text(note, style="dim italic")]
    w = window_note(v, len(ms))
    if w is not None:
        parts.append(w)
    return Group(*parts)
