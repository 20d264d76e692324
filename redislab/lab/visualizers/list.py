"""A list: cells from head (index 0) to tail (index -1), windowed, with the cells the
learner's last push landed in (or the end the last pop took from) marked."""
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


# Which end each command works on, and whether it adds or takes elements.
_ENDS = {b"lpush": ("head", "push"), b"lpushx": ("head", "push"), b"rpush": ("tail", "push"),
         b"rpushx": ("tail", "push"), b"lpop": ("head", "pop"), b"rpop": ("tail", "pop")}


def observe(notes, db, name: bytes, argv: list, reply, now_ms: int) -> None:
    """Remember the last push or pop per key (called by Notes for every command)."""
    end = _ENDS.get(name)
    if end is None or len(argv) < 2:
        return
    if end[1] == "push":
        count = len(argv) - 2 if isinstance(reply, int) and reply > 0 else 0
    else:
        count = len(reply) if isinstance(reply, list) else (1 if reply is not None else 0)
    if count:
        notes.list_ops[(db.id, argv[1])] = (end[0], end[1], count)
        notes.list_seq += 1


def _last_op(v):
    notes = getattr(v, "notes", None)
    if notes is None:
        return None
    return getattr(notes, "list_ops", {}).get((v.db, v.key))


def render(v):
    n = v.size
    start = max(0, min(v.offset, max(0, n - 1)))
    cells = items(v.value, start, WINDOW)
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    t.add_column("index", justify="right", style="dim")
    t.add_column("element", overflow="fold", style="green")
    t.add_column("from tail", justify="right", style="dim")
    op = _last_op(v)
    landed = range(0)
    if op is not None and op[1] == "push":
        landed = range(op[2]) if op[0] == "head" else range(n - op[2], n)
    for i, el in enumerate(cells, start):
        if i in landed:
            t.add_row(str(i), Text(show(el), style="bold yellow"), str(i - n), style="on grey23")
        else:
            t.add_row(str(i), show(el), str(i - n))
    parts = [Text("head ↓ (LPUSH/LPOP)", style="cyan"), t]
    if op is not None:
        what = (f"last push: {op[2]} element(s) landed at the {op[0]} (highlighted)" if op[1] == "push"
                else f"last pop: {op[2]} element(s) taken from the {op[0]}")
        parts.insert(1, Text(what, style="yellow"))
    if start + len(cells) >= n:
        parts.append(Text("tail ↑ (RPUSH/RPOP)", style="cyan"))
    note = window_note(v, len(cells))
    if note is not None:
        parts.append(note)
    return Group(*parts)
