"""A sorted set as the skiplist behind it: members in score order, each a tower.

Redis gives each skiplist node a random level (promoted with p = 1/4, up to 32).
A node of level 3 takes part in the lowest three "lanes"; ZRANK and range lookups
start on the highest lane and drop a lane each time they would overshoot, which is
why they cost O(log N). The levels drawn come from ``ZSet.level(member, seed)``,
a stable simulation with Redis's distribution (Redis's own levels are random per
insert, and a small listpack-encoded set has no skiplist at all). Each row is a
node; in each lane column a node reached by that lane shows ``■``, and ``│`` shows
the lane's pointer passing it by. Windowed: 200 nodes at a time.
"""
from __future__ import annotations

from rich.console import Group
from rich.text import Text

from ...engine.args import format_double
from . import WINDOW, show, window_note

SEED = 0
MAX_DRAWN = 16           # lanes drawn (level 17+ would take 4**16 members to expect)


def render(v):
    z = v.value
    start = max(0, v.offset)
    rows = z.window(start, start + WINDOW - 1)
    levels = [z.level(m, SEED) for m, _ in rows]
    top = min(MAX_DRAWN, max(levels, default=1))
    name_w = min(18, max([len(show(m, 18)) for m, _ in rows] + [4]))
    lanes = " ".join(str(i + 1)[-1] for i in range(top))
    out = [Text(f"{'':>{name_w}}  {lanes}   level · score", style="dim")]
    head = Text(f"{'HEAD':>{name_w}}  ", style="bold")
    head.append("━".join("■" for _ in range(top)), style="bold yellow")
    out.append(head)
    if start:
        out.append(Text(f"{'⋮':>{name_w}}  " + " ".join("│" for _ in range(top)) +
                        f"   ranks 0–{start - 1} above", style="dim"))
    for (member, score), lvl in zip(rows, levels):
        t = Text(f"{show(member, name_w):>{name_w}}  ", style="green")
        for lane in range(1, top + 1):
            if lane <= lvl:
                t.append("■", style="bold cyan" if lvl > 1 else "cyan")
                t.append("━" if lane < min(lvl, top) else " ", style="cyan")
            else:
                t.append("│ ", style="dim")
        t.append(f"  {lvl} · {format_double(score).decode()}", style="dim")
        out.append(t)
    nil = Text(f"{'NIL':>{name_w}}  ", style="bold")
    nil.append(" ".join("▼" for _ in range(top)), style="dim")
    out.append(nil)
    counts = [sum(1 for lv in levels if lv >= k) for k in range(1, top + 1)]
    out.append(Text("nodes per lane (this window): " +
                    " · ".join(f"L{k}={c}" for k, c in enumerate(counts, 1)) +
                    "  (each lane ~1/4 of the one below)", style="dim italic"))
    if v.encoding == "listpack":
        out.append(Text("encoding listpack: a set this small is one flat array; Redis builds "
                        "this skiplist once it outgrows zset-max-listpack-entries/-value",
                        style="dim italic"))
    else:
        out.append(Text("levels are simulated with Redis's distribution (p=1/4, max 32)",
                        style="dim italic"))
    note = window_note(v, len(rows))
    if note is not None:
        out.append(note)
    return Group(*out)
