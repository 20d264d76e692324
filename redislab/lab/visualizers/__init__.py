"""Pictures of one key's value, one module per data type.

Every visualizer is a pure function ``render(view) -> rich renderable`` so it can be
tested without a terminal. ``view`` carries what was read, once, from the engine's
keyspace *without* side effects: no LRU touch, no lazy-expiry deletion, no stats
(``peek``). Big values are windowed: at most ``WINDOW`` items are ever rendered, so a
100 000-member key draws as fast as a 3-member one.
"""
from __future__ import annotations

import builtins
import weakref
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
    notes: object = None     # what the lab saw the learner run (Notes), if anyone watched
    alt: int = 0             # which of the type's pictures to draw (F7 cycles them)
    db: int = 0

    @property
    def size(self) -> int:
        if self.type == "string":
            # The bit grid windows over bytes; the other string pictures are one item.
            return len(self.value) if self.picture == "bitmap" else 1
        # A module value without a length (a JSON document, a Bloom filter) is one item.
        return len(self.value) if hasattr(self.value, "__len__") else 1

    @property
    def pictures(self) -> list[str]:
        return pictures_of(self)

    @property
    def picture(self) -> str:
        p = self.pictures
        return p[self.alt % len(p)]


def peek(db, key: bytes, now_ms: int):
    """The live value at ``key`` or None, without touching it (the learner's OBJECT
    IDLETIME and eviction order must not change because the lab looked)."""
    v = db.data.get(key)
    if v is None:
        return None
    when = db.expires.get(key)
    if when is not None and when < now_ms:
        return None
    return v


def view_of(db, key: bytes, now_ms: int, offset: int = 0, notes=None, alt: int = 0) -> KeyView | None:
    v = peek(db, key, now_ms)
    if v is None:
        return None
    when = db.expires.get(key)
    try:
        enc = encoding_of(db, key, v)
    except Exception:  # noqa: BLE001 - a new type without encoding() still draws
        enc = "?"
    return KeyView(key, v, type_name(v), enc, None if when is None else when - now_ms, now_ms, offset,
                   notes, alt, db.id)


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
    if v.type != "string" and hasattr(v.value, "__len__"):
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


def slot_line(key: bytes) -> Text:
    """Where a key lives in a cluster: its hash slot, and the part of the name that
    was hashed when a {hash tag} narrowed it (CLUSTER KEYSLOT's answer, drawn)."""
    from ...cluster import hash_tag, key_slot

    t = Text("hash slot ", style="dim")
    t.append(str(key_slot(key)), style="bold green")
    tag = hash_tag(key)
    if tag != key:
        t.append(" · tag ", style="dim")      # short: the line must not wrap at 80 columns
        t.append("{" + show(tag, 40) + "}", style="green")
    return t


def render(v: KeyView | None, key: bytes | None = None, slot: bool = False):
    """The picture for a view (a 'gone' note when the key no longer exists);
    ``slot``: the engine is a cluster, so say which hash slot the key is in."""
    if v is None:
        if key is None:
            return Text("Run a command, or pick a key in the key list (F3), to see how Redis "
                        "stores it.", style="dim")
        return Text(f"{show(key)}: no such key (deleted or expired)", style="dim italic")
    from . import fallback, hash, list, set, string, zset
    from . import bitmap, geo, hll, stream, zset_levels
    from . import json_doc, probabilistic, timeseries

    mod = {"string": string, "list": list, "set": set, "zset": zset, "hash": hash,
           "bitmap": bitmap, "hll": hll, "geo": geo, "stream": stream,
           "zset_levels": zset_levels, "ReJSON-RL": json_doc, "TSDB-TYPE": timeseries,
           "MBbloom--": probabilistic, "MBbloomCF": probabilistic, "CMSk-TYPE": probabilistic,
           "TopK-TYPE": probabilistic}.get(v.picture, fallback)
    parts = [header(v), Text(""), mod.render(v)]
    if slot:
        parts.insert(1, slot_line(v.key))
    others = v.pictures
    # A plain string's text view stays as it was (F1 lists F7): most strings are text.
    if len(others) > 1 and v.picture != "string":
        nxt = others[(v.alt + 1) % len(others)]
        parts.append(Text(f"F7: show as {PICTURE_NAMES.get(nxt, nxt)}", style="dim"))
    return Group(*parts)


# ------------------------------------------------ alternative pictures of one type
PICTURE_NAMES = {"string": "text", "bitmap": "bits", "hll": "HyperLogLog registers",
                 "zset": "leaderboard", "zset_levels": "skiplist levels", "geo": "map"}


