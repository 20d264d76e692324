"""Pub/Sub is not stored in keys, so its picture is the engine's routing table.

After a (P|S)SUBSCRIBE, UNSUBSCRIBE or PUBLISH in the console the key panel shows
every channel and pattern with its subscribers (read from ``engine/pubsub.py``'s
tables, so subscribers on other connections, redis-cli or redis-py, appear too) and
the last messages the console published, with how many subscribers received each:
a message published to a channel nobody listens to is gone, which is the lesson.
"""
from __future__ import annotations

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text

from . import show

_COMMANDS = {b"subscribe", b"psubscribe", b"ssubscribe", b"unsubscribe", b"punsubscribe",
             b"sunsubscribe", b"publish", b"spublish", b"pubsub"}
KEEP = 12                # messages remembered
SHOWN = 8


def observe(notes, db, name, argv, reply, now_ms) -> None:
    if name not in _COMMANDS:
        return
    notes.focus = ("pubsub",)
    if name in (b"publish", b"spublish") and len(argv) == 3 and isinstance(reply, int):
        notes.messages.append((now_ms, argv[1], argv[2], reply, name == b"spublish"))
        del notes.messages[:-KEEP]


def _who(s) -> str:
    label = s.name.decode("utf-8", "replace") if isinstance(s.name, bytes) else (s.name or "")
    kind = "this lab" if s.kind == "lab" else s.kind
    return f"#{s.id} {label or kind}"


def _table(title: str, rows: dict, style: str) -> Table | Text:
    if not rows:
        return Text(f"no {title}s", style="dim italic")
    t = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    t.add_column(title, style=style, no_wrap=True)
    t.add_column("subscribers", overflow="fold")
    for name, subs in list(rows.items())[:100]:
        who = [_who(s) for s in list(subs)[:6]]
        more = f" +{len(subs) - 6}" if len(subs) > 6 else ""
        t.add_row(show(name, 30), f"{len(subs)}: " + ", ".join(who) + more)
    return t


def render_focus(focus, db, now_ms: int, engine, notes):
    ps = engine.extensions.get("pubsub") if engine is not None else None
    channels = dict(ps.channels) if ps is not None else {}
    patterns = dict(ps.patterns) if ps is not None else {}
    shards = dict(ps.shard_channels) if ps is not None else {}
    head = Text()
    head.append("Pub/Sub", style="bold")
    head.append(f" · {len(channels)} channel(s) · {len(patterns)} pattern(s)", style="dim")
    parts = [head, Text("messages are not stored: only current subscribers receive them",
                        style="dim italic"), Text(""),
             _table("channel", channels, "bold cyan"), _table("pattern", patterns, "bold magenta")]
    if shards:
        parts.append(_table("shard channel", shards, "bold blue"))
    parts.append(Text(""))
    msgs = list(notes.messages)[-SHOWN:] if notes is not None else []
    if not msgs:
        parts.append(Text("no messages published from this console yet (PUBLISH channel text)",
                          style="dim italic"))
    else:
        parts.append(Text("last messages published here (newest first)", style="bold"))
        for when, chan, msg, n, shard in reversed(msgs):
            t = Text(f"{(now_ms - when) / 1000:5.1f}s ago ", style="dim")
            t.append(show(chan, 20), style="bold cyan")
            t.append(" ← ", style="dim")
            t.append(show(msg, 40), style="green")
            t.append(f"  → {n} receiver{'' if n == 1 else 's'}",
                     style="bold yellow" if n else "bold red")
            if not n:
                t.append(" (lost)", style="red")
            parts.append(t)
    return Group(*parts)
