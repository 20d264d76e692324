"""Colour a typed command line by what each word means to the command's grammar.

Pure functions (no Textual) so they are unit-tested and shared by the live input
line and the echo of a command in the log. The split is lenient (a half-typed
quote runs to the end), because the line is highlighted while it is typed.
"""
from __future__ import annotations

import re

from rich.text import Text

from ...engine import registry
from ...repl import grammar
from ...repl.completion import LOCAL_COMMANDS

# One style per role; the test names roles, not colours, so a palette change is cheap.
STYLES = {
    "command": "bold cyan",
    "unknown": "bold red",
    "subcommand": "cyan",
    "option": "magenta",
    "key": "yellow",
    "string": "green",
    "number": "blue",
}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|[+-]?inf$", re.I)


def spans(line: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, word, quoted) for each word; quotes are part of the span."""
    out: list[tuple[int, int, str, bool]] = []
    i, n = 0, len(line)
    while i < n:
        if line[i].isspace():
            i += 1
            continue
        start, cur, quoted, quote = i, [], False, None
        while i < n and (quote or not line[i].isspace()):
            c = line[i]
            if quote:
                if c == "\\" and quote == '"' and i + 1 < n:
                    cur.append(line[i + 1])
                    i += 1
                elif c == quote:
                    quote = None
                else:
                    cur.append(c)
            elif c in "\"'":
                quote, quoted = c, True
            else:
                cur.append(c)
            i += 1
        out.append((start, i, "".join(cur), quoted))
    return out


def _all_tokens(args) -> set[str]:
    """Every option word the grammar knows anywhere (NX, EX, WITHSCORES, ...).
    Collected over the whole tree, not just what may come next, so a token typed
    in an unusual order is still shown as an option."""
    out: set[str] = set()
    for a in args:
        if a.token:
            out.add(a.token.upper())
        if a.args:
            out |= _all_tokens(a.args)
    return out


def roles(line: str) -> list[tuple[int, int, str]]:
    """(start, end, role) for each word of ``line``; role is a key of STYLES or ''."""
    sp = spans(line)
    if not sp:
        return []
    words = [w for _, _, w, _ in sp]
    spec, used = grammar.resolve(words)
    first = sp[0]
    out: list[tuple[int, int, str]] = []
    known = spec is not None or words[0].upper() in LOCAL_COMMANDS
    out.append((first[0], first[1], "command" if known else "unknown"))
    if used == 2:
        out.append((sp[1][0], sp[1][1], "subcommand"))
    keys: set[int] = set()
    tokens: set[str] = set()
    if spec is not None:
        try:
            keys = set(spec.key_indexes([w.encode("utf-8", "surrogateescape") for w in words]))
        except Exception:  # noqa: BLE001 - a half-typed line may not fit the key spec yet
            keys = set()
        tokens = _all_tokens(spec.args)
    for i, (s, e, w, quoted) in enumerate(sp[max(used, 1):], start=max(used, 1)):
        if i in keys:
            role = "key"
        elif quoted:
            role = "string"
        elif w.upper() in tokens:
            role = "option"
        elif _NUMBER.match(w):
            role = "number"
        else:
            role = ""
        out.append((s, e, role))
    return out


def highlight(line: str, base: str = "") -> Text:
    """``line`` as a Rich Text with a style span per recognised word."""
    registry.load_all()
    text = Text(line, style=base)
    for s, e, role in roles(line):
        if role:
            text.stylize(STYLES[role], s, e)
    return text
