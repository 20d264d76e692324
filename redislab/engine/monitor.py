"""The line MONITOR shows for each command, formatted as redis-server formats it."""
from __future__ import annotations

from .replies import Status


def _quote(a: bytes) -> str:
    # Redis quotes with sdscatrepr: printable ASCII as is, \n \r \t \a \b escaped, rest \xHH.
    out = ['"']
    for c in a:
        ch = chr(c)
        if ch == "\\" or ch == '"':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\a":
            out.append("\\a")
        elif ch == "\b":
            out.append("\\b")
        elif 32 <= c < 127:
            out.append(ch)
        else:
            out.append("\\x%02x" % c)
    out.append('"')
    return "".join(out)


def format_monitor_line(now_us: int, s, argv) -> Status:
    if s.in_script:
        origin = "lua"
    elif s.kind == "unix":
        origin = "unix:" + s.addr
    else:
        origin = s.addr or "127.0.0.1:0"
    args = " ".join(_quote(a if isinstance(a, bytes) else str(a).encode()) for a in argv)
    return Status("%d.%06d [%d %s] %s" % (now_us // 1_000_000, now_us % 1_000_000, s.dbnum, origin, args))
