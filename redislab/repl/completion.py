"""Tab completion for the console: command names, subcommands, option tokens, keys.

Everything comes from the command table (nothing hard-coded) plus a ``keys(prefix)``
callback that the console backs with SCAN on whichever server it talks to.
"""
from __future__ import annotations

from typing import Callable, Iterable

from prompt_toolkit.completion import Completer, Completion

from ..engine import registry
from . import grammar
from .tokenize import split_words

# Words the console handles itself (not sent to the server).
LOCAL_COMMANDS = ("HELP", "CLEAR", "QUIT", "EXIT")


def _case_like(word: str, candidate: str) -> str:
    """Complete in the letter case the user started typing, as redis-cli does."""
    return candidate.lower() if word and word[0].islower() else candidate.upper()


def candidates(line: str, keys: Callable[[str], Iterable[str]] | None = None) -> list[str]:
    """Completions for the word under the cursor at the end of ``line``."""
    words, ends_space = split_words(line)
    current = "" if ends_space or not words else words[-1]
    done = words if ends_space else words[:-1]
    up = current.upper()
    if not done:
        names = sorted({s.name.upper() for s in registry.load_all().values()} | set(LOCAL_COMMANDS))
        return [_case_like(current, n) for n in names if n.startswith(up)]
    if done[0].upper() == "HELP" and len(done) == 1:
        groups = sorted({"@" + s.group for s in registry.COMMANDS.values()})
        names = sorted(s.name.upper() for s in registry.COMMANDS.values())
        return [c if c.startswith("@") else _case_like(current, c)
                for c in groups + names if c.upper().startswith(up)]
    spec, used = grammar.resolve(done)
    if spec is None:
        return []
    if used == 1 and len(done) == 1 and spec.subcommands:
        subs = sorted(s.upper() for s in spec.subcommands)
        return [_case_like(current, s) for s in subs if s.startswith(up)]
    _, m = grammar.match(done)
    out = [_case_like(current, t) for t in dict.fromkeys(m.next_tokens()) if t.upper().startswith(up)]
    if keys is not None and m.key_next():
        out += [k for k in keys(current) if k.startswith(current)]
    return out


class RedisCompleter(Completer):
    def __init__(self, keys: Callable[[str], Iterable[str]] | None = None):
        self.keys = keys

    def get_completions(self, document, complete_event):
        line = document.text_before_cursor
        words, ends_space = split_words(line)
        current = "" if ends_space or not words else words[-1]
        for c in candidates(line, self.keys):
            text = c if " " not in c else f'"{c}"'
            yield Completion(text, start_position=-len(current))
