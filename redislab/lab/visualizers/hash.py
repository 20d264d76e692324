"""A hash: its fields and values, with per-field TTLs (Redis 7.4) when any is set."""
from __future__ import annotations

from itertools import islice

from rich import box
from rich.console import Group
from rich.table import Table

from . import WINDOW, fmt_ttl, show, window_note


def render(v):
    h = v.value
    start = max(0, v.offset)
    pairs = list(islice(iter(h.items()), start, start + WINDOW))
    ttls = getattr(h, "ttl", None) or {}
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    t.add_column("field", style="bold")
    t.add_column("value", style="green", overflow="fold")
    if ttls:
        t.add_column("TTL", style="yellow", justify="right")
    for f, val in pairs:
        row = [show(f, 24), show(val, 60)]
        if ttls:
            when = ttls.get(f)
            row.append("" if when is None else fmt_ttl(when - v.now_ms))
        t.add_row(*row)
    parts = [t]
    note = window_note(v, len(pairs))
    if note is not None:
        parts.append(note)
    return Group(*parts)
