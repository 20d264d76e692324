"""A RedisJSON document as a tree, each node labelled with the JSONPath that reaches
it: the learner sees which path names which part before typing JSON.GET."""
from __future__ import annotations

import re

from rich.console import Group
from rich.text import Text

from . import WINDOW

_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_STYLE = {"string": "green", "integer": "cyan", "number": "cyan", "boolean": "magenta",
          "null": "dim", "object": "bold", "array": "bold"}


def _kind(x) -> str:
    if x is None:
        return "null"
    if isinstance(x, bool):
        return "boolean"
    if isinstance(x, int):
        return "integer"
    if isinstance(x, float):
        return "number"
    if isinstance(x, str):
        return "string"
    return "array" if isinstance(x, list) else "object"


def _child_path(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    # $.name where it reads as a plain name, $['odd key'] where it does not.
    return f"{path}.{key}" if _PLAIN_KEY.match(key) else f"{path}['{key}']"


def nodes(value, limit: int):
    """(depth, label, value, path) depth first, at most ``limit`` of them."""
    out = []
    stack = [(0, "$", value, "$")]
    while stack and len(out) < limit:
        depth, label, x, path = stack.pop()
        out.append((depth, label, x, path))
        if isinstance(x, dict):
            items = [(k, v) for k, v in x.items()]
        elif isinstance(x, list):
            items = list(enumerate(x))
        else:
            continue
        for k, v in reversed(items):
            stack.append((depth + 1, f"[{k}]" if isinstance(k, int) else str(k), v, _child_path(path, k)))
    return out


def _scalar(x) -> str:
    from ...modules.json.document import dumps

    text = dumps(x)
    return text if len(text) <= 60 else text[:57] + "..."


def _value(x) -> Text:
    kind = _kind(x)
    if kind == "object":
        return Text("{" + f"{len(x)} key" + ("" if len(x) == 1 else "s") + "}", style=_STYLE[kind])
    if kind == "array":
        return Text(f"[{len(x)} item" + ("" if len(x) == 1 else "s") + "]", style=_STYLE[kind])
    return Text(_scalar(x), style=_STYLE[kind])


class _Tree:
    """The nodes as an indented tree with each path on the right when the panel is wide
    enough; otherwise (80x24) one line per node, ``path  value``, so the paths - the
    point of this picture - stay whole instead of all ending in "$.address.…"."""

    def __init__(self, rows):
        self.rows = rows

    def __rich_console__(self, console, options):
        from rich.table import Table

        trees = []
        for depth, label, x, path in self.rows:
            t = Text("  " * depth)
            t.append(label, style="bold yellow" if depth else "bold")
            t.append(": ", style="dim")
            trees.append(t + _value(x))
        width = max((t.cell_len for t in trees), default=0) + 2 + max(
            (len(r[3]) for r in self.rows), default=0)
        if width <= options.max_width:
            grid = Table.grid(padding=(0, 2), expand=False)
            grid.add_column(no_wrap=True)
            grid.add_column(no_wrap=True, style="dim")
            for t, r in zip(trees, self.rows):
                grid.add_row(t, r[3])
            yield grid
            return
        for depth, label, x, path in self.rows:
            line = Text(path, style="bold yellow" if depth else "bold")
            line.append("  ")
            line.append_text(_value(x))
            line.no_wrap, line.overflow = True, "ellipsis"
            yield line


def render(v):
    value = getattr(v.value, "value", None)
    rows = nodes(value, WINDOW + 1)
    lines = [_Tree(rows[:WINDOW])]
    if len(rows) > WINDOW:
        lines.append(Text(f"... the first {WINDOW} nodes shown; JSON.GET with a path reads the rest",
                          style="dim italic"))
    lines.append(Text("$ paths answer a JSON array of every match; legacy paths (.name) "
                      "answer the one value.", style="dim italic"))
    return Group(*lines)
