"""The key browser: every key of the console's database as a tree of ``:`` namespaces.

``user:1:name`` sits under ``user:`` > ``1:``, the naming convention the guide uses.
Each leaf shows the type, the encoding, the memory (as MEMORY USAGE estimates it)
and the TTL, which counts down because the tree refreshes every second. Keys are read without side effects (see
``visualizers.peek``), and a huge keyspace is capped so refreshing stays cheap.
"""
from __future__ import annotations

from itertools import islice

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...engine import memory
from ...engine.encodings import encoding_of
from ...engine.keyspace import type_name
from ..messages import KeyPicked
from ..visualizers import fmt_ttl, show

MAX_KEYS = 1000
_SHORT = {"string": "str"}


def live_keys(db, now_ms: int, limit: int = MAX_KEYS) -> tuple[list[bytes], int]:
    """(up to ``limit`` unexpired keys, sorted; how many keys the db holds)."""
    exp = db.expires
    keys = (k for k in db.data if not (k in exp and exp[k] < now_ms))
    total = len(db.data)
    picked = list(islice(keys, limit)) if total > limit else list(keys)
    picked.sort()
    return picked, total


def key_segments(name: str) -> list[str]:
    """A key's namespace parts, split on ':' but never inside its {hash tag} (Redis's
    rule: the first '{', the first '}' after it, something in between). Splitting
    ``{user:1}:profile`` into "{user:" and "1}:" hid the tag the cluster lesson is about."""
    start = name.find("{")
    end = name.find("}", start + 1) if start >= 0 else -1
    if start < 0 or end <= start + 1:
        return name.split(":")
    parts, cur = [], ""
    for i, ch in enumerate(name):
        if ch == ":" and not start < i < end:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return parts


def human_bytes(n: int) -> str:
    """1234 -> '1.2K', as redis-cli's INFO shows used_memory_human."""
    for unit in ("B", "K", "M", "G"):
        if n < 1024 or unit == "G":
            return f"{n}{unit}" if unit == "B" else f"{n:.1f}{unit}"
        n /= 1024
    return f"{n:.1f}G"


def key_memory(db, key: bytes, v) -> int | None:
    """MEMORY USAGE's figure with its default 5 samples: nested elements are sampled
    and scaled, so a key with a million members costs as little as a small one and
    a refresh every second of up to MAX_KEYS keys stays cheap."""
    try:
        return memory.key_usage(db, key, v, 5, True)
    except Exception:  # noqa: BLE001 - an odd value type still lists, without a size
        return None


def leaf_label(db, key: bytes, now_ms: int, name: str) -> Text:
    v = db.data.get(key)
    t = Text(name, style="bold")
    if v is None:
        return t
    tn = type_name(v)
    try:
        enc = encoding_of(db, key, v)
    except Exception:  # noqa: BLE001 - a type without encoding() still lists
        enc = "?"
    t.append(f"  {_SHORT.get(tn, tn)}", style="cyan")
    t.append(f"·{enc}", style="magenta")
    size = key_memory(db, key, v)
    if size is not None:
        t.append(f" {human_bytes(size)}", style="green")
    when = db.expires.get(key)
    if when is not None:
        t.append(f" ⏱{fmt_ttl(when - now_ms)}", style="yellow")
    return t


class KeyBrowser(Tree):
    """A Tree whose leaves carry the key (bytes) as data."""

    DEFAULT_CSS = """
    KeyBrowser { height: 1fr; scrollbar-size-vertical: 1; }
    """

    def __init__(self, db_of, now_ms, **kw):
        """``db_of()`` gives the Db to show (it follows SELECT), ``now_ms()`` the time."""
        super().__init__("keys", **kw)
        self.db_of = db_of
        self.now_ms = now_ms
        self.show_root = False
        self.guide_depth = 2
        self._keys: list[bytes] = []
        self._leaves: dict[bytes, TreeNode] = {}
        self._collapsed: set[str] = set()
        self._dbid = None

    def on_mount(self) -> None:
        self.refresh_keys()
        self.set_interval(1.0, self.refresh_keys)

    @property
    def keys_shown(self) -> list[bytes]:
        return list(self._keys)

    def label_of(self, key: bytes) -> str:
        node = self._leaves.get(key)
        return "" if node is None else node.label.plain

    def refresh_keys(self) -> None:
        """Rebuild when the set of keys changed, else just relabel (TTLs tick)."""
        db, now = self.db_of(), self.now_ms()
        try:
            keys, total = live_keys(db, now)
        except RuntimeError:
            return   # another client (RESP server thread) changed the db mid-read: next tick
        if keys != self._keys or db.id != self._dbid:
            self._rebuild(db, keys, total, now)
        else:
            for key, node in self._leaves.items():
                node.set_label(leaf_label(db, key, now, node.data[1]))

    def _rebuild(self, db, keys: list[bytes], total: int, now: int) -> None:
        picked = self.cursor_node.data[0] if self.cursor_node and self.cursor_node.data else None
        self._keys, self._dbid = keys, db.id
        self._leaves = {}
        self.clear()
        self.root.set_label(f"db{db.id}")
        if not keys:
            self.root.add_leaf(Text("(no keys yet)", style="dim italic"))
        groups: dict[str, tuple[TreeNode, str]] = {}
        for key in keys:
            parts = key_segments(show(key, 200))
            parent, path = self.root, ""
            for seg in parts[:-1]:
                path += seg + ":"
                node = groups.get(path, (None, ""))[0]
                if node is None:
                    node = parent.add(Text(seg + ":", style="blue"), data=None,
                                      expand=path not in self._collapsed)
                    node.data = (None, path)
                    groups[path] = (node, seg)
                parent = node
            self._leaves[key] = parent.add_leaf(leaf_label(db, key, now, parts[-1]), data=(key, parts[-1]))
        for node, seg in groups.values():
            node.set_label(Text.assemble((seg + ":", "blue"), (f" ({_count(node)})", "dim")))
        if total > len(keys) and total > MAX_KEYS:
            self.root.add_leaf(Text(f"… {total - len(keys)} more keys (use SCAN)", style="dim italic"))
        self.root.expand()
        if picked is not None and picked in self._leaves:
            self.move_cursor(self._leaves[picked])

    def select_key(self, key: bytes) -> None:
        """Put the cursor on ``key`` (after the console touched it)."""
        node = self._leaves.get(key)
        if node is not None:
            self.move_cursor(node)

    # Remember which namespaces the learner folded, across rebuilds.
    def on_tree_node_collapsed(self, event: Tree.NodeCollapsed) -> None:
        if event.node.data and event.node.data[0] is None:
            self._collapsed.add(event.node.data[1])

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        if event.node.data and event.node.data[0] is None:
            self._collapsed.discard(event.node.data[1])

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        # Only the learner's own cursor moves count: rebuilds and select_key move
        # the cursor too, while the console has focus.
        data = event.node.data
        if self.has_focus and data and data[0] is not None:
            self.post_message(KeyPicked(data[0]))

    def on_tree_node_selected(self, event: Tree.NodeSelected) -> None:
        data = event.node.data
        if data and data[0] is not None:
            self.post_message(KeyPicked(data[0]))


def _count(node: TreeNode) -> int:
    return sum(1 if not c.children else _count(c) for c in node.children
               if c.data and (c.data[0] is not None or c.children))
