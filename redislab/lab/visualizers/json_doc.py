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


def render(v):
    from rich.table import Table

    value = getattr(v.value, "value", None)
    rows = nodes(value, WINDOW + 1)
    # Two columns, so a narrow panel (80x24) shortens the paths with "…" instead of
    # wrapping every node onto two lines.
    grid = Table.grid(padding=(0, 2), expand=False)
    grid.add_column(no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True, overflow="ellipsis", style="dim")
    lines = [grid]
    for depth, label, x, path in rows[:WINDOW]:
        kind = _kind(x)
        t = Text("  " * depth)
        t.append(label, style="bold yellow" if depth else "bold")
        t.append(": ", style="dim")
        if kind == "object":
            t.append("{" + f"{len(x)} key" + ("" if len(x) == 1 else "s") + "}", style=_STYLE[kind])
        elif kind == "array":
            t.append(f"[{len(x)} item" + ("" if len(x) == 1 else "s") + "]", style=_STYLE[kind])
        else:
            t.append(_scalar(x), style=_STYLE[kind])
        grid.add_row(t, path)
    if len(rows) > WINDOW:
        lines.append(Text(f"... the first {WINDOW} nodes shown; JSON.GET with a path reads the rest",
                          style="dim italic"))
    lines.append(Text("Each node's JSONPath is on its right: $ paths answer a JSON array of every "
                      "match; legacy paths (.name) answer the one value.", style="dim italic"))
    return Group(*lines)
