"""Argument hints and next-token candidates from the command table's ``args`` grammar.

redis-cli shows, after what has been typed, the rest of the command's syntax
(``SET k v `` -> ``[NX|XX] [GET] [EX seconds|...]``). This walks the typed words
over the grammar (tokens, positionals, optional and repeated arguments, one-ofs and
blocks) greedily, as redis-cli does, and reports what may still follow.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..engine import registry


def resolve(words: list[str]):
    """(spec, number of words naming it) for typed words, e.g. ["CONFIG", "GET", ...]
    -> (CONFIG|GET spec, 2). (None, 0) when the command is unknown."""
    if not words:
        return None, 0
    registry.load_all()
    spec = registry.lookup(words[0])
    if spec is None:
        return None, 0
    if spec.subcommands and len(words) > 1:
        sub = registry.lookup_sub(spec, words[1])
        if sub is not None:
            return sub, 2
    return spec, 1


def _base(a) -> str:
    """An argument's hint without its optional brackets and repetition."""
    if a.type == "pure-token":
        return a.token
    if a.type == "oneof":
        return "|".join(x.hint() for x in a.args)
    if a.type == "block":
        s = " ".join(x.hint() for x in a.args)
        return f"{a.token} {s}" if a.token else s
    s = a.display or a.name
    return f"{a.token} {s}" if a.token else s


def _value(a):
    """The value part of a token argument (``EX seconds`` -> ``seconds``)."""
    return registry.Arg(a.name, a.type, display=a.display)


def _token_match(a, word: str):
    """If ``word`` is a token that starts argument ``a``: the arguments that must follow."""
    w = word.upper()
    if a.type == "pure-token":
        return [] if a.token.upper() == w else None
    if a.type == "oneof":
        for alt in a.args:
            rest = _token_match(alt, word)
            if rest is not None:
                return rest
        return None
    if a.type == "block":
        if a.token:
            return list(a.args) if a.token.upper() == w else None
        if a.args:
            rest = _token_match(a.args[0], word)
            if rest is not None:
                return rest + list(a.args[1:])
        return None
    if a.token:
        return [_value(a)] if a.token.upper() == w else None
    return None


def _positional(a) -> bool:
    if a.token or a.type == "pure-token":
        return False
    if a.type == "oneof":
        return any(_positional(x) for x in a.args)
    if a.type == "block":
        return bool(a.args) and _positional(a.args[0])
    return True


def _tokens(a) -> list[str]:
    if a.type == "pure-token":
        return [a.token]
    if a.type == "oneof":
        return [t for x in a.args for t in _tokens(x)]
    if a.type == "block":
        return [a.token] if a.token else (_tokens(a.args[0]) if a.args else [])
    return [a.token] if a.token else []


def _is_key(a) -> bool:
    if a.type == "key":
        return True
    if a.type == "oneof":
        return any(_is_key(x) for x in a.args if not x.token)
    if a.type == "block" and a.args and not a.token:
        return _is_key(a.args[0])
    return False


@dataclass
class Match:
    args: tuple
    pos: int = 0
    pending: list = field(default_factory=list)
    satisfied: set = field(default_factory=set)

    def feed(self, word: str) -> None:
        if self.pending:
            self.pending.pop(0)
            return
        args, j = self.args, self.pos
        while j < len(args):
            a = args[j]
            if j in self.satisfied and a.multiple and _positional(a):
                # a repeated argument keeps eating words unless a later token matches
                for k in range(j + 1, len(args)):
                    rest = _token_match(args[k], word)
                    if rest is not None:
                        self._take(k, rest)
                        return
                    if not args[k].optional:
                        break
                self._take(j, [])
                return
            rest = _token_match(a, word)
            if rest is not None:
                self._take(j, rest)
                return
            if _positional(a):
                rest = list(a.args[1:]) if a.type == "block" else []
                self._take(j, rest)
                return
            if a.optional or j in self.satisfied:
                j += 1
                continue
            return  # a required token that was not typed: leave the word unmatched

    def _take(self, j: int, pending: list) -> None:
        a = self.args[j]
        self.pending = list(pending)
        self.satisfied.add(j)
        self.pos = j if a.multiple else j + 1

    def hint(self) -> str:
        parts = [_base(p) if p.type != "pure-token" else p.token for p in self.pending]
        for j in range(self.pos, len(self.args)):
            a = self.args[j]
            if j in self.satisfied and a.multiple:
                parts.append(f"[{_base(a)} ...]")
            else:
                parts.append(a.hint())
        return " ".join(parts)

    def next_args(self) -> list:
        """Arguments that may come next: every optional one up to the first required."""
        if self.pending:
            return [self.pending[0]]
        out = []
        for j in range(self.pos, len(self.args)):
            a = self.args[j]
            out.append(a)
            if not a.optional and j not in self.satisfied:
                break
        return out

    def next_tokens(self) -> list[str]:
        return [t for a in self.next_args() for t in _tokens(a)]

    def key_next(self) -> bool:
        return any(_is_key(a) for a in self.next_args())


def match(words: list[str]):
    """(spec, Match) after feeding the argument words, or (None, None)."""
    spec, used = resolve(words)
    if spec is None:
        return None, None
    m = Match(spec.args)
    for w in words[used:]:
        m.feed(w)
    return spec, m


def hint_for(line: str) -> str:
    """The grey text redis-cli would show after ``line`` ('' when none)."""
    from .tokenize import split_words

    words, ends_space = split_words(line)
    if not words:
        return ""
    spec, m = match(words)
    if spec is None:
        return ""
    if len(words) == 1 and spec.subcommands and not spec.args:
        text = "|".join(sorted(s.upper() for s in spec.subcommands))
        text = f"<{text}>" if len(text) < 60 else "subcommand"
    else:
        text = m.hint()
    if not text:
        return ""
    return text if ends_space else " " + text
