"""A stream: its entries (ID and fields) in a window, then its consumer groups.

Each group shows where it stands (last-delivered-id, entries read, lag) and, per
consumer, the entries delivered but not yet acknowledged (the pending entries list)
with their delivery counts and idle times, the numbers XPENDING and XCLAIM work
with. Entries still pending in some group are marked in the entry list, and a
group's last-delivered-id is drawn as a line between entries, so XREADGROUP ``>``
visibly moves it.
"""
from __future__ import annotations

from itertools import islice

from rich.console import Group
from rich.text import Text

from ...engine.datatypes.stream import fmt_id
from . import WINDOW, fmt_ttl, show, window_note

PENDING_SHOWN = 8        # pending entries listed per consumer (XPENDING shows the rest)


def entries(s, start: int, count: int) -> list:
    """``count`` entries from position ``start``: (id tuple, id bytes, {field: value})."""
    if start >= len(s.entries):
        return []
    first = s.entries.peekitem(start)[0]          # O(log N): no walk from the head
    return [(eid, *pair) for eid, pair in zip(s.entries.irange(first), s.window(first, count))]


def _fields(d: dict) -> str:
    return " ".join(f"{show(f, 16)}={show(v, 24)}" for f, v in d.items())


def _entry_lines(s, rows, marks: dict) -> list[Text]:
    # Plain lines rather than a table: the group markers sit between entries and
    # must not widen an ID column in a narrow panel.
    pending = {eid for g in s.groups.values() for eid in islice(g.pel.irange(rows[0][0], rows[-1][0]), 10_000)} \
        if rows and s.groups else set()
    width = max(len(sid) for _, sid, _ in rows)
    out = []
    for eid, sid, fields in rows:
        t = Text(sid.decode().ljust(width), style="cyan")
        t.append(" ⏳ " if eid in pending else "   ", style="yellow")
        t.append(_fields(fields), style="green")
        out.append(t)
        for name in marks.get(eid, ()):
            out.append(Text(f"└▶ {show(name, 20)}: last-delivered-id", style="bold magenta"))
    return out


def _groups(s, now_ms: int) -> list:
    out = []
    for g in s.sorted_groups():
        head = Text()
        head.append("group ", style="dim")
        head.append(show(g.name, 30), style="bold magenta")
        lag = s.lag(g)
        head.append(f"  last-delivered-id {fmt_id(g.last_id).decode()} · entries-read "
                    f"{g.entries_read if g.entries_read >= 0 else '?'} · lag "
                    f"{'?' if lag is None else lag} · pending {len(g.pel)}", style="dim")
        out.append(head)
        if not g.consumers:
            out.append(Text("   no consumers yet (XREADGROUP GROUP g name ... creates one)",
                            style="dim italic"))
        for c in g.sorted_consumers():
            line = Text("   ")
            line.append(show(c.name, 24), style="bold")
            line.append(f"  pending {len(c.pel)} · idle {fmt_ttl(now_ms - c.seen_time)}", style="dim")
            out.append(line)
            for eid, nack in islice(c.pel.items(), PENDING_SHOWN):
                p = Text(f"     {fmt_id(eid).decode()}", style="cyan")
                p.append(f"  delivered ×{nack.delivery_count} · idle "
                         f"{fmt_ttl(now_ms - nack.delivery_time)}", style="yellow")
                out.append(p)
            if len(c.pel) > PENDING_SHOWN:
                out.append(Text(f"     … {len(c.pel) - PENDING_SHOWN} more (XPENDING)", style="dim"))
    return out


def render(v):
    s = v.value
    start = max(0, v.offset)
    rows = entries(s, start, WINDOW)
    marks: dict = {}
    for g in s.sorted_groups():
        marks.setdefault(g.last_id, []).append(g.name)
    parts = []
    if rows:
        parts.extend(_entry_lines(s, rows, marks))
    else:
        parts.append(Text("(no entries)", style="dim italic"))
    parts.append(Text(f"last ID {fmt_id(s.last_id).decode()} · {s.entries_added} ever added · "
                      "IDs are <ms>-<seq>: time order", style="dim italic"))
    note = window_note(v, len(rows))
    if note is not None:
        parts.append(note)
    if s.groups:
        parts.append(Text(""))
        parts.extend(_groups(s, v.now_ms))
        parts.append(Text("⏳ delivered to a consumer, not yet XACKed", style="dim italic"))
    else:
        parts.append(Text("no consumer groups (XGROUP CREATE key group $ adds one)", style="dim italic"))
    return Group(*parts)