def pictures_of(v: KeyView) -> list[str]:
    """The pictures that make sense for a value, the most telling first: an HLL
    string is drawn as registers, a string last written by SETBIT as bits, a
    GEOADD-written sorted set as a map."""
    notes = v.notes
    seen = (lambda kind: notes is not None and (v.db, v.key) in getattr(notes, kind))
    if v.type == "string":
        from .hll import looks_like_hll

        if looks_like_hll(v.value):
            return ["hll", "string", "bitmap"]
        return ["bitmap", "string"] if seen("bitmaps") else ["string", "bitmap"]
    if v.type == "zset":
        from .geo import could_be_geo

        if seen("geo_keys"):
            return ["geo", "zset", "zset_levels"]
        return ["zset", "zset_levels"] + (["geo"] if could_be_geo(v.value) else [])
    return [v.type]


class Notes:
    """What the lab saw the learner run in its console (``CommandRan``): facts a
    value alone cannot tell, such as which members PFADD really added (to set the
    HLL estimate against the exact count), which sorted sets GEOADD wrote, the last
    geo search, and the messages PUBLISH sent. Keys are ``(db id, key)``.

    ``observe`` also says which picture the command asks for (``focus``): a Venn
    diagram after SINTER/SUNION/SDIFF, the channel table after a pub/sub command."""

    def __init__(self) -> None:
        self.hll: dict = {}          # (db, key) -> set of elements added, or None: unknown
        # builtins: this package's submodules set/list/hash shadow the names here
        self.geo_keys: set = builtins.set()
        self.searches: dict = {}     # (db, key) -> the last GEOSEARCH/GEORADIUS (geo.Search)
        self.bitmaps: set = builtins.set()    # strings last written by SETBIT/BITFIELD/BITOP
        self.last_bit = None         # (db, key, offset) of the last SETBIT
        self.messages: list = []     # (time ms, channel, message, receivers), newest last
        self.focus = None
        self._queued: list = []      # commands queued in MULTI, observed at EXEC
        self.list_ops: dict = {}     # (db, key) -> (end, verb, count) of the last push/pop
        self.list_seq = 0            # bumped with each push/pop so the panel redraws

    def _fingerprint(self) -> tuple:
        return (len(self.hll), sum(-1 if t is None else len(t) for t in self.hll.values()),
                len(self.geo_keys), tuple(map(id, self.searches.values())), len(self.bitmaps),
                self.last_bit, id(self.messages[-1]) if self.messages else None, self.list_seq)

    def observe(self, db, argv: list[bytes], reply, now_ms: int = 0) -> bool:
        """Record a command; True when a picture may now look different (the panel
        has already drawn this command's key: it redraws only if so)."""
        before = self._fingerprint()
        self._observe(db, argv, reply, now_ms)
        return self._fingerprint() != before

    def _observe(self, db, argv: list[bytes], reply, now_ms: int = 0) -> None:
        from ...engine.replies import QUEUED
        from ...errors import RedisError

        name = argv[0].lower() if argv else b""
        self.focus = None
        if reply == QUEUED and isinstance(reply, str):
            self._queued.append(argv)
            return
        if name in (b"discard", b"multi"):
            self._queued = []
        if name == b"exec":
            queued, self._queued = self._queued, []
            if isinstance(reply, builtins.list) and len(reply) == len(queued):
                for qa, r in zip(queued, reply):
                    self._observe(db, qa, r, now_ms)
            return
        if isinstance(reply, RedisError) or not argv:
            return
        from . import bitmap, geo, hll, pubsub, venn
        from . import list as list_view

        for mod in (bitmap, geo, hll, pubsub, venn, list_view):
            mod.observe(self, db, name, argv, reply, now_ms)


_NOTES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def notes_for(owner) -> Notes:
    """One notebook per lab app: tallies span its playgrounds, like the engine."""
    notes = _NOTES.get(owner)
    if notes is None:
        notes = _NOTES[owner] = Notes()
    return notes


def render_focus(focus, db, now_ms: int, engine=None, notes=None):
    """The picture a command asked for instead of one key (``Notes.focus``)."""
    from . import pubsub, venn

    mod = {"venn": venn, "pubsub": pubsub}[focus[0]]
    return mod.render_focus(focus, db, now_ms, engine, notes)


def command_keys(argv: list[bytes]) -> list[bytes]:
    """The keys a command line names, from the command table's key positions."""
    from ...engine import registry

    spec = registry.lookup(argv[0])
    if spec is None:
        return []
    if spec.subcommands and len(argv) > 1:
        spec = registry.lookup_sub(spec, argv[1]) or spec
    try:
        return [argv[i] for i in spec.key_indexes(argv) if i < len(argv)]
    except Exception:  # noqa: BLE001 - a malformed line names no keys
        return []


def is_write(argv: list[bytes]) -> bool:
    from ...engine import registry

    spec = registry.lookup(argv[0])
    return spec is not None and "write" in spec.flags
