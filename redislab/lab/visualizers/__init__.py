"""Pictures of one key's value, one module per data type.

Every visualizer is a pure function ``render(view) -> rich renderable`` so it can be
tested without a terminal. ``view`` carries what was read, once, from the engine's
keyspace *without* side effects: no LRU touch, no lazy-expiry deletion, no stats
(``peek``). Big values are windowed: at most ``WINDOW`` items are ever rendered, so a
100 000-member key draws as fast as a 3-member one.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.text import Text

from ...engine.encodings import encoding_of
from ...engine.keyspace import type_name

WINDOW = 200


@dataclass
class KeyView:
    key: bytes
    value: object
    type: str
    encoding: str
    ttl_ms: int | None       # None: no TTL
    now_ms: int
    offset: int = 0          # first item of the window

    @property
    def size(self) -> int:
        return 1 if self.type == "string" else len(self.value)


def peek(db, key: bytes, now_ms: int):
    """The live value at ``key`` or None, without touching it (the learner's OBJECT
    IDLETIME and eviction order must not change because the lab looked)."""
    v = db.data.get(key)
    if v is None:
        return None
    when = db.expires.get(key)
    if when is not None and when <= now_ms:
        return None
    return v


def view_of(db, key: bytes, now_ms: int, offset: int = 0) -> KeyView | None:
    v = peek(db, key, now_ms)
    if v is None:
        return None
    when = db.expires.get(key)
    try:
        enc = encoding_of(db, key, v)
    except Exception:  # noqa: BLE001 - a new type without encoding() still draws
        enc = "?"
    return KeyView(key, v, type_name(v), enc, None if when is None else when - now_ms, now_ms, offset)


def fmt_ttl(ms: int | None) -> str:
    if ms is None:
        return "no TTL"
    s = max(0, ms) / 1000
    if s < 10:
        return f"{s:.1f}s"
    s = int(s)
    if s < 3600:
        return f"{s // 60}m{s % 60:02d}s" if s >= 60 else f"{s}s"
    return f"{s // 3600}h{s % 3600 // 60:02d}m"


def show(b: bytes, limit: int = 60) -> str:
    """A value as the learner typed it (UTF-8), control bytes escaped, shortened."""
    s = b.decode("utf-8", "backslashreplace") if isinstance(b, bytes) else str(b)
    s = "".join(c if c.isprintable() else repr(c)[1:-1] for c in s)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def header(v: KeyView) -> Text:
    t = Text()
    t.append(show(v.key, 80), style="bold")
    t.append("\n")
    t.append(v.type, style="bold cyan")
    t.append(" · encoding ", style="dim")
    t.append(v.encoding, style="magenta")
    if v.type != "string":
        t.append(" · ", style="dim")
        t.append(f"{v.size} item" + ("" if v.size == 1 else "s"))
    t.append(" · ", style="dim")
    t.append(("TTL " + fmt_ttl(v.ttl_ms)) if v.ttl_ms is not None else "no TTL",
             style="yellow" if v.ttl_ms is not None else "dim")
    return t


def window_note(v: KeyView, shown: int) -> Text | None:
    """"items 200-399 of 100000" when windowed ([ and ] move it)."""
    if v.size <= shown and v.offset == 0:
        return None
    lo = v.offset
    return Text(f"items {lo}–{lo + shown - 1} of {v.size} · [ and ] move the window", style="dim italic")


def render(v: KeyView | None, key: bytes | None = None):
    """The picture for a view (a 'gone' note when the key no longer exists)."""
    if v is None:
        if key is None:
            return Text("Pick a key on the left/above to see how Redis stores it.", style="dim")
        return Text(f"{show(key)}: no such key (deleted or expired)", style="dim italic")
    from . import fallback, hash, list, set, string, zset

    mod = {"string": string, "list": list, "set": set, "zset": zset, "hash": hash}.get(v.type, fallback)
    return Group(header(v), Text(""), mod.render(v))
