"""Encode engine replies as RESP2 or RESP3 bytes.

The engine returns plain Python values (see engine/replies.py); this is the only
place they become wire bytes. RESP2 folds the RESP3-only types: maps into flat
arrays, doubles and big numbers into bulk strings, booleans into 1/0 integers,
every null into $-1 except the null array (*-1).
"""
from __future__ import annotations

from ..engine.args import format_double
from ..engine.replies import NULL_ARRAY, BigNumber, MapReply, Multi, Push, SetReply, Status, Verbatim
from ..errors import RedisError


class ProtocolError(Exception):
    """Malformed input from a client; the server replies with the message and closes."""


def encode(reply, resp: int = 2) -> bytes:
    out: list[bytes] = []
    _enc(reply, resp, out)
    return b"".join(out)


def _enc(r, resp: int, out: list) -> None:
    t = type(r)
    if t is bytes:
        out.append(b"$%d\r\n%s\r\n" % (len(r), r))
    elif t is int:
        out.append(b":%d\r\n" % r)
    elif r is None:
        out.append(b"$-1\r\n" if resp == 2 else b"_\r\n")
    elif t is list or t is tuple:
        out.append(b"*%d\r\n" % len(r))
        for x in r:
            _enc(x, resp, out)
    elif t is Status:
        out.append(b"+%s\r\n" % r.encode())
    elif isinstance(r, RedisError):
        out.append(b"-%s\r\n" % r.message.encode("utf-8", "replace"))
    elif t is float:
        if resp == 2:
            d = format_double(r)
            out.append(b"$%d\r\n%s\r\n" % (len(d), d))
        else:
            out.append(b",%s\r\n" % format_double(r))
    elif t is bool:
        if resp == 2:
            out.append(b":1\r\n" if r else b":0\r\n")
        else:
            out.append(b"#t\r\n" if r else b"#f\r\n")
    elif t is dict or t is MapReply:
        items = r.items() if t is dict else r
        n = len(r)
        if resp == 2:
            out.append(b"*%d\r\n" % (2 * n))
        else:
            out.append(b"%%%d\r\n" % n)
        for k, v in items:
            _enc(k, resp, out)
            _enc(v, resp, out)
    elif t is SetReply:
        out.append((b"*%d\r\n" if resp == 2 else b"~%d\r\n") % len(r))
        for x in r:
            _enc(x, resp, out)
    elif t is Push:
        out.append((b"*%d\r\n" if resp == 2 else b">%d\r\n") % len(r))
        for x in r:
            _enc(x, resp, out)
    elif t is Multi:
        for x in r:
            _enc(x, resp, out)
    elif r is NULL_ARRAY:
        out.append(b"*-1\r\n" if resp == 2 else b"_\r\n")
    elif t is Verbatim:
        b = r.encode()
        if resp == 2:
            out.append(b"$%d\r\n%s\r\n" % (len(b), b))
        else:
            out.append(b"=%d\r\n%s:%s\r\n" % (len(b) + 4, r.fmt.encode(), b))
    elif t is BigNumber:
        if resp == 2:
            b = str(int(r)).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(b), b))
        else:
            out.append(b"(%d\r\n" % r)
    elif t is str:
        b = r.encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    elif isinstance(r, (set, frozenset)):
        _enc(SetReply(r), resp, out)
    elif isinstance(r, int):
        out.append(b":%d\r\n" % r)
    else:
        raise TypeError(f"cannot encode reply of type {t.__name__}")


def encode_command(*args) -> bytes:
    """A command as a RESP array of bulk strings (what clients send)."""
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        if not isinstance(a, bytes):
            a = str(a).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(parts)
