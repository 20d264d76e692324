"""Set algebra drawn: after SINTER/SUNION/SDIFF of two sets, a Venn-style view.

The two sets' members are split into only-A, both and only-B, and the region the
command returned is lit (SINTER: both; SUNION: all three; SDIFF: only A), so the
reply in the console can be read off the picture. It is computed from the live sets
(a missing key is an empty set, as Redis treats it), counted in full but listing at
most ``LISTED`` members per region, so two 100 000-member sets still draw at once.
"""
from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from . import peek, show

LISTED = 40
_OPS = {b"sinter": "inter", b"sinterstore": "inter", b"sintercard": "inter",
        b"sunion": "union", b"sunionstore": "union", b"sdiff": "diff", b"sdiffstore": "diff"}
_LIT = {"inter": (False, True, False), "union": (True, True, True), "diff": (True, False, False)}


def observe(notes, db, name, argv, reply, now_ms) -> None:
    op = _OPS.get(name)
    if op is None:
        return
    if name.endswith(b"store"):
        keys = argv[2:]
    elif name == b"sintercard":
        try:
            keys = argv[2:2 + int(argv[1])]
        except (ValueError, IndexError):
            return
    else:
        keys = argv[1:]
    if len(keys) >= 2:
        notes.focus = ("venn", argv[0].upper().decode("ascii", "replace"), op, keys[0], keys[1], len(keys))


def _members(db, key: bytes, now_ms: int):
    v = peek(db, key, now_ms)
    if v is None:
        return (), None
    if getattr(v, "TYPE", None) != "set":
        return None, None
    return v, getattr(v, "arr", None)


def split(a, a_arr, b, b_arr) -> tuple[list, int, list, int, list, int]:
    """(only-A listed, count, both listed, count, only-B listed, count)."""
    only_a, both, only_b = [], [], []
    na = nboth = nb = 0
    for m in (a_arr if a_arr is not None else a):
        if m in b:
            nboth += 1
            if len(both) < LISTED:
                both.append(m)
        else:
            na += 1
            if len(only_a) < LISTED:
                only_a.append(m)
    for m in (b_arr if b_arr is not None else b):
        if m not in a:
            nb += 1
            if len(only_b) < LISTED:
                only_b.append(m)
    return only_a, na, both, nboth, only_b, nb


def render_focus(focus, db, now_ms: int, engine=None, notes=None):
    _, cmd, op, ka, kb, nkeys = focus
    a, a_arr = _members(db, ka, now_ms)
    b, b_arr = _members(db, kb, now_ms)
    if a is None or b is None:
        return Text(f"{cmd}: {show(ka if a is None else kb)} is not a set (WRONGTYPE).",
                    style="bold red")
    only_a, na, both, nboth, only_b, nb = split(a, a_arr, b, b_arr)
    lit = _LIT[op]
    head = Text()
    head.append(f"{cmd} ", style="bold")
    head.append(f"A = {show(ka, 24)}", style="bold cyan")
    head.append("  ")
    head.append(f"B = {show(kb, 24)}", style="bold magenta")
    if nkeys > 2:
        head.append(f"  (first 2 of {nkeys} keys drawn)", style="dim")
    picture = Text()
    # Two overlapping rings; the lit regions are the command's reply.
    styles = [("bold black on green" if on else "dim") for on in lit]
    picture.append("  ╭─────────┬───┬─────────╮\n", style="dim")
    picture.append("  │", style="dim")
    picture.append(f"{'only A':^9}", style=styles[0])
    picture.append("│", style="dim")
    picture.append(f"{'A∩B':^3}", style=styles[1])
    picture.append("│", style="dim")
    picture.append(f"{'only B':^9}", style=styles[2])
    picture.append("│\n", style="dim")
    picture.append("  │", style="dim")
    picture.append(f"{na:^9}", style=styles[0])
    picture.append("│", style="dim")
    picture.append(f"{nboth:^3}" if nboth < 1000 else "1k+", style=styles[1])
    picture.append("│", style="dim")
    picture.append(f"{nb:^9}", style=styles[2])
    picture.append("│\n", style="dim")
    picture.append("  ╰─────────┴───┴─────────╯", style="dim")
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
    for title, on in zip(("only A", "both", "only B"), lit):
        t.add_column(title, style="bold green" if on else "dim", overflow="ellipsis", no_wrap=True, ratio=1)
    cols = [only_a, both, only_b]
    for i in range(max(len(c) for c in cols)):
        t.add_row(*[show(c[i], 20) if i < len(c) else "" for c in cols])
    total = sum(n for n, on in zip((na, nboth, nb), lit) if on)
    foot = Text(f"lit: what {cmd} returns ({total} member{'' if total == 1 else 's'})", style="dim italic")
    parts = [head, picture, t, foot]
    if max(na, nboth, nb) > LISTED:
        parts.append(Text(f"(at most {LISTED} members listed per region)", style="dim italic"))
    return Group(*parts)
