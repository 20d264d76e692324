"""Split a typed line into arguments with redis-cli's rules (its sdssplitargs).

Double quotes understand \\n \\r \\t \\b \\a \\\\ \\" and \\xHH; single quotes only \\'.
A closing quote must be followed by a space or the end of the line, and an
unterminated quote makes the whole line invalid, as in redis-cli.
"""
from __future__ import annotations


class TokenizeError(ValueError):
    """redis-cli answers such lines with "Invalid argument(s)"."""


_DQ_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "a": "\a"}
_HEX = "0123456789abcdefABCDEF"


def split_args(line: str) -> list[bytes]:
    """Arguments as bytes (\\xHH may produce any byte)."""
    args: list[bytes] = []
    i, n = 0, len(line)
    while True:
        while i < n and line[i].isspace():
            i += 1
        if i >= n:
            return args
        cur = bytearray()
        in_dq = in_sq = False
        while True:
            if in_dq:
                if i >= n:
                    raise TokenizeError("unbalanced quotes")
                c = line[i]
                if c == "\\" and i + 3 < n and line[i + 1] == "x" and line[i + 2] in _HEX and line[i + 3] in _HEX:
                    cur.append(int(line[i + 2:i + 4], 16))
                    i += 3
                elif c == "\\" and i + 1 < n:
                    i += 1
                    cur += _DQ_ESCAPES.get(line[i], line[i]).encode()
                elif c == '"':
                    if i + 1 < n and not line[i + 1].isspace():
                        raise TokenizeError("closing quote must be followed by a space")
                    i += 1
                    break
                else:
                    cur += c.encode()
            elif in_sq:
                if i >= n:
                    raise TokenizeError("unbalanced quotes")
                c = line[i]
                if c == "\\" and i + 1 < n and line[i + 1] == "'":
                    i += 1
                    cur += b"'"
                elif c == "'":
                    if i + 1 < n and not line[i + 1].isspace():
                        raise TokenizeError("closing quote must be followed by a space")
                    i += 1
                    break
                else:
                    cur += c.encode()
            else:
                if i >= n:
                    break
                c = line[i]
                if c.isspace():
                    break
                if c == '"':
                    in_dq = True
                elif c == "'":
                    in_sq = True
                else:
                    cur += c.encode()
            i += 1
        args.append(bytes(cur))


def split_words(line: str) -> tuple[list[str], bool]:
    """Lenient split for completion and hints while the user is still typing:
    (words, ends_with_space). Never raises; an open quote just runs to the end."""
    words: list[str] = []
    cur, quote, started = [], None, False
    for c in line:
        if quote:
            if c == quote:
                quote = None
            else:
                cur.append(c)
        elif c in "\"'":
            quote, started = c, True
        elif c.isspace():
            if started or cur:
                words.append("".join(cur))
            cur, started = [], False
        else:
            cur.append(c)
            started = True
    if started or cur or quote:
        words.append("".join(cur))
    ends_space = bool(line) and line[-1].isspace() and quote is None
    return words, ends_space
