"""Any type without its own picture yet: what we know about it, and how to look."""
from __future__ import annotations

from rich.text import Text


def render(v):
    return Text(f"No picture for {v.type} keys yet. Inspect it with TYPE, OBJECT ENCODING "
                f"and the type's read commands in the console.", style="dim italic")
