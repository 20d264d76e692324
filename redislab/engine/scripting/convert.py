"""Conversions between engine replies and Lua values, as Redis documents them.

Two directions:

* ``reply_to_lua`` - what ``redis.call`` hands the script. Under RESP2 (the default)
  integers become numbers, bulk strings strings, a null bulk ``false``, arrays
  tables, a status ``{ok=...}`` and an error ``{err=...}``; RESP3-only types are
  first folded the way the RESP2 encoder folds them. After ``redis.setresp(3)``
  maps, sets, doubles, big numbers, verbatim strings, booleans and null keep
  their own shapes (``{map=...}``, ``{set=...}``, ``{double=...}``, ...).
* ``lua_to_reply`` - what the script returns. Numbers are truncated to integers,
  ``true`` is 1 and ``false`` null (unless the script chose RESP3, then they are
  booleans), tables are arrays up to the first nil unless they carry one of the
  special fields ``err``, ``ok``, ``map``, ``set``, ``double``, ``big_number``,
  ``verbatim_string``.
"""
from __future__ import annotations

import math

from lupa import lua51

from ...errors import RedisError
from ..args import format_double
from ..replies import NULL_ARRAY, BigNumber, MapReply, SetReply, Status, Verbatim

lua_type = lua51.lua_type

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
# Past this nesting depth Redis gives up too (the C stack would not hold it);
# it also keeps a self-referencing table from recursing forever.
MAX_DEPTH = 200


class CountedError(RedisError):
    """An error reply that a command inside the script already counted in the error
    stats (Redis flags those so that a script passing them on counts them once)."""

    __slots__ = ()


STATS_DONE = b"ignore_error_stats_update"


def lua_number_to_int(n) -> int:
    """C's (long long) cast of a double: truncation; NaN and out-of-range values
    come out as LLONG_MIN on the platforms Redis runs on."""
    if type(n) is int:
        return n if INT64_MIN <= n <= INT64_MAX else INT64_MIN
    if math.isnan(n) or math.isinf(n) or not (-9.223372036854775808e18 <= n < 9.223372036854775808e18):
        return INT64_MIN
    return int(n)


def number_arg(n) -> bytes:
    """A Lua number passed as a command argument: Redis prints it with %.17g."""
    if type(n) is int:
        return b"%d" % n
    if math.isnan(n):
        return b"nan"
    return (b"%.17g" % n)


def error_text(msg: bytes) -> str:
    """An error reply text as redis.error_reply / redis.pcall shape it: the leading
    '-' is optional, a message without a code gets ``ERR``, trailing CR/LF go."""
    if msg.startswith(b"-"):
        body = msg[1:]
        if b" " in body:
            code, rest = body.split(b" ", 1)
        else:
            code, rest = b"ERR", body
    else:
        code, rest = b"ERR", msg
    rest = rest.strip(b"\r\n")
    return (code + b" " + rest).decode("utf-8", "replace")


def oneline(b: bytes) -> str:
    return b.decode("utf-8", "replace").replace("\r", " ").replace("\n", " ")


# ------------------------------------------------------------ reply -> Lua


def reply_to_lua(rt, reply, resp: int, depth: int = 0):
    """Convert an engine reply into a Lua value for a script running under ``resp``."""
    t = type(reply)
    if t is bytes:
        return reply
    if t is int:
        return reply
    if t is bool:
        if resp == 3:
            return reply
        return 1 if reply else 0
    if reply is None or reply is NULL_ARRAY:
        return None if resp == 3 else False
    if t is list or t is tuple or t is SetReply and resp == 2:
        return rt.table_from([reply_to_lua(rt, x, resp, depth + 1) for x in reply])
    if t is Status:
        return rt.table_from({b"ok": reply.encode()})
    if isinstance(reply, RedisError):
        return rt.table_from({b"err": reply.message.encode("utf-8", "replace")})
    if t is float:
        if resp == 3:
            return rt.table_from({b"double": reply})
        return format_double(reply)
    if t is dict or t is MapReply:
        items = reply.items() if t is dict else reply
        if resp == 2:
            flat = []
            for k, v in items:
                flat.append(reply_to_lua(rt, k, resp, depth + 1))
                flat.append(reply_to_lua(rt, v, resp, depth + 1))
            return rt.table_from(flat)
        m = rt.table()
        for k, v in items:
            m[reply_to_lua(rt, k, resp, depth + 1)] = reply_to_lua(rt, v, resp, depth + 1)
        return rt.table_from({b"map": m})
    if t is SetReply or isinstance(reply, (set, frozenset)):
        if resp == 2:
            return rt.table_from([reply_to_lua(rt, x, resp, depth + 1) for x in reply])
        st = rt.table()
        for x in reply:
            st[reply_to_lua(rt, x, resp, depth + 1)] = True
        return rt.table_from({b"set": st})
    if t is Verbatim:
        if resp == 2:
            return reply.encode()
        return rt.table_from({b"verbatim_string": rt.table_from(
            {b"format": reply.fmt.encode(), b"string": reply.encode()})})
    if t is BigNumber:
        if resp == 2:
            return str(int(reply)).encode()
        return rt.table_from({b"big_number": str(int(reply)).encode()})
    if t is str:
        return reply.encode()
    if isinstance(reply, list):        # Push, Multi and other list subclasses
        return rt.table_from([reply_to_lua(rt, x, resp, depth + 1) for x in reply])
    if isinstance(reply, int):
        return int(reply)
    return None


# ------------------------------------------------------------ Lua -> reply


def lua_to_reply(value, resp: int, depth: int = 0):
    """Convert what a script returned into an engine reply. ``resp`` is the protocol
    the script selected with redis.setresp (it decides how booleans go out)."""
    t = type(value)
    if t is bytes:
        return value
    if t is int or t is float:
        return lua_number_to_int(value)
    if t is bool:
        if resp == 3:
            return value
        return 1 if value else None
    if value is None:
        return None
    if lua_type(value) != "table":
        return None                     # functions, userdata, threads: null, as Redis
    if depth > MAX_DEPTH:
        return RedisError("ERR reached lua stack limit")
    tbl = value
    err = tbl[b"err"]
    if type(err) is bytes:
        if depth == 0 and tbl[STATS_DONE]:
            return CountedError(oneline(err))
        return RedisError(oneline(err))
    ok = tbl[b"ok"]
    if type(ok) is bytes:
        return Status(oneline(ok))
    dbl = tbl[b"double"]
    if type(dbl) in (int, float):
        return float(dbl)
    big = tbl[b"big_number"]
    if type(big) is bytes:
        return _big(big)
    vs = tbl[b"verbatim_string"]
    if vs is not None and lua_type(vs) == "table":
        fmt, s = vs[b"format"], vs[b"string"]
        if type(fmt) is bytes and type(s) is bytes:
            return Verbatim(s.decode("utf-8", "surrogateescape"), fmt.decode("utf-8", "replace"))
    m = tbl[b"map"]
    if m is not None and lua_type(m) == "table":
        return MapReply((lua_to_reply(k, resp, depth + 1), lua_to_reply(v, resp, depth + 1))
                        for k, v in m.items())
    st = tbl[b"set"]
    if st is not None and lua_type(st) == "table":
        return SetReply(lua_to_reply(k, resp, depth + 1) for k in st.keys())
    out = []
    i = 1
    while True:
        v = tbl[i]
        if v is None:
            break
        out.append(lua_to_reply(v, resp, depth + 1))
        i += 1
    return out


def _big(b: bytes):
    try:
        return BigNumber(int(b))
    except ValueError:
        return b          # not a number at all: send the text as a bulk string
