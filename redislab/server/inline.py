"""Inline commands: the line a person types into telnet (``set greeting "hi there"``).

Redis splits such a line into arguments with its own small grammar, and a lab that
teaches Redis must split it the same way:

* arguments are separated by runs of spaces, tabs, CR or LF;
* ``"..."`` is a double-quoted argument where ``\\n \\r \\t \\b \\a`` and ``\\xHH``
  are escapes and ``\\<c>`` is ``<c>``;
* ``'...'`` is single-quoted; only ``\\'`` is an escape inside it;
* a closing quote must be followed by whitespace or the end of the line, and a
  missing closing quote is an error ("unbalanced quotes");
* quotes may open in the middle of an argument (``a"b c"`` is one argument ``ab c``).

Redis works on C strings, so a NUL byte ends the line; we cut the line there, which
gives the same arguments and the same errors.
"""
from __future__ import annotations

_SEP = b" \n\r\t"                 # what ends an unquoted argument
_LEADING = b" \n\r\t\v\f"         # what is skipped before an argument (C isspace)
_ESC = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("a"): 7}
_HEX = b"0123456789abcdefABCDEF"


def split_inline(line: bytes) -> list[bytes] | None:
    """The arguments of one inline line (without its newline), or None for
    unbalanced quotes."""
    z = line.find(b"\0")
    if z >= 0:
        line = line[:z]
    n = len(line)
    i = 0
    args: list[bytes] = []
    while True:
        while i < n and line[i] in _LEADING:
            i += 1
        if i >= n:
            return args
        cur = bytearray()
        inq = insq = False
        while True:
            if i >= n:
                if inq or insq:
                    return None
                break
            c = line[i]
            if inq:
                if c == 92 and i + 3 < n and line[i + 1] == 120 \
                        and line[i + 2] in _HEX and line[i + 3] in _HEX:
                    cur.append(int(line[i + 2:i + 4], 16))
                    i += 3
                elif c == 92 and i + 1 < n:
                    i += 1
                    e = line[i]
                    cur.append(_ESC.get(e, e))
                elif c == 34:
                    # The closing quote must end the argument.
                    if i + 1 < n and line[i + 1] not in _LEADING:
                        return None
                    i += 1
                    break
                else:
                    cur.append(c)
            elif insq:
                if c == 92 and i + 1 < n and line[i + 1] == 39:
                    cur.append(39)
                    i += 1
                elif c == 39:
                    if i + 1 < n and line[i + 1] not in _LEADING:
                        return None
                    i += 1
                    break
                else:
                    cur.append(c)
            else:
                if c in _SEP:
                    break
                if c == 34:
                    inq = True
                elif c == 39:
                    insq = True
                else:
                    cur.append(c)
            i += 1
        args.append(bytes(cur))
