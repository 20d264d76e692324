"""A string key: the value, its byte length, and why Redis chose its encoding."""
from __future__ import annotations

from rich.console import Group
from rich.text import Text

from . import show

_WHY = {
    "int": "the whole value is a 64-bit integer, stored as a number (INCR works on it)",
    "embstr": "44 bytes or less: header and bytes in one allocation",
    "raw": "longer than 44 bytes, or edited in place (APPEND, SETRANGE): a separate buffer",
}


def render(v):
    value: bytes = v.value
    body = Text()
    body.append('"', style="dim")
    body.append(show(value, 600), style="green")
    body.append('"', style="dim")
    info = Text(f"{len(value)} byte" + ("" if len(value) == 1 else "s"), style="dim")
    why = Text(f"{v.encoding}: {_WHY.get(v.encoding, '')}", style="dim italic")
    return Group(body, info, why)
